#include "export/task_pool.hpp"

#include "mime/gmime_library.hpp"

namespace ccsalvage::exporting {

TaskPool::TaskPool(std::size_t workers) {
    mime::gmime();  // loaded once, before any worker composes (a missing GMime fails here)
    threads_.reserve(workers);
    for (std::size_t i = 0; i < workers; ++i) threads_.emplace_back([this] { work(); });
}

TaskPool::~TaskPool() {
    std::deque<std::packaged_task<void()>> dropped;
    {
        const std::lock_guard lock(mutex_);
        stopping_ = true;
        dropped.swap(tasks_);  // nobody waits for them any more: the run is over or failed
    }
    ready_.notify_all();
    for (auto& thread : threads_) thread.join();
}

void TaskPool::enqueue(std::packaged_task<void()> task) {
    {
        const std::lock_guard lock(mutex_);
        tasks_.push_back(std::move(task));
    }
    ready_.notify_one();
}

bool TaskPool::run_one() {
    std::packaged_task<void()> task;
    {
        const std::lock_guard lock(mutex_);
        if (tasks_.empty()) return false;
        task = std::move(tasks_.front());
        tasks_.pop_front();
    }
    task();
    return true;
}

void TaskPool::work() {
    for (;;) {
        std::packaged_task<void()> task;
        {
            std::unique_lock lock(mutex_);
            ready_.wait(lock, [this] { return stopping_ || !tasks_.empty(); });
            if (stopping_) return;
            task = std::move(tasks_.front());
            tasks_.pop_front();
        }
        task();
    }
}

}  // namespace ccsalvage::exporting
