#include "core/event.hpp"

#include <gtest/gtest.h>

namespace ccsalvage {
namespace {

constexpr EventCode kNote{"T-001", Severity::note, "a note"};
constexpr EventCode kWarning{"T-002", Severity::warning, "a warning"};

TEST(EventLog, CapsEachCodeButCountsEverything) {
    EventLog log(3);
    for (int i = 0; i < 10; ++i) log.add(kWarning, "f", static_cast<std::uint64_t>(i), "w");
    log.add(kNote, "f", 99, "n");
    EXPECT_EQ(log.events().size(), 4u);
    EXPECT_EQ(log.total(), 11u);
    EXPECT_EQ(log.count(Severity::warning), 10u);
    EXPECT_EQ(log.suppressed().at("T-002"), 7u);
    EXPECT_TRUE(log.has_problems());
}

TEST(EventLog, FileOrderSortsOffsetsWithinEachFile) {
    EventLog log;
    log.add(kNote, "b.ccm", 50, "");
    log.add(kNote, "a.ccm", 10, "");
    log.add(kNote, "b.ccm", 5, "");
    const auto sorted = log.events_in_file_order();
    ASSERT_EQ(sorted.size(), 3u);
    EXPECT_EQ(sorted[0].file, "b.ccm");
    EXPECT_EQ(sorted[0].offset, 5u);
    EXPECT_EQ(sorted[1].offset, 50u);
    EXPECT_EQ(sorted[2].file, "a.ccm");
}

TEST(EventLog, NotesAloneAreNotProblems) {
    EventLog log;
    log.add(kNote, "f", 0, "n");
    EXPECT_FALSE(log.has_problems());
}

TEST(EventLog, MergeKeepsTotals) {
    EventLog a(2), b(2);
    for (int i = 0; i < 5; ++i) b.add(kWarning, "g", 0, "");
    a.merge(b);
    EXPECT_EQ(a.total(), 5u);
    EXPECT_EQ(a.events().size(), 2u);
}

}  // namespace
}  // namespace ccsalvage
