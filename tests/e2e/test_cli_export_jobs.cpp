// End-to-end test of `export --jobs N`: the messages are loaded, identified and composed on N - 1
// workers and settled in order, so a run with one, two or three threads writes the same output
// folder, every file byte for byte (journal, manifest, mbox, Maildir files, SHA256SUMS), on
// sample sets with duplicates, quarantined messages and several sources.
#include <gtest/gtest.h>

#include <map>
#include <ostream>
#include <string>

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

TEST_P(ExportJobs, OneTwoAndThreeThreadsWriteTheSameFolder) {
    const JobsCase& c = GetParam();
    const InputsUnchanged unchanged{fs::path(CCSALVAGE_SAMPLES_DIR)};
    std::map<std::string, std::string> first_files;
    int first_exit = -1;
    std::string first_out;
    for (const int jobs : {1, 2, 3}) {
        const auto out =
            fresh_temp_dir(std::string("export-jobs-") + c.name + "-" + std::to_string(jobs));
        const auto r = run_in_source_dir(std::string("export ") + c.sources + " --format " +
                                         c.format + " --fsync batch --jobs " +
                                         std::to_string(jobs) + " --out '" + out.string() + "'");
        // The statistics name the output folder: the rest must be the same.
        std::string text = r.out;
        for (auto at = text.find(out.string()); at != std::string::npos;
             at = text.find(out.string())) {
            text.replace(at, out.string().size(), "OUT");
        }
        const auto files = file_hashes(out);
        fs::remove_all(out);
        EXPECT_GE(files.size(), 5u) << "--jobs " << jobs << ": " << r.out;
        if (jobs == 1) {
            first_files = files;
            first_exit = r.exit_code;
            first_out = text;
            EXPECT_TRUE(r.exit_code == 0 || r.exit_code == 1) << r.out;
            continue;
        }
        EXPECT_EQ(r.exit_code, first_exit) << "--jobs " << jobs;
        EXPECT_EQ(text, first_out) << "--jobs " << jobs;
        EXPECT_EQ(files, first_files) << "--jobs " << jobs << ": not the same files and bytes";
    }
}

INSTANTIATE_TEST_SUITE_P(Samples, ExportJobs, ::testing::ValuesIn(kCases),
                         [](const auto& test) { return std::string(test.param.name); });

}  // namespace
}  // namespace ccsalvage::e2e
