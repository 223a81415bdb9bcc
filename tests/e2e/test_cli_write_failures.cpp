// Full and failing disks under `export --format eml` (and maildir, mbox, ccm) and under commands
// that print to a redirected standard output. Failures are made three ways:
//  - the test shim (tests/support/fail_io_shim.cpp, LD_PRELOAD into ccsalvage only): write()
//    and pwrite() (the journal's appends), fsync() or rename() below the output folder fail
//    with ENOSPC or EIO after N bytes or from the Nth call on;
//  - RLIMIT_FSIZE (`ulimit -f` in the shell that starts ccsalvage): a write past the limit fails
//    with EFBIG;
//  - /dev/full as standard output (ENOSPC on every write).
// What must hold: exit code 3, a message naming the file and the cause, nothing partial under
// a final name (every file present equals the one of an undisturbed run), no temporary file
// left, no export.json or SHA256SUMS and no `finished` in journal.jsonl (the run is not recorded
// as done), every message the journal records as done is whole on disk with the hash it
// records, and a rerun into the same folder once space is back (docs/export.md: it resumes
// through the journal) gives exactly the undisturbed result, the journal excepted (it records
// the interruption itself), with every message done once. A real small file system (a 16 KiB tmpfs,
// mounted in a private mount namespace with `unshare -m`, so nothing outlives the test) is used
// too where the test may mount (root, as here and in CI); elsewhere that one test skips.
#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "test_cli_support.hpp"

namespace ccsalvage::e2e {
namespace {

namespace fs = std::filesystem;

const std::string kInputs = "samples/ccm/clean-itemsize.ccm samples/ccm/damaged.ccm";

std::string eml_export_command(const fs::path& out) {
    return "export " + kInputs + " --format eml -q --out '" + out.string() + "'";
}

const std::string kJournal = "journal.jsonl";

// Every output but the journal (which records the interruptions themselves; docs/export.md
// compares finished trees the same way).
std::map<std::string, std::string> output_hashes(const fs::path& root) {
    return e2e::file_hashes(root, {kJournal});
}

// The journal's records; a torn last line (a write that failed halfway) is not a record.
std::vector<nlohmann::json> journal_records(const fs::path& out) {
    std::vector<nlohmann::json> records;
    std::ifstream in(out / kJournal);
    std::string line;
    while (std::getline(in, line)) {
        auto record = nlohmann::json::parse(line, nullptr, false);
        if (!record.is_discarded()) records.push_back(std::move(record));
    }
    return records;
}

class WriteFailures : public ::testing::Test {
  protected:
    void SetUp() override {
        base = fresh_temp_dir(::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::create_directories(base);
        const auto r = run_in_source_dir(eml_export_command(base / "reference"));
        ASSERT_EQ(r.exit_code, 1) << "the damaged sample makes it 'salvaged with problems'";
        reference = output_hashes(base / "reference");
        ASSERT_GT(reference.count("export.json"), 0u);
        ASSERT_GT(reference.count("manifest.jsonl"), 0u);
        for (const auto& [name, hash] : reference) {
            if (name.ends_with(".eml")) eml_bytes += fs::file_size(base / "reference" / name);
        }
        // What the run writes before export.json: the messages, the journal up to its
        // `finished` record, and the manifest.
        const auto records = journal_records(base / "reference");
        ASSERT_EQ(records.back()["record"], "finished");
        bytes_before_index = eml_bytes + fs::file_size(base / "reference/manifest.jsonl") +
                             fs::file_size(base / "reference" / kJournal) -
                             (records.back().dump().size() + 1);
    }
    void TearDown() override { fs::remove_all(base); }

    // Runs the export into `out` with the shim set up by `plan` and checks everything that must
    // hold after a failed run; returns how many messages the journal records as exported.
    std::size_t failing_export(const fs::path& out, const std::string& plan,
                               const std::string& cause) {
        const std::string environment = std::string("LD_PRELOAD='") + CCSALVAGE_FAIL_IO_SHIM +
                                        "' CCSALVAGE_FAIL_UNDER='" + out.string() + "' " + plan;
        const auto r = run_with_environment(environment, eml_export_command(out));
        EXPECT_EQ(r.exit_code, 3) << plan << "\n" << r.out;
        EXPECT_NE(r.out.find("ccsalvage: " + out.string() + "/"), std::string::npos)
            << "the message names the file: " << r.out;
        EXPECT_NE(r.out.find(cause), std::string::npos) << r.out;
        return check_nothing_partial(out);
    }

    // Returns how many messages the journal records as exported.
    std::size_t check_nothing_partial(const fs::path& out) {
        const auto written = output_hashes(out);
        EXPECT_EQ(written.count("export.json"), 0u) << "a failed run must not look finished";
        EXPECT_EQ(written.count("SHA256SUMS"), 0u);
        for (const auto& [name, hash] : written) {
            EXPECT_EQ(name.find(".tmp"), std::string::npos) << "temporary file left: " << name;
            const auto expected = reference.find(name);
            EXPECT_NE(expected, reference.end()) << "unexpected file " << name;
            if (expected != reference.end()) {
                EXPECT_EQ(hash, expected->second) << name << " is not whole";
            }
        }
        // Done in the journal means whole on disk, with the hash the journal records.
        std::size_t exported = 0;
        for (const auto& record : journal_records(out)) {
            EXPECT_NE(record["record"], "finished") << "a failed run must not look finished";
            if (record["record"] != "done" || record["outcome"] != "exported") continue;
            ++exported;
            const std::string target = record["entry"]["target"];
            const auto on_disk = written.find(target);
            EXPECT_NE(on_disk, written.end()) << "done, but missing: " << target;
            if (on_disk != written.end()) {
                EXPECT_EQ(on_disk->second, record["entry"]["sha256"]) << target;
            }
        }
        return exported;
    }

    // Once space is back, a rerun into the same folder resumes through the journal and gives
    // exactly the undisturbed result, every message done once.
    void check_rerun(const fs::path& out) {
        const auto r = run_in_source_dir(eml_export_command(out));
        EXPECT_EQ(r.exit_code, 1) << r.out;
        check_finished(out);
    }

    void check_finished(const fs::path& out) {
        EXPECT_EQ(output_hashes(out), reference);
        std::set<std::uint64_t> sequences;
        for (const auto& record : journal_records(out)) {
            if (record["record"] != "done") continue;
            EXPECT_TRUE(sequences.insert(record["sequence"].get<std::uint64_t>()).second)
                << "done twice: " << record.dump();
        }
        EXPECT_EQ(journal_records(out).back()["record"], "finished");
    }

    fs::path base;
    std::map<std::string, std::string> reference;
    std::uintmax_t eml_bytes = 0;
    std::uintmax_t bytes_before_index = 0;
};

TEST_F(WriteFailures, DiskFullHalfwayThroughTheMessages) {
    const InputsUnchanged inputs{fs::path(CCSALVAGE_SAMPLES_DIR) / "ccm"};
    failing_export(
        base / "out",
        "CCSALVAGE_FAIL_OP=write CCSALVAGE_FAIL_ERRNO=ENOSPC CCSALVAGE_FAIL_AFTER_BYTES=" +
            std::to_string(eml_bytes / 2),
        "write failed: No space left on device");
    EXPECT_FALSE(output_hashes(base / "out").empty()) << "the messages before the failure stay";
    check_rerun(base / "out");
}

TEST_F(WriteFailures, DiskFullWhileWritingTheIndex) {
    const InputsUnchanged inputs{fs::path(CCSALVAGE_SAMPLES_DIR) / "ccm"};
    // Every message, the journal and the manifest fit; export.json does not.
    const auto done = failing_export(base / "out",
                                     "CCSALVAGE_FAIL_OP=write CCSALVAGE_FAIL_AFTER_BYTES=" +
                                         std::to_string(bytes_before_index + 10),
                                     "export.json: write failed: No space left on device");
    EXPECT_GT(done, 0u) << "the messages were all done before the index";
    check_rerun(base / "out");
}

TEST_F(WriteFailures, IoErrorOnTheFirstWrite) {
    const InputsUnchanged inputs{fs::path(CCSALVAGE_SAMPLES_DIR) / "ccm"};
    failing_export(base / "out",
                   "CCSALVAGE_FAIL_OP=write CCSALVAGE_FAIL_ERRNO=EIO CCSALVAGE_FAIL_ON_CALL=1",
                   "write failed: Input/output error");
    check_rerun(base / "out");
}

// Regular files flushed, in order: the journal after its `run` record (1), then per message
// its file and the journal after its done record (2 and 3, 4 and 5, 6 and 7, ...).
TEST_F(WriteFailures, FlushFailsOnTheThirdMessage) {
    const InputsUnchanged inputs{fs::path(CCSALVAGE_SAMPLES_DIR) / "ccm"};
    const auto done = failing_export(
        base / "out", "CCSALVAGE_FAIL_OP=fsync CCSALVAGE_FAIL_ERRNO=EIO CCSALVAGE_FAIL_ON_CALL=6",
        ".eml: flush failed: Input/output error");
    EXPECT_EQ(output_hashes(base / "out").size(), 2u) << "the two files before stay, whole";
    EXPECT_EQ(done, 2u);
    check_rerun(base / "out");
}

TEST_F(WriteFailures, FlushOfTheJournalFails) {
    const InputsUnchanged inputs{fs::path(CCSALVAGE_SAMPLES_DIR) / "ccm"};
    // The first message is whole; its done record was written but not flushed: the rerun
    // takes it as done (a power loss could lose the record, and the rerun would redo it).
    failing_export(base / "out",
                   "CCSALVAGE_FAIL_OP=fsync CCSALVAGE_FAIL_ERRNO=EIO CCSALVAGE_FAIL_ON_CALL=3",
                   "journal.jsonl: flush failed: Input/output error");
    EXPECT_EQ(output_hashes(base / "out").size(), 1u);
    check_rerun(base / "out");
}

TEST_F(WriteFailures, RenameFailsOnTheSecondFile) {
    const InputsUnchanged inputs{fs::path(CCSALVAGE_SAMPLES_DIR) / "ccm"};
    failing_export(base / "out",
                   "CCSALVAGE_FAIL_OP=rename CCSALVAGE_FAIL_ERRNO=ENOSPC CCSALVAGE_FAIL_ON_CALL=2",
                   "rename failed: No space left on device");
    EXPECT_EQ(output_hashes(base / "out").size(), 1u);
    check_rerun(base / "out");
}

TEST_F(WriteFailures, FileSizeLimitGivesACleanErrorNotASignal) {
    const InputsUnchanged inputs{fs::path(CCSALVAGE_SAMPLES_DIR) / "ccm"};
    // `ulimit -f` counts 1024-byte blocks; 1 KiB is less than the largest message.
    const auto out = base / "out";
    const auto log = base / "log.txt";
    const int code =
        run_shell("cd '" CCSALVAGE_SOURCE_DIR "' && ulimit -f 1 && '" CCSALVAGE_BINARY "' " +
                  eml_export_command(out) + " >'" + log.string() + "' 2>&1");
    EXPECT_EQ(code, 3) << "not killed by SIGXFSZ, but exit code 3";
    std::FILE* in = std::fopen(log.c_str(), "rb");
    ASSERT_NE(in, nullptr);
    std::string text(4096, '\0');
    text.resize(std::fread(text.data(), 1, text.size(), in));
    std::fclose(in);
    EXPECT_NE(text.find("File too large"), std::string::npos) << text;
    EXPECT_NE(text.find(out.string() + "/"), std::string::npos) << text;
    check_nothing_partial(out);
    check_rerun(base / "out");
}

TEST_F(WriteFailures, SmallFileSystemThatFillsUpThenGrows) {
    const InputsUnchanged inputs{fs::path(CCSALVAGE_SAMPLES_DIR) / "ccm"};
    if (run_shell("unshare -m sh -c 'mount -t tmpfs -o size=4k tmpfs /mnt' >/dev/null 2>&1") != 0) {
        GTEST_SKIP() << "cannot mount a tmpfs in a private mount namespace (needs root)";
    }
    // In a private mount namespace: a tmpfs of 16 KiB (four pages, less than the messages
    // take), the export fails on it; then the file system grows (space is freed) and a rerun
    // into the same folder completes. The folder is copied out after each run, before the
    // namespace ends.
    const auto mount_point = base / "small";
    fs::create_directories(mount_point);
    const std::string small = "'" + mount_point.string() + "'";
    const std::string binary = "'" CCSALVAGE_BINARY "' ";
    std::string script = "mount -t tmpfs -o size=16k tmpfs " + small + " || exit 99\n";
    script += "cd '" CCSALVAGE_SOURCE_DIR "'\n";
    script += binary + eml_export_command(mount_point / "out") + " >'" +
              (base / "log.txt").string() + "' 2>&1; echo $? >'" + (base / "rc1").string() + "'\n";
    script += "cp -a " + small + "/out '" + (base / "failed").string() + "'\n";
    script += "mount -o remount,size=4m " + small + " || exit 98\n";
    script += binary + eml_export_command(mount_point / "out") + " >/dev/null 2>&1; echo $? >'" +
              (base / "rc2").string() + "'\n";
    script += "cp -a " + small + "/out '" + (base / "again").string() + "'\n";
    std::ofstream(base / "script.sh") << script;
    ASSERT_EQ(run_shell("unshare -m sh '" + (base / "script.sh").string() + "'"), 0);
    const auto read_text = [](const fs::path& path) {
        std::ifstream in(path);
        return std::string((std::istreambuf_iterator<char>(in)), {});
    };
    EXPECT_EQ(read_text(base / "rc1"), "3\n");
    const auto log = read_text(base / "log.txt");
    EXPECT_NE(log.find("No space left on device"), std::string::npos) << log;
    EXPECT_NE(log.find("ccsalvage: " + (mount_point / "out").string() + "/"), std::string::npos)
        << log;
    check_nothing_partial(base / "failed");
    EXPECT_EQ(read_text(base / "rc2"), "1\n");
    check_finished(base / "again");
}

// The first `length` bytes of a file.
std::string head_of(const fs::path& file, std::uintmax_t length) {
    std::ifstream in(file, std::ios::binary);
    std::string bytes(static_cast<std::size_t>(length), '\0');
    in.read(bytes.data(), static_cast<std::streamsize>(length));
    bytes.resize(static_cast<std::size_t>(in.gcount()));
    return bytes;
}

// The other targets, from a post office and an Import/Export file: Maildir (a file per
// message, like EML), mbox and .ccm batches (appended files; a done record holds the file's
// committed length, and the rerun cuts the file back to it). The disk fills up halfway.
class WriteFailuresPerTarget : public ::testing::TestWithParam<std::string> {};

TEST_P(WriteFailuresPerTarget, DiskFullHalfwayThenRerunInTheSameFolder) {
    const std::string format = GetParam();
    const InputsUnchanged inputs{fs::path(CCSALVAGE_SAMPLES_DIR) / "po/clean-small"};
    const auto base = fresh_temp_dir("write-failures-" + format);
    fs::create_directories(base);
    const auto command = [&](const fs::path& out) {
        return "export samples/po/clean-small/SALES1 samples/ccm/damaged.ccm --format " + format +
               " -q --out '" + out.string() + "'";
    };
    const auto reference_dir = base / "reference";
    ASSERT_EQ(run_in_source_dir(command(reference_dir)).exit_code, 1);
    const auto reference = output_hashes(reference_dir);
    std::uintmax_t message_bytes = 0;
    for (const auto& [name, hash] : reference) {
        if (name != "export.json" && name != "SHA256SUMS" && name != "manifest.jsonl") {
            message_bytes += fs::file_size(reference_dir / name);
        }
    }

    const auto out = base / "out";
    const auto r = run_with_environment(
        std::string("LD_PRELOAD='") + CCSALVAGE_FAIL_IO_SHIM + "' CCSALVAGE_FAIL_UNDER='" +
            out.string() + "' CCSALVAGE_FAIL_OP=write CCSALVAGE_FAIL_AFTER_BYTES=" +
            std::to_string(message_bytes / 2),
        command(out));
    EXPECT_EQ(r.exit_code, 3) << r.out;
    EXPECT_NE(r.out.find("ccsalvage: " + out.string() + "/"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("No space left on device"), std::string::npos) << r.out;
    const auto written = output_hashes(out);
    EXPECT_EQ(written.count("export.json"), 0u) << "a failed run must not look finished";
    EXPECT_EQ(written.count("SHA256SUMS"), 0u);
    std::size_t exported = 0;
    for (const auto& [name, hash] : written) {
        EXPECT_EQ(name.find(".tmp"), std::string::npos) << "temporary file left: " << name;
    }
    // Done in the journal means whole: the file with its hash (Maildir), or the appended
    // file's first `end` bytes as in the undisturbed run (mbox, .ccm).
    for (const auto& record : journal_records(out)) {
        EXPECT_NE(record["record"], "finished");
        if (record["record"] != "done" || record["outcome"] != "exported") continue;
        ++exported;
        const std::string target = record["entry"]["target"];
        ASSERT_TRUE(fs::is_regular_file(out / target)) << "done, but missing: " << target;
        if (record["entry"].contains("sha256")) {
            EXPECT_EQ(written.at(target), record["entry"]["sha256"]) << target;
            EXPECT_EQ(reference.count(target), 1u) << target;
        }
        if (record.contains("end")) {
            const auto end = record["end"].get<std::uintmax_t>();
            ASSERT_GE(fs::file_size(out / target), end) << target;
            EXPECT_EQ(head_of(out / target, end), head_of(reference_dir / target, end))
                << target << " up to " << end;
        }
    }
    EXPECT_GT(exported, 0u) << format << ": the messages before the failure stay done";

    // Space is back: the rerun resumes in the same folder and gives the undisturbed result.
    const auto again = run_in_source_dir(command(out));
    EXPECT_EQ(again.exit_code, 1) << again.out;
    EXPECT_EQ(output_hashes(out), reference) << format;
    std::set<std::uint64_t> sequences;
    for (const auto& record : journal_records(out)) {
        if (record["record"] == "done") {
            EXPECT_TRUE(sequences.insert(record["sequence"].get<std::uint64_t>()).second)
                << "done twice: " << record.dump();
        }
    }
    fs::remove_all(base);
}

INSTANTIATE_TEST_SUITE_P(Targets, WriteFailuresPerTarget,
                         ::testing::Values("maildir", "mbox", "ccm"));

TEST_F(WriteFailures, StandardOutputOnAFullDiskIsAnOutputError) {
    const InputsUnchanged inputs{fs::path(CCSALVAGE_SAMPLES_DIR) / "scan"};
    const InputsUnchanged post_office{fs::path(CCSALVAGE_SAMPLES_DIR) / "po/q179072-small"};
    for (const std::string command :
         {"scan samples/scan/contaminated.bin", "scan --json samples/scan/contaminated.bin",
          "inspect --json samples/ccm/damaged.ccm",
          "ledger samples/po/q179072-small/SALES1 --connector samples/po/q179072-small/Ccmcdata",
          "ledger --json samples/po/q179072-small/SALES1",
          "analyze samples/po/q179072-small/SALES1"}) {
        const int code = run_shell("cd '" CCSALVAGE_SOURCE_DIR "' && '" CCSALVAGE_BINARY "' " +
                                   command + " > /dev/full 2>'" + (base / "err").string() + "'");
        EXPECT_EQ(code, 3) << command;
        std::FILE* in = std::fopen((base / "err").c_str(), "rb");
        ASSERT_NE(in, nullptr);
        std::string text(4096, '\0');
        text.resize(std::fread(text.data(), 1, text.size(), in));
        std::fclose(in);
        EXPECT_NE(text.find("standard output"), std::string::npos) << command << ": " << text;
        EXPECT_NE(text.find("No space left on device"), std::string::npos) << text;
    }
}

TEST_F(WriteFailures, StandardOutputPastTheFileSizeLimit) {
    const InputsUnchanged inputs{fs::path(CCSALVAGE_SAMPLES_DIR) / "scan"};
    const auto out = base / "scan.txt";
    const int code = run_shell("cd '" CCSALVAGE_SOURCE_DIR "' && ulimit -f 1 && '" CCSALVAGE_BINARY
                               "' scan samples/scan/contaminated.bin >'" +
                               out.string() + "' 2>'" + (base / "err").string() + "'");
    EXPECT_EQ(code, 3);
    EXPECT_LE(fs::file_size(out), 1024u);
}

}  // namespace
}  // namespace ccsalvage::e2e
