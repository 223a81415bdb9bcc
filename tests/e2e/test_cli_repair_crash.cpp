// Crash consistency of `ccsalvage repair` (issue 8, section 3). The repair of a damaged post
// office is killed with SIGKILL at many points:
//  - just before each of its renames (every output is written to a temporary file and renamed
//    into place by AtomicFile), so after every file it finishes;
//  - in the middle of a write (half its bytes written), at several write calls;
//  - at random times over the length of an uninterrupted run (`timeout -s KILL`).
// The kills at a chosen call are made by the test shim (tests/support/fail_io_shim.cpp,
// CCSALVAGE_FAIL_OP=kill-rename|kill-write), so they land where the test says whatever the
// machine's load. What must hold after each kill:
//  - every file under its final name is whole (equal to the uninterrupted run's); the only
//    other files are temporary ones (".<name>.tmp<pid>-<n>");
//  - summary.json, written last, is there only when every other output is: a folder with it
//    equals the uninterrupted run's;
//  - a folder without it is refused by a rerun (exit 3, a message saying it holds no
//    summary.json), which writes nothing; repair does not resume (docs/reliability.md);
//  - once the leftovers are removed, the rerun's output equals the uninterrupted run's: same
//    files, same hashes, nothing twice.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <string>

#include "test_cli_support.hpp"

namespace ccsalvage::e2e {
namespace {

namespace fs = std::filesystem;

const std::string kPostOffice = "samples/po/structure-faults-small/MUNICH";

class RepairCrash : public ::testing::Test {
  protected:
    void SetUp() override {
        fs::create_directories(base);
        const auto started = std::chrono::steady_clock::now();
        const auto r = run_in_source_dir(command(), true);
        seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        ASSERT_EQ(r.exit_code, 1) << "a damaged post office, repaired\n" << r.out;
        reference = file_hashes(out);
        ASSERT_EQ(reference.count("summary.json"), 1u);
        ASSERT_GT(reference.size(), 10u);
        fs::remove_all(out);
    }
    void TearDown() override { fs::remove_all(base); }

    std::string command() const {
        return "repair " + kPostOffice + " --out '" + out.string() + "'";
    }

    // Checks the folder a killed run left, reruns as documented and compares; returns what
    // the kill left: "nothing", "partial" or "finished".
    std::string check_after_kill(const std::string& where) {
        std::string left_as = "nothing";
        if (fs::exists(out) && !fs::is_empty(out)) {
            const auto left = file_hashes(out);
            std::map<std::string, std::string> final_names;
            for (const auto& [name, hash] : left) {
                if (temporary_name(name)) continue;
                final_names[name] = hash;
                const auto expected = reference.find(name);
                EXPECT_NE(expected, reference.end()) << where << ": unexpected file " << name;
                if (expected != reference.end()) {
                    EXPECT_EQ(hash, expected->second) << where << ": " << name << " is not whole";
                }
            }
            if (final_names.count("summary.json") != 0) {
                left_as = "finished";
                EXPECT_EQ(final_names, reference)
                    << where << ": summary.json is there, so everything must be";
            } else {
                left_as = "partial";
                const auto refused = run_in_source_dir(command(), true);
                EXPECT_EQ(refused.exit_code, 3) << where;
                EXPECT_NE(refused.out.find("holds no summary.json"), std::string::npos)
                    << where << ": " << refused.out;
                EXPECT_EQ(file_hashes(out), left) << where << ": the refusal writes nothing";
            }
        }
        if (left_as != "finished") {
            fs::remove_all(out);  // the leftovers, as the refusal says
            const auto rerun = run_in_source_dir(command(), true);
            EXPECT_EQ(rerun.exit_code, 1) << where << "\n" << rerun.out;
        }
        EXPECT_EQ(file_hashes(out), reference) << where << ": the rerun differs";
        fs::remove_all(out);
        return left_as;
    }

    // Killed by the shim at the `call`th operation `op` (kill-rename, kill-write).
    std::string kill_at(const std::string& op, long call) {
        run_killed_by_shim(out, op, call, command());
        return check_after_kill(op + " " + std::to_string(call));
    }

    fs::path base = fresh_temp_dir(::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::path out = base / "out";
    std::map<std::string, std::string> reference;
    double seconds = 0;
};

TEST_F(RepairCrash, KilledBeforeEveryRename) {
    const InputsUnchanged inputs{fs::path(CCSALVAGE_SAMPLES_DIR) / "po/structure-faults-small"};
    // One rename per output file: killed before the 1st, ..., before the last (summary.json).
    std::map<std::string, int> outcomes;
    for (long call = 1; call <= static_cast<long>(reference.size()); ++call) {
        ++outcomes[kill_at("kill-rename", call)];
    }
    EXPECT_EQ(outcomes["partial"], static_cast<int>(reference.size()))
        << "every kill before a rename leaves an unfinished folder";
}

TEST_F(RepairCrash, KilledInTheMiddleOfAWrite) {
    const InputsUnchanged inputs{fs::path(CCSALVAGE_SAMPLES_DIR) / "po/structure-faults-small"};
    std::map<std::string, int> outcomes;
    for (const long call : {1L, 2L, 3L, 5L, 8L, 13L, 21L, 34L}) {
        ++outcomes[kill_at("kill-write", call)];
    }
    EXPECT_GE(outcomes["partial"], 5) << "torn writes must have been made";
}

TEST_F(RepairCrash, KilledAtRandomTimes) {
    const InputsUnchanged inputs{fs::path(CCSALVAGE_SAMPLES_DIR) / "po/structure-faults-small"};
    for (const double delay : spread_kill_delays(seconds, 8, 20261121)) {
        run_killed_after(delay, command());
        check_after_kill("killed after " + std::to_string(delay) + " s");
    }
}

}  // namespace
}  // namespace ccsalvage::e2e
