#pragma once
// Threads that compose MIME while the exporter's own thread reads the next message and writes
// the previous one (--jobs). Tasks run in any order on any worker; the caller keeps the output
// order by waiting on the futures in the order it submitted them, so the bytes written are
// the same with one thread or several.
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <future>
#include <mutex>
#include <thread>
#include <vector>

#include "mime/eml_composer.hpp"

namespace ccsalvage::exporting {

class ComposePool {
  public:
    using Task = std::packaged_task<mime::ComposedMessage()>;

    explicit ComposePool(std::size_t workers);
    ~ComposePool();
    ComposePool(const ComposePool&) = delete;
    ComposePool& operator=(const ComposePool&) = delete;

    // Queues `compose`; its result or exception arrives through the future.
    std::future<mime::ComposedMessage> submit(std::function<mime::ComposedMessage()> compose);

  private:
    void work();

    std::mutex mutex_;
    std::condition_variable ready_;
    std::deque<Task> tasks_;
    bool stopping_ = false;
    std::vector<std::thread> threads_;
};

}  // namespace ccsalvage::exporting
