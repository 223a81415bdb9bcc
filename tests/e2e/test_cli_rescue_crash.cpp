// Crash consistency of `ccsalvage rescue`: the rescue of a damaged post office with its connector
// folder is killed with SIGKILL
//  - just before some of its renames (the case folder's files are written to a temporary file
//    and renamed into place; the export stage's messages too),
//  - in the middle of some writes (half the bytes written; the export's journal and mbox files
//    are appended to),
//  - at random times over the length of an uninterrupted run (`timeout -s KILL`),
// by the test shim (tests/support/fail_io_shim.cpp, CCSALVAGE_FAIL_OP=kill-rename|kill-write) or
// by `run_killed_after`. What must hold after each kill:
//  - every file under its final name is whole (equal to the uninterrupted run's), except the
//    files appended to (the export's journal.jsonl and mbox files, the audit trail) and those
//    that hold times (manifest.json, audit.jsonl, SHA256SUMS);
//  - the same command again resumes into the same case folder (docs/case-folder.md) and gives
//    the uninterrupted run's case folder, those files excepted, with a SHA256SUMS that holds
//    and an audit trail numbered without gaps.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "support/test_files.hpp"
#include "test_cli_support.hpp"

namespace ccsalvage::e2e {
namespace {

namespace fs = std::filesystem;

// Files that differ between runs by nature (times) or by how the run went (appended to).
bool differs_by_nature(const std::string& name) {
    return name == "manifest.json" || name == "audit.jsonl" || name == "SHA256SUMS" ||
           name.ends_with("journal.jsonl");
}

class RescueCrash : public ::testing::Test {
  protected:
    void SetUp() override {
        fs::create_directories(base);
        const auto started = std::chrono::steady_clock::now();
        const auto r = run_in_source_dir(command(), true);
        seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        ASSERT_EQ(r.exit_code, 1) << "a damaged post office, rescued\n" << r.out;
        reference = comparable(case_dir);
        ASSERT_GT(reference.size(), 15u);
        fs::remove_all(case_dir);
    }
    void TearDown() override { fs::remove_all(base); }

    std::string command() const {
        return "rescue " + kQ179072SmallSet + "/SALES1 --connector " + kQ179072SmallSet +
               "/Ccmcdata --jobs 1 --fsync batch --case '" + case_dir.string() + "'";
    }

    static std::map<std::string, std::string> comparable(const fs::path& dir) {
        std::map<std::string, std::string> out;
        for (const auto& [name, hash] : file_hashes(dir)) {
            if (!differs_by_nature(name)) out[name] = hash;
        }
        return out;
    }

    // Checks what a killed run left, runs the command again and compares.
    void check_after_kill(const std::string& where) {
        if (fs::exists(case_dir)) {
            for (const auto& [name, hash] : file_hashes(case_dir)) {
                if (temporary_name(name) || differs_by_nature(name) || name.ends_with(".mbox")) {
                    continue;
                }
                const auto expected = reference.find(name);
                EXPECT_NE(expected, reference.end()) << where << ": unexpected file " << name;
                if (expected != reference.end()) {
                    EXPECT_EQ(hash, expected->second) << where << ": " << name << " is not whole";
                }
            }
        }
        const auto rerun = run_in_source_dir(command(), true);
        EXPECT_EQ(rerun.exit_code, 1) << where << "\n" << rerun.out;
        EXPECT_EQ(comparable(case_dir), reference) << where << ": the resumed case folder differs";
        EXPECT_EQ(run_shell("cd '" + case_dir.string() + "' && sha256sum --quiet -c SHA256SUMS"), 0)
            << where;
        // The audit trail of every run into the folder: each record's seq is its line number;
        // a line torn by the kill is kept (ended by the next run) and only it fails to parse.
        std::istringstream audit(
            ccsalvage::testing::read_file((case_dir / "audit.jsonl").string()));
        std::string line;
        std::uint64_t number = 0, torn = 0;
        while (std::getline(audit, line)) {
            ++number;
            const auto record = nlohmann::json::parse(line, nullptr, false);
            if (record.is_discarded()) {
                ++torn;
                continue;
            }
            EXPECT_EQ(record.value("seq", std::uint64_t{0}), number) << where << ": " << line;
        }
        EXPECT_LE(torn, 1u) << where;
        fs::remove_all(case_dir);
    }

    void kill_at(const std::string& op, long call) {
        run_killed_by_shim(case_dir, op, call, command());
        check_after_kill(op + " " + std::to_string(call));
    }

    fs::path base = fresh_temp_dir(::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::path case_dir = base / "case";
    std::map<std::string, std::string> reference;
    double seconds = 0;
};

TEST_F(RescueCrash, KilledBeforeARename) {
    const InputsUnchanged inputs{fs::path(CCSALVAGE_SAMPLES_DIR) / "po/q179072-small"};
    for (const long call : {1L, 2L, 4L, 8L, 16L, 32L, 64L}) kill_at("kill-rename", call);
}

TEST_F(RescueCrash, KilledInTheMiddleOfAWrite) {
    const InputsUnchanged inputs{fs::path(CCSALVAGE_SAMPLES_DIR) / "po/q179072-small"};
    for (const long call : {1L, 5L, 25L, 125L}) kill_at("kill-write", call);
}

TEST_F(RescueCrash, KilledAtRandomTimes) {
    const InputsUnchanged inputs{fs::path(CCSALVAGE_SAMPLES_DIR) / "po/q179072-small"};
    for (const double delay : spread_kill_delays(seconds, 5, 20261122)) {
        run_killed_after(delay, command());
        check_after_kill("killed after " + std::to_string(delay) + " s");
    }
}

}  // namespace
}  // namespace ccsalvage::e2e
