// A resumed export's reports: manifest.jsonl and SHA256SUMS are streamed while messages settle
// (src/export/report_files.*), the appended files hashed as they grow. A run killed before
// its end leaves neither report in place, only its temporary file; the rerun writes the
// manifest lines of the earlier run's done records from the journal, hashes the mbox prefix
// it keeps, and ends with the same reports as an uninterrupted run, which sha256sum accepts.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "test_cli_support.hpp"

namespace ccsalvage::e2e {
namespace {

namespace fs = std::filesystem;

const std::string kSources =
    "samples/po/connector-faults-small/SALES1 samples/po/structure-faults-small/MUNICH";

std::string read_all(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

class CliExportResume : public ::testing::Test {
  protected:
    void TearDown() override { fs::remove_all(base); }
    fs::path base = fresh_temp_dir("export-resume");
    InputsUnchanged inputs{fs::path(CCSALVAGE_SAMPLES_DIR) / "po" / "connector-faults-small",
                           fs::path(CCSALVAGE_SAMPLES_DIR) / "po" / "structure-faults-small"};

    RunResult export_mbox(const fs::path& out, const std::string& extra = "") {
        return run_in_source_dir("export " + kSources + " --format mbox --fsync batch " +
                                 "--commit-every 4 -q --out '" + out.string() + "' " + extra);
    }
};

TEST_F(CliExportResume, KilledRunLeavesNoReportsAndTheRerunWritesThoseOfAnUninterruptedOne) {
    const fs::path reference = base / "reference";
    ASSERT_EQ(export_mbox(reference).exit_code, 1);

    const fs::path resumed = base / "resumed";
    // Killed after 9 messages were written: 8 committed in two commits, the ninth not.
    EXPECT_NE(export_mbox(resumed, "--crash-after 9").exit_code, 0);
    EXPECT_FALSE(fs::exists(resumed / "manifest.jsonl"));
    EXPECT_FALSE(fs::exists(resumed / "SHA256SUMS"));
    bool temporary = false;
    for (const auto& entry : fs::directory_iterator(resumed)) {
        if (entry.path().filename().string().starts_with(".manifest.jsonl.tmp")) temporary = true;
    }
    EXPECT_TRUE(temporary) << "the manifest was being streamed";

    ASSERT_EQ(export_mbox(resumed).exit_code, 1);
    for (const char* name : {"manifest.jsonl", "SHA256SUMS", "export.json"}) {
        EXPECT_EQ(read_all(resumed / name), read_all(reference / name)) << name;
    }
    EXPECT_EQ(file_hashes(resumed, {"journal.jsonl"}), file_hashes(reference, {"journal.jsonl"}));
    for (const auto& entry : fs::directory_iterator(resumed)) {
        EXPECT_FALSE(entry.path().filename().string().starts_with("."))
            << entry.path() << " left behind";
    }
    EXPECT_EQ(run_shell("cd '" + resumed.string() + "' && sha256sum --quiet -c SHA256SUMS"), 0);
}

}  // namespace
}  // namespace ccsalvage::e2e
