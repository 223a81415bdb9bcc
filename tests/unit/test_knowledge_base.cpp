#include "kb/knowledge_base.hpp"

#include <gtest/gtest.h>

#include <set>

namespace ccsalvage::kb {
namespace {

TEST(KnowledgeBase, HasEveryDocumentedCodeAndConnectorEvent) {
    for (long code : {0, 1, 2, 3, 4, 5}) EXPECT_NE(find_code(code), nullptr) << "code " << code;
    for (long event : {43, 45, 54, 58, 59, 62, 63,    65,    67,    68,    70,   71,
                       82, 83, 85, 86, 87, 98, 11001, 14001, 14005, 14015, 14031}) {
        const auto* e = find_event(event);
        ASSERT_NE(e, nullptr) << "event " << event;
        EXPECT_EQ(e->source, "MSExchangeCCMC");
    }
    EXPECT_EQ(find_event(1029)->source, "MSExchangeMig");
    EXPECT_EQ(find_event(99999), nullptr);
}

TEST(KnowledgeBase, EntriesAreCompleteAndConsistent) {
    std::set<std::pair<std::string, long>> seen;
    for (const auto& e : entries()) {
        EXPECT_TRUE(seen.insert({e.kind + e.source, e.id}).second) << e.kind << " " << e.id;
        EXPECT_FALSE(e.title.empty());
        EXPECT_FALSE(e.meaning.empty());
        EXPECT_TRUE(e.status == "documented" || e.status == "inferred" || e.status == "unknown");
        if (e.status != "unknown") {
            EXPECT_FALSE(e.kb.empty()) << e.kind << " " << e.id;
        }
        for (const auto& k : e.kb) EXPECT_EQ(k.rfind('Q', 0), 0u) << k;
        for (const auto& c : e.causes) EXPECT_EQ(c.find("see result code"), std::string::npos) << c;
        for (long r : e.related) {
            EXPECT_NE(e.kind == "code" ? find_event(r) : find_code(r), nullptr)
                << e.kind << " " << e.id << " relates to missing " << r;
        }
    }
}

TEST(KnowledgeBase, EventsThatPassOnACodeShareItsCauses) {
    const auto* event = find_event(70);
    const auto* code = find_code(3);
    ASSERT_TRUE(event && code);
    EXPECT_EQ(event->causes, code->causes);
    EXPECT_FALSE(event->causes.empty());
}

}  // namespace
}  // namespace ccsalvage::kb
