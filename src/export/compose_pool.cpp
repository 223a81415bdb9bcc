#include "export/compose_pool.hpp"

#include <utility>

#include "mime/gmime_support.hpp"

namespace ccsalvage::exporting {

ComposePool::ComposePool(std::size_t workers) {
    mime::ensure_gmime_initialized();  // once, before any worker uses GMime
    threads_.reserve(workers);
    for (std::size_t i = 0; i < workers; ++i) threads_.emplace_back([this] { work(); });
}

ComposePool::~ComposePool() {
    {
        const std::lock_guard lock(mutex_);
        stopping_ = true;
        tasks_.clear();  // nobody waits for them any more: the run is over or failed
    }
    ready_.notify_all();
    for (auto& thread : threads_) thread.join();
}

std::future<mime::ComposedMessage> ComposePool::submit(
    std::function<mime::ComposedMessage()> compose) {
    Task task(std::move(compose));
    auto result = task.get_future();
    {
        const std::lock_guard lock(mutex_);
        tasks_.push_back(std::move(task));
    }
    ready_.notify_one();
    return result;
}

void ComposePool::work() {
    for (;;) {
        Task task;
        {
            std::unique_lock lock(mutex_);
            ready_.wait(lock, [this] { return stopping_ || !tasks_.empty(); });
            if (stopping_) return;
            task = std::move(tasks_.front());
            tasks_.pop_front();
        }
        task();  // an exception is stored in the future
    }
}

}  // namespace ccsalvage::exporting
