// The ledger: one line per message with one state, every copy listed once, states chosen by
// the documented precedence, incomplete copies filed under their whole message, folder
// entries under their record, duplicates split into lines of their own that point at the
// original, and a check that notices when the totals do not add up.
#include "flow/ledger.hpp"

#include <gtest/gtest.h>

namespace ccsalvage::flow {
namespace {

Sighting record(const std::string& office, std::uint32_t number, const std::string& identity,
                std::uint64_t offset) {
    Sighting s;
    s.copy.kind = CopyKind::po_record;
    s.copy.file = office + "/CLANDATA";
    s.copy.offset = offset;
    s.copy.place = office;
    s.copy.message_number = number;
    s.identity = identity;
    s.header_identity = "h-" + identity;
    s.subject = "subject of " + identity;
    return s;
}

Sighting queued(Queue queue, const std::string& name, const std::string& identity,
                bool complete = true) {
    Sighting s;
    s.copy.kind = CopyKind::ccm;
    s.copy.queue = queue;
    s.copy.place = std::string(to_string(queue));
    s.copy.file = "Ccmcdata/" + s.copy.place + "/" + name;
    s.copy.complete = complete;
    s.identity = complete ? identity : identity + "-cut";
    s.header_identity = "h-" + identity;
    return s;
}

Sighting folder_entry(const std::string& office, std::uint32_t number, bool queue = false) {
    Sighting s;
    s.copy.kind = CopyKind::folder_entry;
    s.copy.file = office + "/USR00001";
    s.copy.place = office;
    s.copy.message_number = number;
    s.copy.in_post_office_queue = queue;
    return s;
}

Sighting und_entry(const std::string& identity, std::uint64_t offset) {
    Sighting s;
    s.copy.kind = CopyKind::und_entry;
    s.copy.file = "Ccmcdata/CCMAIL.UND";
    s.copy.offset = offset;
    s.copy.reason = "Unknown Date Format";
    s.copy.result_code = 5;
    s.identity = identity;
    s.header_identity = "h-" + identity;
    return s;
}

const LedgerLine& only_line_with(const Ledger& ledger, const std::string& identity) {
    const LedgerLine* found = nullptr;
    for (const auto& line : ledger.lines) {
        if (line.identity == identity && line.state != LedgerState::duplicate) {
            EXPECT_EQ(found, nullptr) << identity << " on two lines";
            found = &line;
        }
    }
    EXPECT_NE(found, nullptr) << identity;
    return *found;
}

TEST(Ledger, StatesFollowThePrecedence) {
    LedgerBuilder b;
    b.add(record("SALES1", 10, "delivered", 512));
    b.add(folder_entry("SALES1", 10));
    b.add(record("SALES1", 11, "to-exchange", 1024));
    b.add(queued(Queue::bad, "MSG0001.CCM", "to-exchange"));
    b.add(queued(Queue::export_bak, "MSG0001.CCM", "to-exchange"));
    b.add(queued(Queue::import_bak, "MSG0100.CCM", "lost"));
    b.add(queued(Queue::import, "MSG0101.CCM", "looping"));
    b.add(und_entry("looping", 0));
    b.add(und_entry("looping", 900));
    b.add(record("HUBPO2", 12, "queued", 2048));
    b.add(folder_entry("HUBPO2", 12, true));
    b.add(queued(Queue::export_, "MSG0002.CCM", "cut-only", false));
    b.add(folder_entry("SALES1", 99));
    Ledger ledger = b.finish();
    EXPECT_TRUE(ledger.check().empty());
    EXPECT_EQ(only_line_with(ledger, "delivered").state, LedgerState::in_post_office);
    EXPECT_EQ(only_line_with(ledger, "delivered").copies.size(), 2U);  // record + entry
    EXPECT_EQ(only_line_with(ledger, "to-exchange").state, LedgerState::stuck_in_queue);
    EXPECT_EQ(only_line_with(ledger, "to-exchange").reason.view().rfind("Bad", 0), 0U);
    EXPECT_EQ(only_line_with(ledger, "lost").state, LedgerState::missing_from_post_office);
    const LedgerLine& loop = only_line_with(ledger, "looping");
    EXPECT_EQ(loop.state, LedgerState::undeliverable);
    EXPECT_EQ(loop.attempts, 2U);
    EXPECT_NE(loop.reason.view().find("Unknown Date Format"), std::string::npos);
    EXPECT_NE(loop.reason.view().find("MSG0101.CCM"), std::string::npos);
    EXPECT_EQ(only_line_with(ledger, "queued").state, LedgerState::stuck_in_queue);
    EXPECT_EQ(only_line_with(ledger, "cut-only-cut").state, LedgerState::quarantined);
    EXPECT_EQ(only_line_with(ledger, "").state, LedgerState::record_missing);
    EXPECT_EQ(ledger.totals.lines, 7U);
    EXPECT_EQ(ledger.totals.sightings, 13U);
    EXPECT_EQ(ledger.totals.copies_listed, 13U);
}

TEST(Ledger, RecoveredOnlyAndIncompleteCopiesFiledUnderTheWholeOne) {
    LedgerBuilder b;
    Sighting stale = record("MUNICH", 7, "old", 4096);
    stale.copy.kind = CopyKind::po_recovered;
    b.add(stale);
    b.add(queued(Queue::export_, "MSG0003.CCM", "waiting", false));  // cut
    b.add(queued(Queue::export_bak, "MSG0003.CCM", "waiting"));      // whole
    Ledger ledger = b.finish();
    EXPECT_TRUE(ledger.check().empty());
    EXPECT_EQ(only_line_with(ledger, "old").state, LedgerState::recovered);
    const LedgerLine& waiting = only_line_with(ledger, "waiting");
    EXPECT_EQ(waiting.copies.size(), 2U);
    EXPECT_EQ(waiting.state, LedgerState::stuck_in_queue);  // the cut copy still sits in Export
    EXPECT_EQ(ledger.totals.incomplete_copies, 1U);
}

TEST(Ledger, SecondDeliveriesAreDuplicateLinesPointingAtTheFirst) {
    LedgerBuilder b;
    b.add(queued(Queue::import_bak, "MSG2252.CCM", "twice"));
    b.add(queued(Queue::import_bak, "MSG2253.CCM", "twice"));
    b.add(record("SALES1", 1405, "twice", 28160));
    b.add(record("SALES1", 1406, "twice", 28672));
    b.add(folder_entry("SALES1", 1406));
    b.add(record("MUNICH", 2553, "twice", 29696));
    b.add(record("MUNICH", 2554, "twice", 30208));
    Ledger ledger = b.finish();
    EXPECT_TRUE(ledger.check().empty());
    ASSERT_EQ(ledger.lines.size(), 2U);
    const LedgerLine& first = ledger.lines[0];
    const LedgerLine& second = ledger.lines[1];
    EXPECT_EQ(first.state, LedgerState::in_post_office);
    EXPECT_EQ(second.state, LedgerState::duplicate);
    EXPECT_EQ(second.duplicate_of, first.id);
    ASSERT_EQ(second.copies.size(), 4U);  // MSG2253, #1406 and its entry, #2554
    for (const auto& copy : second.copies) EXPECT_TRUE(copy.duplicate);
    ASSERT_EQ(ledger.duplicates.size(), 3U);
    for (const auto& d : ledger.duplicates) {
        EXPECT_EQ(d.original, first.id);
        if (d.copy.kind == CopyKind::po_record) {
            EXPECT_EQ(d.original_copy.place, d.copy.place);
            EXPECT_LT(d.original_copy.message_number, d.copy.message_number);
        }
    }
    EXPECT_EQ(ledger.totals.messages, 1U);
    EXPECT_EQ(ledger.find_copy("SALES1/CLANDATA", 28672), &ledger.lines[1]);
    EXPECT_EQ(ledger.find_copy("LES1/CLANDATA", 28672), nullptr);  // whole path parts only
}

TEST(Ledger, OneMessageInSeveralPostOfficesIsNoDuplicate) {
    LedgerBuilder b;
    b.add(record("SALES1", 10, "spread", 512));
    b.add(record("MUNICH", 20, "spread", 512));
    b.add(queued(Queue::import, "MSG0005.CCM", "spread"));
    b.add(queued(Queue::import_bak, "MSG0005.CCM", "spread"));  // same queued file, copied
    Ledger ledger = b.finish();
    EXPECT_EQ(ledger.lines.size(), 1U);
    EXPECT_TRUE(ledger.duplicates.empty());
}

// Lines list their copies from the ledger's one list, which finish() puts in line order where
// it lies: a line's copies added far apart (records first, their folder entries thousands of
// sightings later, in reverse) are all under it, over several chunks of the list.
TEST(Ledger, CopiesAddedFarApartAreListedUnderTheirLine) {
    LedgerBuilder b;
    constexpr std::uint32_t kRecords = 4000;
    for (std::uint32_t n = 1; n <= kRecords; ++n) {
        b.add(record("SALES1", n, "m" + std::to_string(n), std::uint64_t{n} * 512));
    }
    for (int pass = 0; pass < 2; ++pass) {
        for (std::uint32_t n = kRecords; n >= 1; --n) b.add(folder_entry("SALES1", n));
    }
    const Ledger ledger = b.finish();
    EXPECT_TRUE(ledger.check().empty());
    ASSERT_EQ(ledger.lines.size(), kRecords);
    ASSERT_GT(ledger.copies->chunks(), 1U);
    for (const LedgerLine& line : ledger.lines) {
        ASSERT_EQ(line.copies.size(), 3U) << line.id;
        EXPECT_EQ(line.copies.front().kind, CopyKind::po_record);
        const std::uint32_t number = line.copies.front().message_number;
        EXPECT_EQ(line.identity, "m" + std::to_string(number));
        for (const Copy& c : line.copies) EXPECT_EQ(c.message_number, number) << line.id;
        EXPECT_EQ(line.copies[1].kind, CopyKind::folder_entry);
        EXPECT_EQ(line.copies[2].kind, CopyKind::folder_entry);
    }
}

TEST(Ledger, CheckNoticesTotalsThatDoNotAddUp) {
    LedgerBuilder b;
    b.add(record("SALES1", 10, "a", 512));
    b.add(record("SALES1", 11, "b", 1024));
    Ledger ledger = b.finish();
    EXPECT_TRUE(ledger.check().empty());
    Ledger lost_copy = ledger;
    lost_copy.lines[1].copies = {};  // the line lists no copy
    EXPECT_FALSE(lost_copy.check().empty());
    Ledger bad_total = ledger;
    bad_total.totals.by_state["in-post-office"] = 1;
    EXPECT_FALSE(bad_total.check().empty());
    Ledger bad_duplicate = ledger;
    bad_duplicate.lines[1].state = LedgerState::duplicate;
    bad_duplicate.lines[1].duplicate_of = 2;  // itself, a duplicate
    EXPECT_FALSE(bad_duplicate.check().empty());
}

}  // namespace
}  // namespace ccsalvage::flow
