// `ccsalvage inspect` end to end: exit codes, golden JSON for every sample, evidence untouched.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "test_cli_support.hpp"

namespace ccsalvage::e2e {
namespace {

const char* const kSamples[] = {"clean-itemsize", "clean-nosize", "damaged"};

std::string golden_path(const std::string& sample) {
    return std::string(CCSALVAGE_GOLDEN_DIR) + "/ccm/" + sample + ".inspect.json";
}

TEST(CliInspect, VersionAndHelp) {
    const auto version = run_in_source_dir("--version");
    EXPECT_EQ(version.exit_code, 0);
    EXPECT_NE(version.out.find("ccsalvage 0."), std::string::npos);
    EXPECT_EQ(run_in_source_dir("--help").exit_code, 0);
    EXPECT_EQ(run_in_source_dir("inspect --help").exit_code, 0);
}

TEST(CliInspect, UsageErrorsExitWithTwo) {
    EXPECT_EQ(run_in_source_dir("").exit_code, 2);
    EXPECT_EQ(run_in_source_dir("no-such-command").exit_code, 2);
    EXPECT_EQ(run_in_source_dir("inspect").exit_code, 2);
    EXPECT_EQ(run_in_source_dir("inspect --code-page 65001 samples/ccm/damaged.ccm").exit_code, 2);
}

TEST(CliInspect, ExitCodesFollowWhatWasFound) {
    EXPECT_EQ(run_in_source_dir("inspect samples/ccm/clean-itemsize.ccm").exit_code, 0);
    EXPECT_EQ(run_in_source_dir("inspect samples/ccm/clean-nosize.ccm").exit_code, 0);
    EXPECT_EQ(run_in_source_dir("inspect samples/ccm/damaged.ccm").exit_code, 1);
    EXPECT_EQ(run_in_source_dir("inspect samples/ccm/missing.ccm").exit_code, 3);
    // A missing file does not stop the others from being read.
    const auto mixed =
        run_in_source_dir("inspect --json samples/ccm/missing.ccm samples/ccm/clean-nosize.ccm");
    EXPECT_EQ(mixed.exit_code, 3);
    const auto json = nlohmann::json::parse(mixed.out);
    EXPECT_EQ(json["totals"]["messages"], 2);
}

TEST(CliInspect, TextOutputNamesFileAndOffset) {
    const auto r = run_in_source_dir("inspect samples/ccm/damaged.ccm");
    EXPECT_NE(r.out.find("samples/ccm/damaged.ccm:798 (0x31e) CCM-007 error"), std::string::npos)
        << r.out;
    EXPECT_NE(r.out.find("4 message(s) (1 partial)"), std::string::npos) << r.out;
}

TEST(CliInspect, JsonMatchesGoldenFiles) {
    const bool update = std::getenv("CCSALVAGE_UPDATE_GOLDEN") != nullptr;
    for (const std::string sample : kSamples) {
        SCOPED_TRACE(sample);
        const auto r = run_in_source_dir("inspect --json samples/ccm/" + sample + ".ccm");
        auto actual = nlohmann::json::parse(r.out);
        actual.erase("tool");  // the build identity changes with every commit
        if (update) {
            std::filesystem::create_directories(
                std::filesystem::path(golden_path(sample)).parent_path());
            std::ofstream(golden_path(sample)) << actual.dump(2) << "\n";
        }
        std::ifstream in(golden_path(sample));
        ASSERT_TRUE(in) << "missing golden file; run with CCSALVAGE_UPDATE_GOLDEN=1 and review it";
        const auto expected = nlohmann::json::parse(in);
        EXPECT_EQ(actual, expected) << "differences:\n"
                                    << nlohmann::json::diff(expected, actual).dump(2);
    }
}

TEST(CliInspect, EvidenceIsNeverModified) {
    const auto samples = std::filesystem::path(CCSALVAGE_SAMPLES_DIR);
    const auto before = hash_tree(samples);
    for (const std::string sample : kSamples) {
        run_in_source_dir("inspect samples/ccm/" + sample + ".ccm");
        run_in_source_dir("inspect --json samples/ccm/" + sample + ".ccm");
    }
    EXPECT_EQ(hash_tree(samples), before);
}

}  // namespace
}  // namespace ccsalvage::e2e
