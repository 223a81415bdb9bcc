// `ccsalvage export` into Maildir, mbox, EML and .ccm batches from generated post offices:
// read back by Python's mail parser and by Dovecot over IMAP, item bytes against the
// generator's ground truth, and exactly once across runs killed at many points.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <random>

#include "test_cli_support.hpp"

namespace ccsalvage::e2e {
namespace {

namespace fs = std::filesystem;

const std::string kTargetSources =
    "samples/po/clean-small/SALES1 samples/po/clean-small/MUNICH "
    "samples/po/connector-faults-small/SALES1 "
    "samples/po/structure-faults-small/MUNICH "
    "samples/po/q179072-small/SALES1 samples/ccm/damaged.ccm";

const std::string kE2e = std::string(CCSALVAGE_SOURCE_DIR) + "/tests/e2e/";

// The output tree without the journal (which records the interruptions themselves).
std::string hash_output(const fs::path& root) {
    const fs::path copy = root.string() + ".nojournal";
    fs::remove_all(copy);
    fs::copy(root, copy, fs::copy_options::recursive);
    fs::remove(copy / "journal.jsonl");
    const auto hash = hash_tree(copy);
    fs::remove_all(copy);
    return hash;
}

nlohmann::json totals_of(const std::string& json_line) {
    return nlohmann::json::parse(json_line, nullptr, false)["totals"];
}

class CliExportTargets : public ::testing::Test {
  protected:
    void TearDown() override { fs::remove_all(out); }
    fs::path out = fresh_temp_dir(::testing::UnitTest::GetInstance()->current_test_info()->name());

    RunResult export_to(const std::string& format, const fs::path& where,
                        const std::string& extra = "") {
        return run_in_source_dir("export " + kTargetSources + " --format " + format + " --out '" +
                                 where.string() + "' --json -q " + extra);
    }
};

TEST_F(CliExportTargets, EveryFormatParsesAndCarriesTheGroundTruthBytes) {
    if (!python_available()) GTEST_SKIP() << "python3 not installed";
    const auto before = hash_tree(CCSALVAGE_SAMPLES_DIR);
    for (const std::string format : {"maildir", "mbox", "eml", "ccm"}) {
        const fs::path dir = out / format;
        const auto r = export_to(format, dir);
        EXPECT_EQ(r.exit_code, 1) << format << ": damaged sets make it 'with problems'\n" << r.out;
        const auto totals = totals_of(r.out);
        EXPECT_GT(totals["exported"].get<int>(), 0) << format;
        EXPECT_GT(totals["quarantined"].get<int>(), 0) << format << ": damaged records listed";
        EXPECT_EQ(run_shell("cd '" + dir.string() + "' && sha256sum --quiet -c SHA256SUMS"), 0)
            << format;
        if (format != "ccm") {
            EXPECT_EQ(
                run_shell("python3 '" + kE2e + "check_eml.py' '" + dir.string() + "' >/dev/null"),
                0)
                << format;
        }
        if (format == "maildir" || format == "eml") {
            EXPECT_EQ(run_shell("python3 '" + kE2e + "compare_ground_truth.py' '" + dir.string() +
                                "' '" CCSALVAGE_SOURCE_DIR "'/samples/po/*/ground-truth.json"),
                      0)
                << format;
        }
    }
    EXPECT_EQ(hash_tree(CCSALVAGE_SAMPLES_DIR), before) << "evidence must not change";
}

TEST_F(CliExportTargets, CcmBatchesReadBackWithTheSameMessages) {
    const auto r = export_to("ccm", out, "--batch-count 7");
    ASSERT_EQ(r.exit_code, 1) << r.out;
    const int exported = totals_of(r.out)["exported"].get<int>();
    int batches = 0;
    for (const auto& e : fs::directory_iterator(out / "ccm")) {
        ++batches;
        EXPECT_LE(e.path().filename().string().size(), 12u) << "8.3 names for IMPORT.EXE";
    }
    EXPECT_EQ(batches, (exported + 6) / 7);
    const auto inspect = run_in_source_dir("inspect --json '" + (out / "ccm").string() + "'/*");
    const auto parsed = nlohmann::json::parse(inspect.out, nullptr, false);
    ASSERT_FALSE(parsed.is_discarded());
    int read_back = 0;
    for (const auto& file : parsed["files"]) read_back += static_cast<int>(file["messages"].size());
    EXPECT_EQ(read_back, exported);
    EXPECT_LE(inspect.exit_code, 1) << "read back without errors (the damaged sample's "
                                       "impossible date stays a warning)";
}

TEST_F(CliExportTargets, DovecotServesTheExportedMaildir) {
    if (run_shell("test -x /usr/sbin/dovecot") != 0) GTEST_SKIP() << "dovecot not installed";
    const auto r = run_in_source_dir(
        "export samples/po/clean-small/SALES1 samples/po/connector-faults-small/MUNICH "
        "--format maildir --json -q --out '" +
        out.string() + "'");
    ASSERT_LE(r.exit_code, 1) << r.out;
    EXPECT_EQ(run_shell("python3 '" + kE2e + "dovecot_check.py' '" + out.string() + "'"), 0);
}

TEST_F(CliExportTargets, RerunOnAFinishedFolderWritesNothingAgain) {
    const auto first = export_to("mbox", out);
    ASSERT_EQ(first.exit_code, 1) << first.out;
    const auto hash = hash_output(out);
    const auto second = export_to("mbox", out);
    EXPECT_EQ(second.exit_code, 1) << second.out;
    const auto totals = totals_of(second.out);
    EXPECT_EQ(totals["exported"], 0);
    EXPECT_EQ(totals["skipped_existing"], totals_of(first.out)["exported"]);
    EXPECT_EQ(hash_output(out), hash);
}

TEST_F(CliExportTargets, OtherArgumentsOnAnExportFolderAreRefused) {
    ASSERT_EQ(export_to("mbox", out).exit_code, 1);
    EXPECT_EQ(export_to("mbox", out, "--time-zone Europe/Berlin").exit_code, 2);
}

// Killed at many points, rerun until done: the same tree as one uninterrupted run.
void expect_exactly_once(const std::string& format, const fs::path& base, const std::string& fs) {
    const fs::path reference = base / "reference";
    const auto r = run_in_source_dir("export " + kTargetSources + " --format " + format +
                                     " --out '" + reference.string() + "' --json -q " + fs);
    ASSERT_EQ(r.exit_code, 1) << r.out;
    const int total = totals_of(r.out)["exported"].get<int>();
    const auto expected = hash_output(reference);

    std::mt19937 random(20261121);
    for (int attempt = 0; attempt < 12; ++attempt) {
        const fs::path dir = base / ("run" + std::to_string(attempt));
        // Two kills per run: by message count (after a write, before its commit) and by time.
        const int first_kill = 1 + static_cast<int>(random() % static_cast<unsigned>(total));
        const auto killed = run_in_source_dir("export " + kTargetSources + " --format " + format +
                                              " --out '" + dir.string() + "' -q " + fs +
                                              " --crash-after " + std::to_string(first_kill));
        EXPECT_NE(killed.exit_code, 0);
        const auto delay = 0.005 * static_cast<double>(random() % 40);
        run_killed_after(delay, "export " + kTargetSources + " --format " + format + " --out '" +
                                    dir.string() + "' -q " + fs);
        const auto finished = run_in_source_dir("export " + kTargetSources + " --format " + format +
                                                " --out '" + dir.string() + "' --json -q " + fs);
        EXPECT_EQ(finished.exit_code, 1) << finished.out;
        const auto totals = totals_of(finished.out);
        EXPECT_EQ(totals["exported"].get<int>() + totals["skipped_existing"].get<int>(), total);
        EXPECT_EQ(hash_output(dir), expected)
            << format << " killed after " << first_kill << " messages and after " << delay << " s";
        fs::remove_all(dir);
    }
}

TEST_F(CliExportTargets, MboxExactlyOnceAfterKills) {
    expect_exactly_once("mbox", out, "--fsync batch --commit-every 5");
}

TEST_F(CliExportTargets, MaildirExactlyOnceAfterKills) { expect_exactly_once("maildir", out, ""); }

TEST_F(CliExportTargets, CcmBatchesExactlyOnceAfterKills) {
    expect_exactly_once("ccm", out, "--fsync batch --commit-every 3 --batch-count 9");
}

}  // namespace
}  // namespace ccsalvage::e2e
