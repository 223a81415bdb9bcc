// The record pool (core/scratch_pool.hpp): small lists made in it take their memory from
// chunks of the scratch space (or the heap without one), keep their values across a release
// of the space's resident pages, cost no allocation each, and give every chunk back when the
// pool goes; a copy of a list made in the pool lives on the heap.
#include "core/scratch_pool.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <memory_resource>
#include <numeric>
#include <string>
#include <vector>

namespace ccsalvage {
namespace {

namespace fs = std::filesystem;

class ScratchPoolTest : public ::testing::Test {
  protected:
    void SetUp() override {
        dir = fs::temp_directory_path() /
              ("ccsalvage-scratch-pool-" + std::to_string(::getpid()) + "-" +
               ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(dir);
        fs::create_directories(dir);
        space = ScratchSpace::open(dir, &why, 0);
    }
    void TearDown() override {
        space.reset();
        fs::remove_all(dir);
    }
    fs::path dir;
    std::string why;
    std::shared_ptr<ScratchSpace> space;
};

// Many lists of a few values each, as the reader makes them (a record's blocks).
std::vector<std::pmr::vector<std::uint32_t>> lists_in(std::pmr::memory_resource* pool,
                                                      std::size_t count) {
    std::vector<std::pmr::vector<std::uint32_t>> lists;
    lists.reserve(count);
    for (std::size_t i = 0; i < count; ++i) {
        std::pmr::vector<std::uint32_t> list(pool);
        list.resize(1 + i % 3);
        std::iota(list.begin(), list.end(), static_cast<std::uint32_t>(i));
        lists.push_back(std::move(list));
    }
    return lists;
}

TEST_F(ScratchPoolTest, ListsTakeTheirMemoryFromTheScratchSpaceAndKeepIt) {
    ASSERT_NE(space, nullptr) << why;
    ScratchPool pool(space);
    EXPECT_TRUE(pool.in_scratch());
    constexpr std::size_t kLists = 100000;
    const auto lists = lists_in(&pool, kLists);
    // 8 bytes a list on average: the chunks hold them with no header each (malloc would
    // have taken 32 bytes for each of them).
    EXPECT_GT(pool.chunk_bytes(), 0u);
    EXPECT_LT(pool.chunk_bytes(), std::uint64_t{kLists} * 16);
    EXPECT_GE(space->bytes_mapped(), pool.chunk_bytes());
    space->release_resident();
    for (std::size_t i = 0; i < kLists; ++i) {
        ASSERT_EQ(lists[i].size(), 1 + i % 3) << i;
        ASSERT_EQ(lists[i].front(), static_cast<std::uint32_t>(i)) << i;
        ASSERT_EQ(lists[i].back(), static_cast<std::uint32_t>(i + i % 3)) << i;
        ASSERT_EQ(lists[i].get_allocator().resource(), &pool);
    }
}

TEST_F(ScratchPoolTest, EveryChunkGoesBackWithThePool) {
    ASSERT_NE(space, nullptr) << why;
    const std::uint64_t before = space->bytes_mapped();
    {
        ScratchPool pool(space);
        const auto lists = lists_in(&pool, 50000);
        EXPECT_GT(space->bytes_mapped(), before);
    }
    EXPECT_EQ(space->bytes_mapped(), before);
}

TEST_F(ScratchPoolTest, WithoutASpaceTheChunksAreOnTheHeap) {
    ScratchPool pool(nullptr);
    EXPECT_FALSE(pool.in_scratch());
    const auto lists = lists_in(&pool, 10000);
    EXPECT_GE(pool.chunk_bytes(), ScratchPool::kFirstChunk);
    EXPECT_EQ(lists.back().back(), 9999u + 9999u % 3);
}

TEST_F(ScratchPoolTest, ACopyOfAListLivesOnTheHeapAndOutlivesThePool) {
    ASSERT_NE(space, nullptr) << why;
    std::pmr::vector<std::uint32_t> copy;
    {
        ScratchPool pool(space);
        std::pmr::vector<std::uint32_t> list({7, 8, 9}, &pool);
        copy = list;  // copy-assigned: the destination keeps its own (default) resource
        const std::pmr::vector<std::uint32_t> constructed(list);
        EXPECT_EQ(constructed.get_allocator().resource(), std::pmr::get_default_resource());
    }
    EXPECT_EQ(copy.get_allocator().resource(), std::pmr::get_default_resource());
    EXPECT_EQ(copy, (std::pmr::vector<std::uint32_t>{7, 8, 9}));
}

TEST_F(ScratchPoolTest, ALargeAllocationGetsAChunkOfItsOwn) {
    ASSERT_NE(space, nullptr) << why;
    ScratchPool pool(space);
    std::pmr::vector<std::uint64_t> large(&pool);
    large.resize(1U << 20U);  // 8 MiB, past the first chunks' size
    large.back() = 42;
    space->release_resident();
    EXPECT_EQ(large.back(), 42u);
    EXPECT_GE(pool.chunk_bytes(), std::uint64_t{8} << 20U);
}

}  // namespace
}  // namespace ccsalvage
