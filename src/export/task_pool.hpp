#pragma once
// Threads that do the per-message work of an export (load, identity, MIME) while the
// exporter's own thread settles messages in order (--jobs). Tasks run in any order on any
// worker; the caller keeps the output order by taking the results in the order it submitted
// them, so the bytes written are the same with one thread or several. A caller that waits for
// a result runs queued tasks itself meanwhile (wait), so no thread idles while work is queued.
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <future>
#include <mutex>
#include <thread>
#include <type_traits>
#include <utility>
#include <vector>

namespace ccsalvage::exporting {

class TaskPool {
  public:
    explicit TaskPool(std::size_t workers);
    ~TaskPool();  // drops queued tasks, waits for running ones
    TaskPool(const TaskPool&) = delete;
    TaskPool& operator=(const TaskPool&) = delete;

    // Queues `work`; its result or exception arrives through the future.
    template <class Work>
    std::future<std::invoke_result_t<Work&>> submit(Work work) {
        std::packaged_task<std::invoke_result_t<Work&>()> task(std::move(work));
        auto result = task.get_future();
        enqueue(std::packaged_task<void()>(
            [task = std::move(task)]() mutable { task(); }));  // exceptions go to the future
        return result;
    }

    // Returns once `result` is ready, running queued tasks (oldest first) on this thread while
    // it is not: the oldest is usually the one waited for.
    template <class T>
    void wait(const std::future<T>& result) {
        while (result.wait_for(std::chrono::seconds(0)) != std::future_status::ready) {
            if (!run_one()) {
                result.wait();
                return;
            }
        }
    }

  private:
    void enqueue(std::packaged_task<void()> task);
    bool run_one();  // runs the oldest queued task here; false when none is queued
    void work();

    std::mutex mutex_;
    std::condition_variable ready_;
    std::deque<std::packaged_task<void()>> tasks_;
    bool stopping_ = false;
    std::vector<std::thread> threads_;
};

}  // namespace ccsalvage::exporting
