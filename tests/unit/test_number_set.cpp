// The reader's set of message numbers (parsers/po/number_set.hpp): sorted and unique once
// sealed, each number's rank for the arrays kept beside it, the numbers added twice, the same
// in a scratch space as on the heap.
#include "parsers/po/number_set.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <string>
#include <vector>

namespace ccsalvage::po::detail {
namespace {

namespace fs = std::filesystem;

NumberSet set_of(const std::vector<std::uint32_t>& numbers, ScratchSpace* space = nullptr) {
    NumberSet set(numbers.size(), space);
    for (const auto n : numbers) set.add(n);
    set.seal();
    return set;
}

TEST(NumberSet, SealedNumbersAreFoundByRank) {
    const NumberSet set = set_of({40, 7, 19, 3, 1000});
    EXPECT_EQ(set.size(), 5u);
    EXPECT_EQ(set.position(3), 0u);
    EXPECT_EQ(set.position(7), 1u);
    EXPECT_EQ(set.position(19), 2u);
    EXPECT_EQ(set.position(40), 3u);
    EXPECT_EQ(set.position(1000), 4u);
    for (const std::uint32_t absent : {0U, 2U, 8U, 41U, 999U, 1001U, 0xFFFFFFFFU}) {
        EXPECT_EQ(set.position(absent), NumberSet::kAbsent) << absent;
        EXPECT_FALSE(set.contains(absent)) << absent;
    }
    EXPECT_TRUE(set.repeated().empty());
}

TEST(NumberSet, NumbersAddedTwiceAreKeptOnceAndListed) {
    const NumberSet set = set_of({5, 9, 5, 2, 9, 9, 11});
    EXPECT_EQ(set.size(), 4u);  // 2 5 9 11
    EXPECT_EQ(set.position(11), 3u);
    EXPECT_EQ(set.repeated(), (std::vector<std::uint32_t>{5, 9}));
}

TEST(NumberSet, EmptyAndAddingPastTheCapacity) {
    NumberSet empty(0, nullptr);
    empty.seal();
    EXPECT_EQ(empty.size(), 0u);
    EXPECT_FALSE(empty.contains(1));
    EXPECT_THROW(empty.add(1), std::length_error);  // the capacity is the caller's bound
}

TEST(NumberSet, InAScratchSpaceTheSameAsOnTheHeap) {
    const fs::path dir =
        fs::temp_directory_path() / ("ccsalvage-number-set-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    {
        const auto space = ScratchSpace::open(dir, nullptr, 0);
        ASSERT_NE(space, nullptr);
        std::vector<std::uint32_t> numbers;
        for (std::uint32_t i = 0; i < 50000; ++i) numbers.push_back((i * 7919U) % 40000U);
        const NumberSet heap = set_of(numbers);
        const NumberSet scratch = set_of(numbers, space.get());
        EXPECT_GT(space->bytes_mapped(), 0u);
        space->release_resident();
        ASSERT_EQ(scratch.size(), 40000u);
        ASSERT_EQ(heap.size(), scratch.size());
        EXPECT_EQ(scratch.repeated(), heap.repeated());
        EXPECT_EQ(scratch.repeated().size(), 10000u);
        for (std::uint32_t n = 0; n < 40000; n += 37) EXPECT_EQ(scratch.position(n), n);
    }
    fs::remove_all(dir);
}

}  // namespace
}  // namespace ccsalvage::po::detail
