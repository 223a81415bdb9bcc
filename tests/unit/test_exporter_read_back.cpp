// The exporter's use of Writer::read_back: with the record cache on, every placement of a
// record after one that was written is copied from the bytes written (not composed again), on
// one thread and with workers (the bytes read on a worker); with the cache off, none is. That the
// copies are the same bytes as composed ones is tests/e2e/test_cli_export_jobs.cpp's business
// (every variant, byte for byte).
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <tuple>

#include "core/event.hpp"
#include "export/request.hpp"

namespace ccsalvage::exporting {
namespace {

namespace fs = std::filesystem;

struct ReadBackCase {
    Format format;
    unsigned jobs;
    std::size_t cache_bytes;
};

class ExporterReadBack : public ::testing::TestWithParam<ReadBackCase> {
  protected:
    void SetUp() override {
        std::string name = ::testing::UnitTest::GetInstance()->current_test_info()->name();
        for (char& ch : name) {
            if (ch == '/') ch = '_';
        }
        out = fs::temp_directory_path() /
              ("ccsalvage-exporter-readback-" + std::to_string(::getpid()) + "-" + name);
        fs::remove_all(out);
    }
    void TearDown() override { fs::remove_all(out); }
    fs::path out;
};

// Placements, from the manifest in order, that follow a written ("exported") placement of the
// same record and are not quarantined: those the cache serves, if nothing is dropped from it.
std::uint64_t placements_after_a_written_one(const fs::path& manifest_path,
                                             std::uint64_t& exported) {
    std::ifstream manifest(manifest_path);
    std::map<std::tuple<std::string, std::uint64_t, std::uint64_t>, bool> written;
    std::uint64_t after = 0;
    for (std::string line; std::getline(manifest, line);) {
        const auto entry = nlohmann::json::parse(line);
        const std::string outcome = entry.at("outcome");
        if (outcome == "quarantined") continue;
        const auto record = std::make_tuple(entry.value("source", ""), entry.value("number", 0ULL),
                                            entry.value("offset", 0ULL));
        if (written[record]) ++after;
        if (outcome == "exported") {
            written[record] = true;
            ++exported;
        }
    }
    return after;
}

TEST_P(ExporterReadBack, EveryLaterPlacementOfAWrittenRecordIsCopied) {
    const ReadBackCase& c = GetParam();
    const fs::path samples(CCSALVAGE_SAMPLES_DIR);
    ExportRequest request;
    request.sources = {samples / "po/connector-faults-small/HUBPO2",
                       samples / "po/connector-faults-small/SALES1"};
    request.format = c.format;
    request.out = out;
    request.fsync = FsyncPolicy::batch;
    request.progress = false;
    request.jobs = c.jobs;
    // One message in flight at a time: each placement is settled before the next is offered,
    // as on one thread, so the cache has every record an earlier placement wrote (with a wider
    // window a record's next placement may be offered before its last one is written).
    request.in_flight_bytes = 0;
    request.record_cache_bytes = c.cache_bytes;
    EventLog log;
    const ExportStatistics stats = run(request, log);
    ASSERT_TRUE(stats.complete);
    std::uint64_t exported = 0;
    const std::uint64_t after = placements_after_a_written_one(out / "manifest.jsonl", exported);
    EXPECT_EQ(exported, stats.exported);
    if (c.cache_bytes == 0) {
        EXPECT_EQ(stats.read_back, 0u);
        return;
    }
    ASSERT_GT(after, 20u) << "too few records in several folders to test anything";
    EXPECT_EQ(stats.read_back, after);
}

INSTANTIATE_TEST_SUITE_P(Samples, ExporterReadBack,
                         ::testing::Values(ReadBackCase{Format::mbox, 1, std::size_t{16} << 20},
                                           ReadBackCase{Format::mbox, 3, std::size_t{16} << 20},
                                           ReadBackCase{Format::maildir, 1, std::size_t{16} << 20},
                                           ReadBackCase{Format::maildir, 2, std::size_t{16} << 20},
                                           ReadBackCase{Format::mbox, 1, 0}),
                         [](const auto& test) {
                             const ReadBackCase& c = test.param;
                             return std::string(c.format == Format::mbox ? "mbox" : "maildir") +
                                    "_jobs" + std::to_string(c.jobs) +
                                    (c.cache_bytes == 0 ? "_no_cache" : "");
                         });

}  // namespace
}  // namespace ccsalvage::exporting
