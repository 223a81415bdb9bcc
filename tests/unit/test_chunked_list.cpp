#include "flow/chunked_list.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

namespace ccsalvage::flow {
namespace {

TEST(ChunkedList, KeepsOrderAndIndexAcrossChunks) {
    ChunkedList<std::string> list;
    const std::size_t n = ChunkedList<std::string>::kPerChunk * 3 + 7;
    for (std::size_t i = 0; i < n; ++i) list.push_back("item " + std::to_string(i));
    ASSERT_EQ(list.size(), n);
    for (std::size_t i = 0; i < n; ++i) {
        EXPECT_EQ(list[i], "item " + std::to_string(i));
    }
    list[n - 1] = "changed";
    const auto& read_only = list;
    EXPECT_EQ(read_only[n - 1], "changed");
    EXPECT_EQ(read_only[0], "item 0");
}

TEST(ChunkedList, ElementsStayWhereTheyAreWhileItGrows) {
    ChunkedList<int> list;
    list.push_back(1);
    const int* first = &list[0];
    for (int i = 0; i < 100000; ++i) list.push_back(i);
    EXPECT_EQ(first, &list[0]);  // no reallocation moved it
    EXPECT_EQ(*first, 1);
}

TEST(ChunkedList, ARangeReadsItsElementsAcrossChunkBoundaries) {
    ChunkedList<int> list;
    const std::size_t per = ChunkedList<int>::kPerChunk;
    for (std::size_t i = 0; i < per * 2 + 10; ++i) list.push_back(static_cast<int>(i));
    const ChunkedRange<int> range(list, per - 3, per + 6);  // three chunks
    ASSERT_EQ(range.size(), per + 6);
    EXPECT_EQ(range.front(), static_cast<int>(per - 3));
    EXPECT_EQ(range[per + 5], static_cast<int>(2 * per + 2));
    int expected = static_cast<int>(per - 3);
    std::size_t seen = 0;
    for (const int value : range) {
        EXPECT_EQ(value, expected++);
        ++seen;
    }
    EXPECT_EQ(seen, range.size());
    EXPECT_TRUE(std::all_of(range.begin(), range.end(), [](int v) { return v >= 0; }));
    const ChunkedRange<int> none;
    EXPECT_TRUE(none.empty());
    EXPECT_EQ(none.begin(), none.end());
}

TEST(ChunkedList, ClearEmptiesIt) {
    ChunkedList<int> list;
    for (int i = 0; i < 10; ++i) list.push_back(i);
    list.clear();
    EXPECT_EQ(list.size(), 0u);
    list.push_back(42);
    EXPECT_EQ(list[0], 42);
}

}  // namespace
}  // namespace ccsalvage::flow
