// Full and failing disks under `repair` and `rescue` (the export has its own tests in
// test_cli_write_failures.cpp). Failures come from the test shim (tests/support/fail_io_shim.cpp,
// LD_PRELOAD into ccsalvage only): write()/pwrite(), fsync() or rename() below the output folder
// fail with ENOSPC or EIO after N bytes or from the Nth call on.
// What must hold: exit code 3 and a message naming a file of the output folder and the cause;
// nothing partial under a final name (every file present equals the one of an undisturbed run);
// no temporary file left; the evidence unchanged. Then:
//  - repair writes only into a new folder, so a rerun into the failed one is refused (it never
//    mixes two runs) and a rerun into a new folder gives the undisturbed result;
//  - rescue resumes: a rerun into the same case folder once space is back gives the undisturbed
//    case folder (times aside) and a SHA256SUMS that holds.
#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "support/test_files.hpp"
#include "test_cli_support.hpp"

namespace ccsalvage::e2e {
namespace {

namespace fs = std::filesystem;

std::string repair_command(const fs::path& out) {
    return "repair " + kQ179072SmallSet + "/SALES1 --out '" + out.string() + "'";
}

std::string rescue_command(const fs::path& case_dir) {
    return "rescue " + kQ179072SmallSet + "/SALES1 --connector " + kQ179072SmallSet +
           "/Ccmcdata --fsync batch --case '" + case_dir.string() + "'";
}

// Files of a case folder that hold times (and SHA256SUMS, which covers them).
const std::initializer_list<std::string_view> kTimed = {"manifest.json", "audit.jsonl",
                                                        "SHA256SUMS"};

std::uintmax_t total_bytes(const fs::path& root) {
    std::uintmax_t total = 0;
    for (const auto& entry : fs::recursive_directory_iterator(root)) {
        if (entry.is_regular_file()) total += entry.file_size();
    }
    return total;
}

class RepairWriteFailures : public ::testing::Test {
  protected:
    void SetUp() override {
        base = fresh_temp_dir(::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::create_directories(base);
    }
    void TearDown() override { fs::remove_all(base); }

    // Runs `command` (made for `out`) with the shim failing as `plan` says below `out`; checks
    // the exit code and the message.
    void expect_failure(const std::string& command, const fs::path& out, const std::string& plan,
                        const std::string& cause) {
        const std::string environment = std::string("LD_PRELOAD='") + CCSALVAGE_FAIL_IO_SHIM +
                                        "' CCSALVAGE_FAIL_UNDER='" + out.string() + "' " + plan;
        const auto r = run_with_environment(environment, command);
        EXPECT_EQ(r.exit_code, 3) << plan << "\n" << r.out;
        EXPECT_NE(r.out.find(out.string() + "/"), std::string::npos)
            << "the message names the file: " << r.out;
        EXPECT_NE(r.out.find(cause), std::string::npos) << r.out;
    }

    // Every file present is whole (equal to the undisturbed run's) and none is a temporary.
    // An mbox file is appended to, not renamed into place: past the length its journal
    // committed it may hold a torn message, which the resumed export cuts off (checked by the
    // rerun); it is whole only at the end.
    static void expect_nothing_partial(const fs::path& out,
                                       const std::map<std::string, std::string>& reference,
                                       std::initializer_list<std::string_view> except = {}) {
        for (const auto& [name, hash] : file_hashes(out, except)) {
            EXPECT_EQ(name.find(".tmp"), std::string::npos) << "temporary file left: " << name;
            if (name.ends_with(".mbox")) continue;
            const auto expected = reference.find(name);
            EXPECT_NE(expected, reference.end()) << "unexpected file " << name;
            if (expected != reference.end()) {
                EXPECT_EQ(hash, expected->second) << name;
            }
        }
    }

    fs::path base;
};

class RepairFails : public RepairWriteFailures,
                    public ::testing::WithParamInterface<std::pair<const char*, const char*>> {};

TEST_P(RepairFails, NothingPartialAndTheFolderIsNotReused) {
    const InputsUnchanged inputs{fs::path(CCSALVAGE_SAMPLES_DIR) / "po/q179072-small"};
    const auto reference_dir = base / "reference";
    ASSERT_EQ(run_in_source_dir(repair_command(reference_dir)).exit_code, 1);
    // summary.json names the output folder; it is compared without that below.
    const auto reference = file_hashes(reference_dir, {"summary.json"});
    ASSERT_GE(reference.size(), 5u);  // the post office files, the logs, the quarantine

    std::string plan = GetParam().first;
    if (plan == "half") {
        plan = "CCSALVAGE_FAIL_OP=write CCSALVAGE_FAIL_ERRNO=ENOSPC CCSALVAGE_FAIL_AFTER_BYTES=" +
               std::to_string(total_bytes(reference_dir) / 2);
    }
    const auto out = base / "out";
    expect_failure(repair_command(out), out, plan, GetParam().second);
    expect_nothing_partial(out, reference, {"summary.json"});

    // The failed folder is not reused (repair writes only into a new folder) ...
    const auto again = run_in_source_dir(repair_command(out), true);
    EXPECT_NE(again.exit_code, 0);
    EXPECT_NE(again.exit_code, 1);
    EXPECT_NE(again.out.find("not empty"), std::string::npos) << again.out;
    expect_nothing_partial(out, reference, {"summary.json"});
    // ... and a new one gets the undisturbed result.
    const auto fresh = base / "fresh";
    EXPECT_EQ(run_in_source_dir(repair_command(fresh)).exit_code, 1);
    EXPECT_EQ(file_hashes(fresh, {"summary.json"}), reference);
    const auto summary = [](const fs::path& dir) {
        auto j =
            nlohmann::json::parse(ccsalvage::testing::read_file((dir / "summary.json").string()));
        j.erase("out");
        return j;
    };
    EXPECT_EQ(summary(fresh), summary(reference_dir));
}

INSTANTIATE_TEST_SUITE_P(
    Plans, RepairFails,
    ::testing::Values(
        std::pair{"half", "No space left on device"},
        std::pair{"CCSALVAGE_FAIL_OP=write CCSALVAGE_FAIL_ERRNO=EIO CCSALVAGE_FAIL_ON_CALL=1",
                  "Input/output error"},
        std::pair{"CCSALVAGE_FAIL_OP=fsync CCSALVAGE_FAIL_ERRNO=EIO CCSALVAGE_FAIL_ON_CALL=3",
                  "Input/output error"},
        std::pair{"CCSALVAGE_FAIL_OP=rename CCSALVAGE_FAIL_ERRNO=ENOSPC CCSALVAGE_FAIL_ON_CALL=2",
                  "No space left on device"}),
    [](const auto& test_info) {
        return std::string(test_info.index == 0   ? "DiskFullHalfway"
                           : test_info.index == 1 ? "IoErrorOnTheFirstWrite"
                           : test_info.index == 2 ? "FlushFailsOnTheThirdFile"
                                                  : "RenameFailsOnTheSecondFile");
    });

TEST_F(RepairWriteFailures, RescueHalfwayOnAFullDiskResumesToTheUndisturbedCaseFolder) {
    const InputsUnchanged inputs{fs::path(CCSALVAGE_SAMPLES_DIR) / "po/q179072-small"};
    // Both case folders are made at the same path (the export names its source, which lies in
    // the case folder): the reference is moved aside first.
    const auto case_dir = base / "case";
    const auto reference_dir = base / "reference";
    ASSERT_EQ(run_in_source_dir(rescue_command(case_dir)).exit_code, 1);
    fs::rename(case_dir, reference_dir);
    const auto reference = file_hashes(reference_dir, kTimed);
    ASSERT_GE(reference.size(), 15u);

    for (const std::uintmax_t fraction : {4U, 2U}) {
        SCOPED_TRACE("full after 1/" + std::to_string(fraction) + " of the bytes");
        fs::remove_all(case_dir);
        expect_failure(rescue_command(case_dir), case_dir,
                       "CCSALVAGE_FAIL_OP=write CCSALVAGE_FAIL_ERRNO=ENOSPC "
                       "CCSALVAGE_FAIL_AFTER_BYTES=" +
                           std::to_string(total_bytes(reference_dir) / fraction),
                       "No space left on device");
        // The journal of the export and the stages' records may hold a torn line or an
        // unfinished export; what is under a final name elsewhere is whole.
        expect_nothing_partial(
            case_dir, reference,
            {"manifest.json", "audit.jsonl", "SHA256SUMS", "export/mbox/journal.jsonl"});
        // Space is back: the same command finishes the case folder.
        const auto rerun = run_in_source_dir(rescue_command(case_dir));
        EXPECT_EQ(rerun.exit_code, 1) << rerun.out;
        auto finished = file_hashes(case_dir, kTimed);
        auto expected = reference;
        // The export's journal records the interruption itself (a second run record).
        finished.erase("export/mbox/journal.jsonl");
        expected.erase("export/mbox/journal.jsonl");
        EXPECT_EQ(finished, expected);
        EXPECT_EQ(run_shell("cd '" + case_dir.string() + "' && sha256sum --quiet -c SHA256SUMS"),
                  0);
    }
}

}  // namespace
}  // namespace ccsalvage::e2e
