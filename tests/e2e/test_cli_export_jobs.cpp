// End-to-end test of `export --jobs N`, `--record-cache`, `--in-flight` and the scratch file
// (`--scratch-minimum 0 --scratch-from 0`, a test hook, puts every reader array there): the
// messages are loaded, identified and composed on N - 1 workers and settled in order, and a record
// placed in several folders is prepared once while the cache holds it, so a run with one, two or
// three threads, with no cache, a cache too small to hold more than a record or two, or the default
// one writes the same output folder, every file byte for byte (journal, manifest, mbox, Maildir
// files, SHA256SUMS), on sample sets with duplicates, quarantined messages, records in several
// folders and several sources.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <ostream>
#include <set>
#include <string>
#include <utility>

#include "e2e/test_cli_support.hpp"

namespace ccsalvage::e2e {
namespace {

namespace fs = std::filesystem;

struct JobsCase {
    const char* name;
    const char* sources;  // relative to the source folder
    const char* format;
};

// The sets' post office folders; several sources in one run, so that each source's messages
// are settled before the next one is read.
const JobsCase kCases[] = {
    {"connector_faults_mbox",
     "samples/po/connector-faults-small/HUBPO2 samples/po/connector-faults-small/MUNICH "
     "samples/po/connector-faults-small/SALES1",
     "mbox"},
    {"connector_faults_maildir",
     "samples/po/connector-faults-small/HUBPO2 samples/po/connector-faults-small/MUNICH "
     "samples/po/connector-faults-small/SALES1",
     "maildir"},
    {"q179072_mbox",
     "samples/po/q179072-small/HUBPO2 samples/po/q179072-small/MUNICH "
     "samples/po/q179072-small/SALES1",
     "mbox"},
    {"structure_faults_maildir",
     "samples/po/structure-faults-small/SALES1 samples/po/structure-faults-small/HUBPO2",
     "maildir"},
    {"post_office_and_ccm_eml", "samples/po/q179072-small/SALES1 samples/ccm/damaged.ccm", "eml"},
};

// Named in ctest's list by its name, not its bytes.
void PrintTo(const JobsCase& c, std::ostream* os) { *os << c.name; }

class ExportJobs : public ::testing::TestWithParam<JobsCase> {};

// How many placements the manifest lists, and how many records they show.
std::pair<std::size_t, std::size_t> placements_and_records(const fs::path& out) {
    std::ifstream manifest(out / "manifest.jsonl");
    std::size_t placements = 0;
    std::set<std::pair<std::string, std::uint64_t>> records;
    for (std::string line; std::getline(manifest, line);) {
        const auto entry = nlohmann::json::parse(line);
        ++placements;
        records.emplace(entry.value("source", ""), entry.value("number", std::uint64_t{0}));
    }
    return {placements, records.size()};
}

// The first is the reference: one thread, every placement prepared on its own.
const char* const kVariants[] = {"--jobs 1 --record-cache 0", "--jobs 1", "--jobs 2", "--jobs 3",
                                 "--jobs 1 --record-cache 6k", "--jobs 2 --record-cache 6k",
                                 "--jobs 2 --record-cache 0",
                                 // A window of one message at a time, and one that a few of
                                 // the samples' messages fill.
                                 "--jobs 2 --in-flight 0", "--jobs 3 --in-flight 24k",
                                 // Every array of the reader, the message lists and the keys
                                 // in the scratch file (the samples' are all small).
                                 "--jobs 1 --scratch-minimum 0 --scratch-from 0",
                                 "--jobs 2 --scratch-minimum 0 --scratch-from 0"};

TEST_P(ExportJobs, EveryThreadCountAndCacheSizeWritesTheSameFolder) {
    const JobsCase& c = GetParam();
    const InputsUnchanged unchanged{fs::path(CCSALVAGE_SAMPLES_DIR)};
    std::map<std::string, std::string> first_files;
    int first_exit = -1;
    std::string first_out;
    for (const std::string variant : kVariants) {
        std::string label = variant;
        for (char& ch : label) {
            if (ch == ' ' || ch == '-') ch = '_';
        }
        const auto out = fresh_temp_dir(std::string("export-jobs-") + c.name + label);
        const auto r =
            run_in_source_dir(std::string("export ") + c.sources + " --format " + c.format +
                              " --fsync batch " + variant + " --out '" + out.string() + "'");
        // The statistics name the output folder: the rest must be the same.
        std::string text = r.out;
        for (auto at = text.find(out.string()); at != std::string::npos;
             at = text.find(out.string())) {
            text.replace(at, out.string().size(), "OUT");
        }
        const auto files = file_hashes(out);
        const auto [placements, records] = placements_and_records(out);
        fs::remove_all(out);
        EXPECT_GE(files.size(), 5u) << variant << ": " << r.out;
        if (variant == kVariants[0]) {
            // Records placed in several folders, or the cache is not put to the test.
            if (std::string(c.format) != "eml") {
                EXPECT_GT(placements, records + 10) << "too few records in several folders";
            }
            first_files = files;
            first_exit = r.exit_code;
            first_out = text;
            EXPECT_TRUE(r.exit_code == 0 || r.exit_code == 1) << r.out;
            continue;
        }
        EXPECT_EQ(r.exit_code, first_exit) << variant;
        EXPECT_EQ(text, first_out) << variant;
        EXPECT_EQ(files, first_files) << variant << ": not the same files and bytes";
    }
}

INSTANTIATE_TEST_SUITE_P(Samples, ExportJobs, ::testing::ValuesIn(kCases),
                         [](const auto& test) { return std::string(test.param.name); });

}  // namespace
}  // namespace ccsalvage::e2e
