// End-to-end tests of `ccsalvage batch`: one case folder per manifest line, run in parallel,
// and a summary whose exit codes are those of the single rescues.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "e2e/test_cli_support.hpp"

namespace ccsalvage::e2e {
namespace {

namespace fs = std::filesystem;

TEST(Batch, OneCaseFolderPerPostOfficeAndASummary) {
    const auto work = fresh_temp_dir("batch");
    fs::create_directories(work);
    const std::string po = std::string(CCSALVAGE_SAMPLES_DIR) + "/po/";
    const auto before = hash_tree(po);
    {
        std::ofstream m(work / "manifest.jsonl");
        m << "# post offices of the test\n"
          << nlohmann::json{{"post_office", po + "q179072-small/SALES1"},
                            {"connector", po + "q179072-small/Ccmcdata"},
                            {"case", "cases/q179072"}}
                 .dump()
          << "\n\n"
          << nlohmann::json{{"post_office", po + "clean-small/SALES1"}, {"case", "cases/clean"}}
                 .dump()
          << "\n"
          << nlohmann::json{{"post_office", po + "q223772-loop-small/HUBPO2"},
                            {"connector", po + "q223772-loop-small/Ccmcdata"},
                            {"case", "cases/loop"}}
                 .dump()
          << "\n";
    }
    const auto run = run_in_source_dir("batch '" + (work / "manifest.jsonl").string() +
                                       "' --jobs 2 --out '" + (work / "summary").string() + "'");
    EXPECT_EQ(run.exit_code, 1);
    EXPECT_EQ(hash_tree(po), before);
    std::ifstream in(work / "summary" / "batch-summary.json");
    const auto summary = nlohmann::json::parse(in);
    ASSERT_EQ(summary["post_offices"].size(), 3u);
    EXPECT_EQ(summary["post_offices"][0]["exit_code"], 1);
    EXPECT_EQ(summary["post_offices"][0]["verdict"]["level"], "damaged");
    EXPECT_EQ(summary["post_offices"][1]["exit_code"], 0);
    EXPECT_EQ(summary["post_offices"][1]["verdict"]["level"], "clean");
    EXPECT_EQ(summary["post_offices"][2]["case"], (work / "cases" / "loop").string());
    for (const char* c : {"q179072", "clean", "loop"}) {
        EXPECT_EQ(run_shell("cd '" + (work / "cases" / c).string() +
                            "' && sha256sum --quiet -c SHA256SUMS"),
                  0)
            << c;
    }
    EXPECT_TRUE(fs::is_regular_file(work / "summary" / "batch-summary.md"));
    fs::remove_all(work);
}

TEST(Batch, PassesFsyncToEveryRescueAndSharesTheCoresOut) {
    const auto work = fresh_temp_dir("batch-fsync");
    fs::create_directories(work);
    const std::string po = std::string(CCSALVAGE_SAMPLES_DIR) + "/po/";
    const InputsUnchanged unchanged{po};
    std::ofstream(work / "manifest.jsonl")
        << nlohmann::json{{"post_office", po + "clean-small/SALES1"}, {"case", "cases/clean"}}
               .dump()
        << "\n";
    const auto run =
        run_in_source_dir("batch '" + (work / "manifest.jsonl").string() +
                          "' --jobs 1 --fsync batch --out '" + (work / "summary").string() + "'");
    EXPECT_EQ(run.exit_code, 0);
    std::ifstream in(work / "summary" / "batch-summary.json");
    const auto summary = nlohmann::json::parse(in);
    EXPECT_EQ(summary["fsync"], "batch");
    EXPECT_GE(summary["threads_per_rescue"].get<unsigned>(), 1u);  // the cores, one rescue
    std::ifstream m(work / "cases" / "clean" / "manifest.json");
    EXPECT_EQ(nlohmann::json::parse(m)["options"]["fsync"], "batch");
    fs::remove_all(work);
}

TEST(Batch, RejectsABadManifestBeforeRunningAnything) {
    const auto work = fresh_temp_dir("batch-bad");
    fs::create_directories(work);
    std::ofstream(work / "m.jsonl") << "{\"post_office\": \"a\", \"case\": \"c\"}\n"
                                    << "{\"post_office\": \"b\", \"case\": \"c\"}\n";
    EXPECT_EQ(run_in_source_dir("batch '" + (work / "m.jsonl").string() + "' --out '" +
                                (work / "s").string() + "'")
                  .exit_code,
              2);
    std::ofstream(work / "n.jsonl") << "not json\n";
    EXPECT_EQ(run_in_source_dir("batch '" + (work / "n.jsonl").string() + "' --out '" +
                                (work / "s").string() + "'")
                  .exit_code,
              2);
    EXPECT_FALSE(fs::exists(work / "s"));
    EXPECT_FALSE(fs::exists(work / "c"));
    fs::remove_all(work);
}

}  // namespace
}  // namespace ccsalvage::e2e
