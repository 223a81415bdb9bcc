// Findings cite the knowledge base: each cited event and result code exists in it, and the
// citations follow the finding (Bad -> event 54, an undeliverable line -> its result code).
#include "flow/citations.hpp"

#include <gtest/gtest.h>

#include "flow/connector_events.hpp"
#include "kb/knowledge_base.hpp"

namespace ccsalvage::flow {
namespace {

void expect_known(const Citation& c) {
    for (long id : c.events) EXPECT_NE(kb::find_event(id), nullptr) << "event " << id;
    for (long id : c.codes) EXPECT_NE(kb::find_code(id), nullptr) << "code " << id;
    for (const auto& article : c.kb) EXPECT_EQ(article.rfind('Q', 0), 0U) << article;
}

TEST(Citations, EveryCitedEventAndCodeIsInTheKnowledgeBase) {
    for (const auto& code : events::kCatalogue) expect_known(cite_event_code(code.id));
    EXPECT_EQ(cite_event_code("CONN-005").events, std::vector<long>{54});
    EXPECT_EQ(cite_event_code("CONN-009").kb, std::vector<std::string>{"Q223772"});
    EXPECT_TRUE(cite_event_code("CONN-011").kb.empty());
}

TEST(Citations, LinesCiteWhatTheirStateRestsOn) {
    LedgerLine line;
    line.state = LedgerState::undeliverable;
    Copy entry;
    entry.kind = CopyKind::und_entry;
    entry.result_code = 5;
    ChunkedList<Copy> copies;
    copies.push_back(entry);
    line.copies = ChunkedRange<Copy>(copies, 0, 1);
    EXPECT_EQ(cite_line(line).codes, std::vector<long>{5});
    EXPECT_EQ(cite_line(line).events, std::vector<long>{63});
    copies[0].result_code = 1;
    EXPECT_EQ(cite_line(line).events, std::vector<long>{59});
    line.state = LedgerState::duplicate;
    EXPECT_EQ(cite_line(line).kb, std::vector<std::string>{"Q184524"});
    line.state = LedgerState::missing_from_post_office;
    EXPECT_EQ(cite_line(line).kb, std::vector<std::string>{"Q157684"});
    line.state = LedgerState::stuck_in_queue;
    line.reason = "Bad (Ccmcdata/Bad/MSG0001.CCM)";
    EXPECT_EQ(cite_line(line).events, std::vector<long>{54});
    for (std::size_t s = 0; s < kLedgerStates; ++s) {
        line.state = static_cast<LedgerState>(s);
        expect_known(cite_line(line));
    }
}

}  // namespace
}  // namespace ccsalvage::flow
