// Event log records against a connector store: failures explained, named files found in the
// store (with the import loop they feed) or reported as gone.
#include "flow/event_ties.hpp"

#include <gtest/gtest.h>

#include <filesystem>

#include "core/evidence.hpp"

namespace ccsalvage::flow {
namespace {

namespace fs = std::filesystem;

TEST(EventTies, LoopEventsNameTheWaitingFile) {
    const fs::path set = fs::path(CCSALVAGE_SAMPLES_DIR) / "po" / "q223772-loop-small";
    EventLog log;
    const ConnectorStore store = list_connector_store(set / "Ccmcdata", log);
    const ConnectorAnalysis analysis = analyze_connector_store(store, {}, log);
    const EvidenceFile file =
        EvidenceFile::open(fs::path(CCSALVAGE_SAMPLES_DIR) / "evlog" / "q223772-loop.csv");
    const EventLogAnalysis a = analyze_event_log(file, &store, &analysis, log);
    EXPECT_EQ(a.connector_events.at(59), 10U);
    EXPECT_EQ(a.failures, 10U);
    std::size_t looped = 0;
    for (const auto& tie : a.ties) {
        if (tie.event_id != 59) continue;
        EXPECT_EQ(tie.result_code, 1);
        EXPECT_EQ(tie.store_files.size(), 2U);  // Import and Import.bak
        if (!tie.loop.empty()) ++looped;
    }
    EXPECT_EQ(looped, 10U);
}

TEST(EventTies, WithoutAStoreEventsAreStillExplained) {
    EventLog log;
    const EvidenceFile file =
        EvidenceFile::open(fs::path(CCSALVAGE_SAMPLES_DIR) / "evlog" / "connector-faults.txt");
    const EventLogAnalysis a = analyze_event_log(file, nullptr, nullptr, log);
    EXPECT_EQ(a.failures, 2U);
    std::size_t names = 0;
    for (const auto& e : log.events()) {
        EXPECT_NE(e.code, "EVL-007");
        EXPECT_NE(e.code, "EVL-008");
        if (e.code == "EVL-006") {
            EXPECT_NE(e.detail.find("ccsalvage explain event"), std::string::npos);
        }
    }
    for (const auto& tie : a.ties) names += tie.named_file.empty() ? 0U : 1U;
    EXPECT_EQ(names, 7U);
    EXPECT_TRUE(is_failure_event(70));
    EXPECT_FALSE(is_failure_event(58));
}

}  // namespace
}  // namespace ccsalvage::flow
