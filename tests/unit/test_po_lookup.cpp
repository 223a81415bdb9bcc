// PostOffice::find_message / find_entry (parsers/po/reader.cpp): binary searches in the lookups
// the reader builds, with the answers a scan of the lists gives.
#include <gtest/gtest.h>

#include "parsers/po/model.hpp"

namespace ccsalvage::po {
namespace {

MessageRecord message(std::uint32_t number, std::string subject) {
    MessageRecord m;
    m.header.message_number = number;
    m.header.subject = std::move(subject);
    return m;
}

DirectoryRecord entry(std::uint32_t id, std::string name) {
    DirectoryRecord d;
    d.entry.entry_id = id;
    d.entry.name = std::move(name);
    return d;
}

// A damaged index can list messages out of order; the lookup must not care.
TEST(PoLookup, FindsMessagesInAnyOrderAndMissesWhatIsNotThere) {
    PostOffice po;
    for (const std::uint32_t n : {180U, 3U, 4000000000U, 179U}) {
        po.messages.push_back(message(n, "m" + std::to_string(n)));
    }
    po.index_lookups();
    for (const auto& m : po.messages) {
        const MessageRecord* found = po.find_message(m.header.message_number);
        ASSERT_NE(found, nullptr);
        EXPECT_EQ(found, &m);
    }
    EXPECT_EQ(po.find_message(0), nullptr);
    EXPECT_EQ(po.find_message(181), nullptr);
    EXPECT_EQ(po.find_message(4000000001U), nullptr);
}

// Two directory records with one id (a damaged directory): the first in list order, as a scan
// finds it.
TEST(PoLookup, FirstOfEqualIdsInListOrder) {
    PostOffice po;
    po.directory.push_back(entry(7, "first"));
    po.directory.push_back(entry(2, "other"));
    po.directory.push_back(entry(7, "second"));
    po.index_lookups();
    ASSERT_NE(po.find_entry(7), nullptr);
    EXPECT_EQ(po.find_entry(7)->entry.name, "first");
    EXPECT_EQ(po.find_entry(2)->entry.name, "other");
    EXPECT_EQ(po.find_entry(8), nullptr);
}

// Lists changed after index_lookups() (or never indexed) are scanned, not misread.
TEST(PoLookup, ListsChangedAfterIndexingAreScanned) {
    PostOffice po;
    po.messages.push_back(message(10, "ten"));
    EXPECT_EQ(po.find_message(10)->header.subject, "ten");  // no lookup built yet
    po.index_lookups();
    po.messages.push_back(message(11, "eleven"));
    ASSERT_NE(po.find_message(11), nullptr);
    EXPECT_EQ(po.find_message(11)->header.subject, "eleven");
    EXPECT_EQ(po.find_message(10)->header.subject, "ten");
}

}  // namespace
}  // namespace ccsalvage::po
