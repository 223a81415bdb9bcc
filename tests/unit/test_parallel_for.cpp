#include "case/parallel_for.hpp"

#include <gtest/gtest.h>

#include <mutex>
#include <stdexcept>
#include <string>

namespace ccsalvage::casefolder {
namespace {

TEST(ParallelFor, RunsEveryIndexOnceWhateverTheThreads) {
    for (const unsigned threads : {1U, 2U, 4U}) {
        std::vector<int> runs(100, 0);
        parallel_for(runs.size(), threads, [&runs](std::size_t i) { ++runs[i]; });
        EXPECT_EQ(runs, std::vector<int>(100, 1)) << threads << " thread(s)";
    }
}

TEST(ParallelFor, OnOneThreadTakesThePartsInTheOrderGiven) {
    std::vector<std::size_t> taken;
    parallel_for_in_order({3, 0, 2, 1}, 1, [&taken](std::size_t i) { taken.push_back(i); });
    EXPECT_EQ(taken, (std::vector<std::size_t>{3, 0, 2, 1}));
}

TEST(ParallelFor, RethrowsTheLowestIndexsErrorWhateverTheOrder) {
    // Index 4 is taken first, index 1 last: the error of index 1 is the one a plain loop
    // would have met first, so it is the one reported.
    for (const unsigned threads : {1U, 2U}) {
        std::mutex mutex;
        std::vector<std::size_t> ran;
        try {
            parallel_for_in_order({4, 2, 0, 3, 1}, threads, [&](std::size_t i) {
                {
                    const std::lock_guard lock(mutex);
                    ran.push_back(i);
                }
                if (i == 1 || i == 4) throw std::runtime_error("part " + std::to_string(i));
            });
            ADD_FAILURE() << "no exception";
        } catch (const std::runtime_error& e) {
            EXPECT_STREQ(e.what(), "part 1");
        }
        EXPECT_EQ(ran.size(), 5U) << "every part still runs after an error";
    }
}

TEST(ParallelFor, LargestFirstKeepsIndexOrderAmongEqualSizes) {
    const std::vector<std::uint64_t> sizes{5, 800, 0, 5, 12};
    const auto size_of = [&sizes](std::size_t i) { return sizes[i]; };
    EXPECT_EQ(largest_first(sizes.size(), size_of), (std::vector<std::size_t>{1, 4, 0, 3, 2}));
    EXPECT_TRUE(largest_first(0, size_of).empty());
}

}  // namespace
}  // namespace ccsalvage::casefolder
