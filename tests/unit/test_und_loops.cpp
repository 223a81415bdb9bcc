// Import loops (Q223772): entries of one message, rejected again and again, make one group
// whatever their offsets and rejection lines; any difference in the message makes another.
#include "parsers/und/loops.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "parsers/und/und.hpp"
#include "support/test_files.hpp"

namespace ccsalvage::und {
namespace {

constexpr std::string_view kBody = "Figures for the second quarter attached.";

ccm::Address address(std::string raw) {
    ccm::Address a;
    a.raw = std::move(raw);
    return a;
}

// A message as the reader would give it: structured fields and item hashes filled in.
ccm::Message message(std::string subject = "Freight schedule") {
    ccm::Message m;
    m.from = {address("Okafor, Chidi at LAGOSHUB")};
    m.to = {address("Lindqvist, Asa at STOCKHLM"), address("Grewal, Mina at HUBPO2")};
    m.subject = std::move(subject);
    ccm::Date date;
    date.raw = "3/16/99 17:45";
    m.date = date;
    ccm::Item item;
    item.kind = ccm::ItemKind::text;
    item.keyword = "Text item";
    item.data = kBody;
    m.items = {item};
    return m;
}

UndEntry attempt(const ccm::Message& m, std::uint64_t offset, std::string rejected_at) {
    UndEntry e;
    e.message = m;
    e.message.offset = offset;
    e.rejected_at = std::move(rejected_at);
    e.reason = "Header Buffer Full";
    e.result_code = 1;
    e.source_file = "IMPORT\\MSG0A3F.CCM";
    return e;
}

TEST(UndLoops, FiveAttemptsOfOneMessageMakeOneGroupOfFive) {
    // Written and read back, so the offsets are those of a real file.
    std::string file;
    std::vector<std::uint64_t> offsets;
    const char* times[] = {"14:02:41", "14:02:56", "14:03:11", "14:03:26", "14:03:41"};
    for (const char* time : times) {
        UndEntry entry;
        entry.message.headers = {{"From", "Okafor, Chidi at LAGOSHUB", 0, true},
                                 {"Date", "3/16/99 17:45", 0, true},
                                 {"To", "Lindqvist, Asa at STOCKHLM", 0, true},
                                 {"Subject", "Freight schedule", 0, true}};
        ccm::Item item;
        item.kind = ccm::ItemKind::text;
        item.keyword = "Text item";
        item.data = kBody;
        entry.message.items = {item};
        entry.reason = "Header Buffer Full";
        entry.rejected_at = std::string("3/17/99 ") + time;
        entry.result_code = 1;
        offsets.push_back(file.size());
        file += write_und_entry(entry);
    }
    std::vector<UndEntry> entries;
    EventLog log;
    read_und(file, "loop.und", {}, log, [&](const UndEntry& e) { entries.push_back(e); });
    ASSERT_EQ(entries.size(), 5u);

    const auto groups = group_import_loops(entries);
    ASSERT_EQ(groups.size(), 1u);
    const LoopGroup& group = groups[0];
    EXPECT_EQ(group.attempt_count, 5u);
    ASSERT_EQ(group.attempts.size(), 5u);
    for (std::size_t i = 0; i < 5; ++i) {
        EXPECT_EQ(group.attempts[i].offset, offsets[i]);
        EXPECT_EQ(group.attempts[i].index, i);
        EXPECT_EQ(group.attempts[i].rejected_at, std::string("3/17/99 ") + times[i]);
        EXPECT_EQ(group.attempts[i].reason, "Header Buffer Full");
        EXPECT_EQ(group.attempts[i].result_code, 1);
    }
    EXPECT_EQ(group.subject, "Freight schedule");
    EXPECT_EQ(group.identity.from, "okafor, chidi at lagoshub");
    EXPECT_EQ(group.identity.subject, "Freight schedule");
    EXPECT_EQ(group.identity.date, "3/16/99 17:45");
    ASSERT_EQ(group.identity.item_sha256.size(), 1u);
    EXPECT_EQ(group.identity.key.size(), 64u);
}

TEST(UndLoops, SampleHoldsOneLoopOfFourAndOneSingleEntry) {
    const auto bytes = testing::sample("und/loop.und");
    LoopFinder finder;
    std::vector<std::uint64_t> offsets;
    EventLog log;
    read_und(bytes, "loop.und", {}, log, [&](const UndEntry& e) {
        offsets.push_back(e.message.offset);
        finder.add(e);
    });
    ASSERT_EQ(offsets.size(), 5u);

    const auto loops = finder.groups();
    ASSERT_EQ(loops.size(), 1u);
    EXPECT_EQ(loops[0].attempt_count, 4u);
    ASSERT_EQ(loops[0].attempts.size(), 4u);
    const std::size_t looping[] = {0, 1, 3, 4};
    for (std::size_t i = 0; i < 4; ++i) {
        EXPECT_EQ(loops[0].attempts[i].offset, offsets[looping[i]]);
        EXPECT_EQ(loops[0].attempts[i].source_file, "IMPORT\\MSG0A3F.CCM");
    }
    EXPECT_EQ(loops[0].attempts[3].rejected_at, "3/17/99 14:03:26");
    EXPECT_EQ(loops[0].identity.item_sha256.size(), 2u);

    const auto all = finder.groups(1);
    ASSERT_EQ(all.size(), 2u);
    EXPECT_EQ(all[1].attempt_count, 1u);
    EXPECT_EQ(all[1].attempts[0].offset, offsets[2]);
    EXPECT_EQ(all[1].attempts[0].reason, "Unknown Date Format");

    EventLog loop_log;
    report_import_loops(loops, "loop.und", loop_log);
    ASSERT_EQ(loop_log.events().size(), 1u);
    const Event& e = loop_log.events()[0];
    EXPECT_EQ(e.code, "UND-008");
    EXPECT_EQ(e.offset, offsets[0]);
    EXPECT_NE(e.detail.find("rejected 4 times"), std::string::npos) << e.detail;
    EXPECT_TRUE(loop_log.has_problems());
}

TEST(UndLoops, OffsetsAndRejectionLinesDoNotSplitAGroup) {
    std::vector<UndEntry> entries = {attempt(message(), 0, "a"), attempt(message(), 999, "b")};
    entries[1].reason = "something else";
    entries[1].result_code = 4;
    entries[1].source_file = "IMPORT\\OTHER.CCM";
    const auto groups = group_import_loops(entries);
    ASSERT_EQ(groups.size(), 1u);
    EXPECT_EQ(groups[0].attempts[1].offset, 999u);
    EXPECT_EQ(groups[0].attempts[1].result_code, 4);
}

TEST(UndLoops, BlanksAndAddressCaseAreNormalised) {
    ccm::Message respaced = message("  Freight   schedule ");
    respaced.to[0].raw = "LINDQVIST,  Asa at  stockhlm";
    respaced.date->raw = " 3/16/99  17:45";
    const std::vector<UndEntry> entries = {attempt(message(), 0, ""), attempt(respaced, 10, "")};
    EXPECT_EQ(group_import_loops(entries).size(), 1u);
    EXPECT_EQ(identify(respaced).key, identify(message()).key);
}

TEST(UndLoops, AnyDifferenceInTheMessageMakesAnotherGroup) {
    const ccm::Message base = message();
    std::vector<ccm::Message> variants;
    variants.push_back(message("Freight schedule, revised"));  // subject
    ccm::Message v = base;
    v.subject = "freight schedule";  // subject case is kept
    variants.push_back(v);
    v = base;
    v.from[0].raw = "Okafor, Chidi at LAGOS";  // sender
    variants.push_back(v);
    v = base;
    v.to.pop_back();  // a recipient fewer
    variants.push_back(v);
    v = base;
    v.cc = {address("Admin at HUBPO2")};  // a copy recipient more
    variants.push_back(v);
    v = base;
    v.date->raw = "3/16/99 17:46";  // date
    variants.push_back(v);
    v = base;
    v.date.reset();  // no date at all
    variants.push_back(v);
    v = base;
    v.items[0].data = "Figures for the third quarter attached.";  // item bytes
    variants.push_back(v);
    v = base;
    v.items.push_back(base.items[0]);  // an item more
    variants.push_back(v);

    for (std::size_t i = 0; i < variants.size(); ++i) {
        const std::vector<UndEntry> entries = {attempt(base, 0, ""), attempt(variants[i], 100, "")};
        EXPECT_EQ(group_import_loops(entries, 1).size(), 2u) << "variant " << i;
        EXPECT_TRUE(group_import_loops(entries).empty()) << "variant " << i;
    }
}

TEST(UndLoops, UnclaimedBytesDoNotChangeTheIdentity) {
    // Console text that landed inside one attempt (Q179072) is damage, not message content.
    ccm::Message damaged = message();
    ccm::Item unclaimed;
    unclaimed.kind = ccm::ItemKind::unclaimed;
    unclaimed.data = "Importing messages from file IMPORT\\MSG0A3F.CCM";
    damaged.items.push_back(unclaimed);
    EXPECT_EQ(identify(damaged).key, identify(message()).key);
}

TEST(UndLoops, ItemHashesComeFromTheDataWhenTheReaderDidNotSetThem) {
    ccm::Message hashed = message();
    hashed.items[0].sha256 = identify(message()).item_sha256[0];
    EXPECT_EQ(identify(hashed).key, identify(message()).key);
}

TEST(UndLoops, AttemptsKeptAreBoundedButCountedExactly) {
    LoopFinder finder(2);
    for (std::uint64_t i = 0; i < 5; ++i) finder.add(attempt(message(), i * 100, ""));
    const auto groups = finder.groups();
    ASSERT_EQ(groups.size(), 1u);
    EXPECT_EQ(groups[0].attempt_count, 5u);
    ASSERT_EQ(groups[0].attempts.size(), 2u);
    EXPECT_EQ(groups[0].attempts[1].offset, 100u);
}

TEST(UndLoops, SingleEntriesAreNotReported) {
    const std::vector<UndEntry> entries = {attempt(message("one"), 0, ""),
                                           attempt(message("two"), 50, "")};
    const auto groups = group_import_loops(entries, 1);
    ASSERT_EQ(groups.size(), 2u);
    EventLog log;
    report_import_loops(groups, "x.und", log);
    EXPECT_EQ(log.total(), 0u);
}

}  // namespace
}  // namespace ccsalvage::und
