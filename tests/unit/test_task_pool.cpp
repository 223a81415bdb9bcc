// TaskPool (src/export/task_pool.*): results through futures whatever thread ran the task, in
// the order the caller takes them; exceptions delivered; a waiting caller runs queued tasks
// itself; tasks nobody waits for any more are dropped when the pool ends.
#include "export/task_pool.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace ccsalvage::exporting {
namespace {

TEST(TaskPool, ResultsComeBackInTheOrderTheyAreTaken) {
    TaskPool pool(3);
    std::vector<std::future<std::string>> results;
    for (int i = 0; i < 500; ++i) {
        results.push_back(pool.submit([i] { return std::to_string(i * i); }));
    }
    for (int i = 0; i < 500; ++i) {
        pool.wait(results[static_cast<std::size_t>(i)]);
        EXPECT_EQ(results[static_cast<std::size_t>(i)].get(), std::to_string(i * i));
    }
}

TEST(TaskPool, AnExceptionArrivesThroughTheFuture) {
    TaskPool pool(1);
    auto failing = pool.submit([]() -> int { throw std::runtime_error("bad record"); });
    auto fine = pool.submit([] { return 7; });
    pool.wait(failing);
    EXPECT_THROW(failing.get(), std::runtime_error);
    pool.wait(fine);
    EXPECT_EQ(fine.get(), 7);
}

TEST(TaskPool, AWaitingCallerRunsQueuedTasksItself) {
    TaskPool pool(0);  // no workers: only wait() can run them
    const auto caller = std::this_thread::get_id();
    auto first = pool.submit([] { return std::this_thread::get_id(); });
    auto second = pool.submit([] { return std::this_thread::get_id(); });
    pool.wait(second);  // runs the oldest first, then the one waited for
    ASSERT_EQ(first.wait_for(std::chrono::seconds(0)), std::future_status::ready);
    EXPECT_EQ(first.get(), caller);
    EXPECT_EQ(second.get(), caller);
}

TEST(TaskPool, TasksNobodyRanAreDroppedWhenThePoolEnds) {
    std::future<int> orphan;
    {
        TaskPool pool(0);
        orphan = pool.submit([] { return 1; });
    }
    EXPECT_THROW(orphan.get(), std::future_error);
}

}  // namespace
}  // namespace ccsalvage::exporting
