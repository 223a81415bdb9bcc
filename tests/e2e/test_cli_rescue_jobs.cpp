// End-to-end tests of `rescue --jobs N` and `--fsync`: on every sample set a run on two threads
// writes the same case folder as a run on one (every file byte for byte; in the manifest and
// the audit trail everything but the times), a stage that fails beside others leaves their
// audit records and exits as on one thread, and --fsync batch is recorded.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "e2e/test_cli_support.hpp"

namespace ccsalvage::e2e {
namespace {

namespace fs = std::filesystem;

std::string rescue_args(const std::string& set, const fs::path& case_dir) {
    return "rescue samples/po/" + set + "/SALES1 --connector samples/po/" + set +
           "/Ccmcdata --case '" + case_dir.string() + "'";
}

// A manifest or audit line without what is a time by nature: "time", "started", "ended", and
// the hash and size of manifest.json in the audit trail (the manifest holds the times).
nlohmann::json without_times(nlohmann::json j) {
    if (j.is_object()) {
        for (const char* key : {"time", "started", "ended"}) j.erase(key);
        if (j.value("path", "") == "manifest.json") {
            j.erase("sha256");
            j.erase("size");
        }
        for (auto& [key, value] : j.items()) value = without_times(value);
    } else if (j.is_array()) {
        for (auto& value : j) value = without_times(value);
    }
    return j;
}

std::vector<nlohmann::json> audit_of(const fs::path& case_dir) {
    std::istringstream in(read_text(case_dir / "audit.jsonl"));
    std::vector<nlohmann::json> out;
    std::string line;
    while (std::getline(in, line)) out.push_back(nlohmann::json::parse(line));
    return out;
}

class RescueJobsSamples : public ::testing::TestWithParam<const char*> {};

TEST_P(RescueJobsSamples, TwoThreadsWriteTheSameCaseFolderAsOne) {
    const std::string set = GetParam();
    const InputsUnchanged unchanged{fs::path(CCSALVAGE_SAMPLES_DIR) / "po" / set};
    // Both runs write into the same path (the export names its source, which lies in the case
    // folder), the first one moved aside before the second.
    const auto dir = fresh_temp_dir("rescue-jobs-" + set);
    const auto one = fresh_temp_dir("rescue-jobs-one-" + set);
    const auto first = run_in_source_dir(rescue_args(set, dir) + " --jobs 1");
    fs::rename(dir, one);
    const auto second = run_in_source_dir(rescue_args(set, dir) + " --jobs 2");
    EXPECT_EQ(first.exit_code, second.exit_code);
    EXPECT_EQ(first.out, second.out);

    const auto files_one = file_hashes(one, {});
    const auto files_two = file_hashes(dir, {});
    std::set<std::string> names_one, names_two;
    for (const auto& [name, hash] : files_one) names_one.insert(name);
    for (const auto& [name, hash] : files_two) names_two.insert(name);
    ASSERT_EQ(names_one, names_two);
    EXPECT_GE(names_one.size(), 15u);  // reports, stage results, repair and export files
    for (const auto& [name, hash] : files_one) {
        if (name == "manifest.json" || name == "audit.jsonl" || name == "SHA256SUMS") continue;
        EXPECT_EQ(hash, files_two.at(name)) << name;
    }
    EXPECT_EQ(without_times(nlohmann::json::parse(read_text(one / "manifest.json"))),
              without_times(nlohmann::json::parse(read_text(dir / "manifest.json"))));
    const auto audit_one = audit_of(one), audit_two = audit_of(dir);
    ASSERT_EQ(audit_one.size(), audit_two.size());
    for (std::size_t i = 0; i < audit_one.size(); ++i) {
        EXPECT_EQ(without_times(audit_one[i]), without_times(audit_two[i])) << i;
    }
    // SHA256SUMS differs only through the two files that hold times, and holds.
    EXPECT_EQ(run_shell("cd '" + dir.string() + "' && sha256sum --quiet -c SHA256SUMS"), 0);
    fs::remove_all(one);
    fs::remove_all(dir);
}

INSTANTIATE_TEST_SUITE_P(Sets, RescueJobsSamples,
                         ::testing::Values("clean-small", "q179072-small", "q223772-loop-small",
                                           "connector-faults-small", "structure-faults-small"),
                         [](const auto& test_info) {
                             std::string name = test_info.param;
                             for (auto& c : name) c = c == '-' ? '_' : c;
                             return name;
                         });

// Stage names of the stage events of an audit trail, in order, as "event:stage".
std::vector<std::string> stage_events(const std::vector<nlohmann::json>& audit) {
    std::vector<std::string> out;
    for (const auto& e : audit) {
        const auto event = e["event"].get<std::string>();
        if (event.starts_with("stage.")) out.push_back(event + ":" + e["stage"].get<std::string>());
    }
    return out;
}

TEST(RescueJobs, AStageThatFailsBesideOthersLeavesTheirAuditTrailAndExitsAsOnOneThread) {
    const std::string set = "q179072-small";
    const InputsUnchanged unchanged{fs::path(CCSALVAGE_SAMPLES_DIR) / "po" / set};
    // Every write below CASE/export fails (a full disk there): the export stage fails while,
    // on two threads, the ledger stage runs beside it.
    std::map<unsigned, std::vector<nlohmann::json>> audits;
    std::map<unsigned, int> exits;
    for (const unsigned jobs : {1U, 2U}) {
        const auto dir = fresh_temp_dir("rescue-jobs-fail-" + std::to_string(jobs));
        const auto run = run_with_environment(
            std::string("LD_PRELOAD='") + CCSALVAGE_FAIL_IO_SHIM + "' CCSALVAGE_FAIL_UNDER='" +
                (fs::absolute(dir) / "export").string() + "'",
            rescue_args(set, dir) + " --jobs " + std::to_string(jobs));
        exits[jobs] = run.exit_code;
        EXPECT_NE(run.out.find("export"), std::string::npos) << run.out;  // names the path
        audits[jobs] = audit_of(dir);
        fs::remove_all(dir);
    }
    EXPECT_EQ(exits[1], 3) << "an output could not be written";
    EXPECT_EQ(exits[2], exits[1]);
    for (const unsigned jobs : {1U, 2U}) {
        const auto& audit = audits[jobs];
        for (std::size_t i = 0; i < audit.size(); ++i) EXPECT_EQ(audit[i]["seq"], i + 1);
        // Every stage that started has finished or failed, right after its own records: one
        // stage's block at a time, in stage order.
        const auto events = stage_events(audit);
        std::set<std::string> failed;
        for (std::size_t i = 0; i < events.size(); ++i) {
            if (!events[i].starts_with("stage.started:")) continue;
            const auto stage = events[i].substr(events[i].find(':') + 1);
            ASSERT_LT(i + 1, events.size()) << jobs;
            EXPECT_TRUE(events[i + 1] == "stage.finished:" + stage ||
                        events[i + 1] == "stage.failed:" + stage)
                << jobs << " " << events[i + 1];
            if (events[i + 1] == "stage.failed:" + stage) failed.insert(stage);
        }
        EXPECT_EQ(failed, (std::set<std::string>{"export"})) << jobs;
        // The stages before the export in stage order that it does not wait for (ledger,
        // knowledge-base) ran on one thread; on two, the ledger ran beside the export and its
        // records are there.
        bool ledger = false;
        for (const auto& e : events) ledger = ledger || e == "stage.finished:ledger";
        EXPECT_TRUE(ledger) << jobs;
        for (const auto& e : audit) {
            if (e["event"] == "stage.failed") {
                EXPECT_NE(e["error"].get<std::string>().find("export"), std::string::npos);
            }
        }
        // No manifest of a finished run: the next run into the folder redoes what failed.
        EXPECT_NE(audit.back()["event"], "sums.writing") << jobs;
    }
}

TEST(RescueJobs, FsyncBatchIsRecordedInTheManifestAndTheReport) {
    const std::string set = "q179072-small";
    const InputsUnchanged unchanged{fs::path(CCSALVAGE_SAMPLES_DIR) / "po" / set};
    const auto dir = fresh_temp_dir("rescue-fsync-batch");
    const auto run = run_in_source_dir(rescue_args(set, dir) + " --fsync batch --jobs 2");
    EXPECT_EQ(run.exit_code, 1) << run.out;
    EXPECT_EQ(run_shell("cd '" + dir.string() + "' && sha256sum --quiet -c SHA256SUMS"), 0);
    const auto manifest = nlohmann::json::parse(read_text(dir / "manifest.json"));
    EXPECT_EQ(manifest["options"]["fsync"], "batch");
    EXPECT_NE(manifest["command_line"].get<std::string>().find(" --fsync batch"),
              std::string::npos);
    // --jobs changes no output, so it is not part of the recorded command line.
    EXPECT_EQ(manifest["command_line"].get<std::string>().find("--jobs"), std::string::npos);
    const auto report = nlohmann::json::parse(read_text(dir / "report.json"));
    bool stated = false;
    for (const auto& limit : report["limits"]) {
        stated = stated || limit.get<std::string>().starts_with("written with --fsync batch");
    }
    EXPECT_TRUE(stated);
    EXPECT_NE(read_text(dir / "report.md").find("--fsync batch"), std::string::npos);
    const auto safe = fresh_temp_dir("rescue-fsync-safe");
    ASSERT_EQ(run_in_source_dir(rescue_args(set, safe)).exit_code, 1);
    EXPECT_EQ(nlohmann::json::parse(read_text(safe / "manifest.json"))["options"]["fsync"], "safe");
    EXPECT_EQ(read_text(safe / "report.md").find("--fsync batch"), std::string::npos);
    fs::remove_all(dir);
    fs::remove_all(safe);
}

}  // namespace
}  // namespace ccsalvage::e2e
