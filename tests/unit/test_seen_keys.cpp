#include "export/seen_keys.hpp"

#include <gtest/gtest.h>

#include <string>

namespace ccsalvage::exporting {
namespace {

TEST(SeenKeys, FindsWhatWasEmplacedWithItsTarget) {
    SeenKeys seen;
    seen.emplace(
        "identity-a\x1epo\x1fuser\x1f"
        "Inbox\x1f"
        "1",
        "mbox/po/user/Inbox.mbox");
    seen.emplace("identity-b", "maildir/po/user/cur/1.eml");
    ASSERT_TRUE(seen.find("identity-b").has_value());
    EXPECT_EQ(*seen.find("identity-b"), "maildir/po/user/cur/1.eml");
    EXPECT_EQ(*seen.find("identity-a\x1epo\x1fuser\x1f"
                         "Inbox\x1f"
                         "1"),
              "mbox/po/user/Inbox.mbox");
    EXPECT_FALSE(seen.contains("identity-a"));
    EXPECT_EQ(seen.count("identity-c"), 0U);
    EXPECT_EQ(seen.size(), 2U);
}

TEST(SeenKeys, KeepsTheFirstTargetOfAKey) {
    SeenKeys seen;
    seen.emplace("k", "first");
    seen.emplace("k", "second");
    EXPECT_EQ(*seen.find("k"), "first");
    EXPECT_EQ(seen.size(), 1U);
}

TEST(SeenKeys, ManyKeysSharingOneTargetAllFound) {
    SeenKeys seen;
    for (int i = 0; i < 5000; ++i) seen.emplace("key " + std::to_string(i), "a.mbox");
    for (int i = 0; i < 5000; ++i) {
        ASSERT_TRUE(seen.contains("key " + std::to_string(i))) << i;
    }
    EXPECT_FALSE(seen.contains("key 5000"));
    EXPECT_EQ(*seen.find("key 4999"), "a.mbox");
}

}  // namespace
}  // namespace ccsalvage::exporting
