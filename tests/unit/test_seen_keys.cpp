#include "export/seen_keys.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
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

// In a scratch space the table keeps every key through its growths and through releases of
// its resident pages, and so does a table moved there after keys were added.
TEST(SeenKeys, KeysKeptInAScratchFileAreAllFound) {
    const auto dir =
        std::filesystem::temp_directory_path() / ("ccsalvage-seen-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    {
        SeenKeys seen;
        for (int i = 0; i < 100; ++i) seen.emplace("early " + std::to_string(i), "early.mbox");
        auto space = ScratchSpace::open(dir, nullptr, 0);
        ASSERT_NE(space, nullptr);
        seen.keep_in(space);
        for (int i = 0; i < 20000; ++i) {
            seen.emplace("key " + std::to_string(i), "target " + std::to_string(i % 7));
            if (i % 1000 == 0) space->release_resident();
        }
        EXPECT_GT(space->bytes_mapped(), 20000u * 20u);
        EXPECT_EQ(seen.size(), 20100u);
        for (int i = 0; i < 100; ++i) EXPECT_TRUE(seen.contains("early " + std::to_string(i)));
        for (int i = 0; i < 20000; ++i) {
            ASSERT_EQ(*seen.find("key " + std::to_string(i)), "target " + std::to_string(i % 7));
        }
        EXPECT_FALSE(seen.contains("key 20000"));
    }
    std::filesystem::remove_all(dir);
}

// The resident KiB of every mapping of the scratch files in `dir` (/proc/self/smaps).
long scratch_resident_kib(const std::filesystem::path& dir) {
    std::ifstream smaps("/proc/self/smaps");
    long total = 0;
    bool inside = false;
    for (std::string line; std::getline(smaps, line);) {
        std::uintptr_t from = 0, to = 0;
        if (std::sscanf(line.c_str(), "%lx-%lx ", &from, &to) == 2) {
            inside = line.find(dir.string()) != std::string::npos;
            continue;
        }
        if (inside && line.rfind("Rss:", 0) == 0) total += std::stol(line.substr(4));
    }
    return total;
}

// Lookups land on random slots, and through the mapping the kernel maps up to 16 pages around
// each page read: a table in a scratch file is read and written with positioned reads and
// writes instead, so that neither adding keys nor looking them up keeps any of it resident,
// however large it is (growing reads the old table through the mapping, a piece at a time).
TEST(SeenKeys, LookupsKeepFewOfATableInAScratchFileResident) {
    const auto dir = std::filesystem::temp_directory_path() /
                     ("ccsalvage-seen-resident-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    {
        auto space = ScratchSpace::open(dir, nullptr, 0);
        ASSERT_NE(space, nullptr);
        SeenKeys seen;
        seen.keep_in(space);
        constexpr int kKeys = 200000;  // 2^19 slots of 20 bytes: a 10 MiB table
        long most_adding = 0;
        for (int i = 0; i < kKeys; ++i) {
            seen.emplace("key " + std::to_string(i), "t.mbox");
            if (i % 1000 == 999) most_adding = std::max(most_adding, scratch_resident_kib(dir));
        }
        EXPECT_LT(most_adding, 1024) << "KiB of the table resident while keys were added";
        long most = 0;
        for (int i = 0; i < 4000; ++i) {
            ASSERT_TRUE(seen.contains("key " + std::to_string((i * 7919) % kKeys)));
            if (i % 100 == 99) most = std::max(most, scratch_resident_kib(dir));
        }
        EXPECT_GT(space->bytes_mapped(), std::uint64_t{8} << 20U);
        EXPECT_LE(most, 16) << "KiB of the table resident during the lookups";
    }
    std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace ccsalvage::exporting
