// The export's scratch file (core/scratch.hpp) when the output folder's file system will not
// give it space (the test shim makes posix_fallocate fail below the output folder, as a full
// disk or a file system without fallocate would): when the first reservation fails the export
// keeps its working state in memory, says so, and writes what it writes otherwise; when a later
// one fails (the disk filled up while the post office was read) the run ends as on any failed
// output write: exit code 3, the scratch file and the cause named, not recorded as finished,
// and the same command finishes it; never a crash.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "support/test_files.hpp"
#include "test_cli_support.hpp"

namespace ccsalvage::e2e {
namespace {

namespace fs = std::filesystem;

const std::string kSource = "samples/po/q179072-small/SALES1";

std::string mbox_export_command(const fs::path& out) {
    return "export " + kSource +
           " --format mbox --fsync batch --scratch-minimum 0 --scratch-from 0 --out '" +
           out.string() + "'";
}

std::string with_fallocate_failing(const fs::path& out, int on_call) {
    return std::string("LD_PRELOAD='") + CCSALVAGE_FAIL_IO_SHIM + "' CCSALVAGE_FAIL_UNDER='" +
           out.string() +
           "' CCSALVAGE_FAIL_OP=fallocate CCSALVAGE_FAIL_ON_CALL=" + std::to_string(on_call);
}

class ExportScratch : public ::testing::Test {
  protected:
    void SetUp() override {
        base = fresh_temp_dir(::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::create_directories(base);
    }
    void TearDown() override { fs::remove_all(base); }
    fs::path base;
};

TEST_F(ExportScratch, WithoutSpaceForItTheStateStaysInMemoryAndTheOutputIsTheSame) {
    const auto reference = base / "reference";
    const auto r = run_in_source_dir(mbox_export_command(reference));
    ASSERT_EQ(r.exit_code, 1) << r.out;
    EXPECT_EQ(r.out.find("kept in memory"), std::string::npos) << r.out;

    const auto out = base / "out";
    const auto failed =
        run_with_environment(with_fallocate_failing(out, 1), mbox_export_command(out));
    EXPECT_EQ(failed.exit_code, 1) << failed.out;
    EXPECT_NE(failed.out.find("working state was kept in memory"), std::string::npos) << failed.out;
    EXPECT_NE(failed.out.find("cannot reserve space"), std::string::npos) << failed.out;
    // export.json names its folder's arguments, which differ only in --out.
    EXPECT_EQ(file_hashes(out, {"export.json", "SHA256SUMS", "journal.jsonl"}),
              file_hashes(reference, {"export.json", "SHA256SUMS", "journal.jsonl"}));
}

TEST_F(ExportScratch, ADiskThatFillsWhileReadingEndsTheRunAndTheSameCommandFinishesIt) {
    const InputsUnchanged inputs{fs::path(CCSALVAGE_SAMPLES_DIR) / "po/q179072-small"};
    const auto reference = base / "reference";
    ASSERT_EQ(run_in_source_dir(mbox_export_command(reference)).exit_code, 1);
    const auto out = base / "out";
    // The first reservation is the space's probe; the third is one of the census's arrays.
    const auto r = run_with_environment(with_fallocate_failing(out, 3), mbox_export_command(out));
    EXPECT_EQ(r.exit_code, 3) << r.out;
    EXPECT_NE(r.out.find("scratch file in " + out.string() + ": cannot reserve"), std::string::npos)
        << r.out;
    EXPECT_NE(r.out.find("No space left on device"), std::string::npos) << r.out;
    // A failure of the output's disk, not of the source: not recorded as finished ...
    EXPECT_FALSE(fs::exists(out / "export.json"));
    EXPECT_EQ(ccsalvage::testing::read_file((out / "journal.jsonl").string()).find("\"finished\""),
              std::string::npos);
    // ... and the same command, with space again, finishes it as an undisturbed run would.
    const auto again = run_in_source_dir(mbox_export_command(out));
    EXPECT_EQ(again.exit_code, 1) << again.out;
    EXPECT_EQ(file_hashes(out, {"export.json", "SHA256SUMS", "journal.jsonl"}),
              file_hashes(reference, {"export.json", "SHA256SUMS", "journal.jsonl"}));
}

}  // namespace
}  // namespace ccsalvage::e2e
