// TextPool: kept text equals what was given and stays where it is while more is added (views
// taken early still read right after many blocks), interned text is one copy per distinct
// string, long text gets a block of its own without wasting the current one, empty text costs
// nothing.
#include "core/text_pool.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace ccsalvage {
namespace {

TEST(TextPool, KeptTextStaysValidAcrossManyBlocks) {
    TextPool pool;
    std::vector<std::pair<std::string, PooledText>> kept;
    for (int i = 0; i < 20000; ++i) {
        std::string text =
            "message " + std::to_string(i) + std::string(static_cast<std::size_t>(i % 97), 'x');
        const PooledText view = pool.keep(text);
        kept.emplace_back(std::move(text), view);
    }
    for (const auto& [text, view] : kept) ASSERT_EQ(view, text);
    EXPECT_GT(pool.bytes(), std::size_t{20000} * 8);
}

TEST(TextPool, InternKeepsOneCopyOfEqualText) {
    TextPool pool;
    std::string first = "HUBPO2/USR00003";
    const PooledText a = pool.intern(first);
    first[0] = 'X';  // the pool has its own copy
    const PooledText b = pool.intern(std::string("HUBPO2/USR00003"));
    EXPECT_EQ(a, "HUBPO2/USR00003");
    EXPECT_EQ(a.view().data(), b.view().data());
    const PooledText c = pool.intern("HUBPO2/USR00004");
    EXPECT_NE(a.view().data(), c.view().data());
    EXPECT_EQ(c, "HUBPO2/USR00004");
    // keep() never shares: a kept copy is a copy of its own.
    EXPECT_NE(pool.keep("HUBPO2/USR00003").view().data(), a.view().data());
}

TEST(TextPool, InterningRepeatedTextDoesNotGrowThePool) {
    TextPool pool;
    for (int i = 0; i < 100; ++i) pool.intern("Inbox of USR" + std::to_string(i));
    const std::size_t after_first = pool.bytes();
    for (int round = 0; round < 50; ++round) {
        for (int i = 0; i < 100; ++i) pool.intern("Inbox of USR" + std::to_string(i));
    }
    EXPECT_EQ(pool.bytes(), after_first);
}

TEST(TextPool, LongTextHasABlockOfItsOwnAndTheCurrentBlockGoesOn) {
    TextPool pool;
    const PooledText small = pool.keep("before");
    const std::size_t one_block = pool.bytes();
    const std::string big(200000, 'b');
    const PooledText kept_big = pool.keep(big);
    EXPECT_EQ(kept_big, big);
    EXPECT_EQ(pool.bytes(), one_block + big.size());
    // The next small text still goes into the first block: right behind "before".
    const PooledText after = pool.keep("after");
    EXPECT_EQ(after.view().data(), small.view().data() + small.size());
    EXPECT_EQ(small, "before");
}

TEST(TextPool, LongTextFirstThenSmallText) {
    TextPool pool;
    const std::string big(100000, 'q');
    const PooledText kept_big = pool.keep(big);
    const PooledText small = pool.keep("small");
    EXPECT_EQ(kept_big, big);
    EXPECT_EQ(small, "small");
}

TEST(TextPool, EmptyTextCostsNothing) {
    TextPool pool;
    EXPECT_TRUE(pool.keep("").empty());
    EXPECT_TRUE(pool.intern("").empty());
    EXPECT_EQ(pool.bytes(), pool.bytes());
    TextPool other;
    EXPECT_EQ(pool.bytes(), other.bytes());
}

}  // namespace
}  // namespace ccsalvage
