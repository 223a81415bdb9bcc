// RecordCache: the per-record work kept for a record's next placement, bounded in bytes,
// dropping the record needed last when over its budget.
#include "export/record_cache.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

namespace ccsalvage::exporting {
namespace {

std::shared_ptr<const PreparedRecord> prepared_with(std::size_t mime_bytes,
                                                    const std::string& identity) {
    auto prepared = std::make_shared<PreparedRecord>();
    prepared->identity = identity;
    prepared->readable = true;
    auto composed = std::make_shared<mime::ComposedMessage>();
    composed->bytes.assign(mime_bytes, 'x');
    prepared->composed = std::move(composed);
    return prepared;
}

TEST(RecordCache, GivesBackWhatItKeptOnceAndCountsItsBytes) {
    RecordCache cache(1 << 20);
    const auto prepared = prepared_with(1000, "a");
    cache.keep(7, 12, prepared);
    EXPECT_EQ(cache.size(), 1u);
    EXPECT_EQ(cache.bytes(), held_bytes(*prepared));
    EXPECT_EQ(cache.take(8), nullptr);
    EXPECT_EQ(cache.take(7), prepared);  // the same object, not a copy
    EXPECT_EQ(cache.take(7), nullptr);   // taken: kept again only by the caller
    EXPECT_EQ(cache.size(), 0u);
    EXPECT_EQ(cache.bytes(), 0u);
}

TEST(RecordCache, OverItsBudgetDropsTheRecordWhoseNextPlacementComesLast) {
    const std::size_t one = held_bytes(*prepared_with(10000, "r"));
    RecordCache cache(3 * one);
    cache.keep(1, 50, prepared_with(10000, "r"));
    cache.keep(2, 20, prepared_with(10000, "r"));
    cache.keep(3, 90, prepared_with(10000, "r"));
    EXPECT_EQ(cache.size(), 3u);
    cache.keep(4, 30, prepared_with(10000, "r"));  // record 3 (next at 90) goes
    EXPECT_EQ(cache.size(), 3u);
    EXPECT_LE(cache.bytes(), 3 * one);
    EXPECT_EQ(cache.take(3), nullptr);
    EXPECT_NE(cache.take(1), nullptr);
    EXPECT_NE(cache.take(2), nullptr);
    EXPECT_NE(cache.take(4), nullptr);
}

TEST(RecordCache, ANewcomerNeededLastIsNotKept) {
    const std::size_t one = held_bytes(*prepared_with(10000, "r"));
    RecordCache cache(2 * one);
    cache.keep(1, 10, prepared_with(10000, "r"));
    cache.keep(2, 20, prepared_with(10000, "r"));
    cache.keep(3, 30, prepared_with(10000, "r"));
    EXPECT_EQ(cache.take(3), nullptr);
    EXPECT_NE(cache.take(1), nullptr);
    EXPECT_NE(cache.take(2), nullptr);
}

TEST(RecordCache, ARecordLargerThanTheBudgetIsNotKeptAndDropsNothing) {
    RecordCache cache(20000);
    cache.keep(1, 10, prepared_with(1000, "small"));
    cache.keep(2, 5, prepared_with(50000, "large"));
    EXPECT_EQ(cache.take(2), nullptr);
    EXPECT_NE(cache.take(1), nullptr);
}

TEST(RecordCache, KeepingARecordAgainReplacesItsEntry) {
    RecordCache cache(1 << 20);
    cache.keep(5, 10, prepared_with(1000, "first"));
    const auto second = prepared_with(2000, "second");
    cache.keep(5, 40, second);
    EXPECT_EQ(cache.size(), 1u);
    EXPECT_EQ(cache.bytes(), held_bytes(*second));
    EXPECT_EQ(cache.take(5), second);
}

TEST(RecordCache, AZeroBudgetKeepsNothingAndClearEmptiesIt) {
    RecordCache none(0);
    none.keep(1, 2, prepared_with(10, "a"));
    EXPECT_EQ(none.size(), 0u);
    RecordCache cache(1 << 20);
    cache.keep(1, 2, prepared_with(10, "a"));
    cache.keep(2, 3, prepared_with(10, "b"));
    cache.clear();
    EXPECT_EQ(cache.size(), 0u);
    EXPECT_EQ(cache.bytes(), 0u);
    EXPECT_EQ(cache.take(1), nullptr);
}

TEST(RecordCache, AnnouncesTheRecordsDueUpToAPositionOnceInTheOrderOfTheirPlacements) {
    RecordCache cache(1 << 20);
    cache.keep(1, 40, prepared_with(100, "one"));
    cache.keep(2, 10, prepared_with(100, "two"));
    cache.keep(3, 25, prepared_with(100, "three"));
    std::vector<std::string> due;
    const auto note = [&due](const PreparedRecord& p) { due.push_back(p.identity); };
    cache.each_due(24, note);
    EXPECT_EQ(due, (std::vector<std::string>{"two"}));
    cache.each_due(24, note);  // nothing new up to the same position
    cache.each_due(30, note);
    EXPECT_EQ(due, (std::vector<std::string>{"two", "three"}));
    // A record kept for a position already announced is not announced (it is close).
    cache.keep(4, 20, prepared_with(100, "four"));
    cache.each_due(100, note);
    EXPECT_EQ(due, (std::vector<std::string>{"two", "three", "one"}));
    // Announcing takes nothing out: the records are still there for their placements.
    EXPECT_EQ(cache.size(), 4u);
    // After clear() (the next source, whose positions start again), everything is new.
    cache.clear();
    cache.keep(5, 3, prepared_with(100, "five"));
    cache.each_due(3, note);
    EXPECT_EQ(due.back(), "five");
}

}  // namespace
}  // namespace ccsalvage::exporting
