#include "core/write_behind.hpp"

#include <utility>

namespace ccsalvage {

WriteBehind::WriteBehind(std::size_t max_queued)
    : max_queued_(max_queued < 1 ? 1 : max_queued), thread_([this] { work(); }) {}

WriteBehind::~WriteBehind() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
        queue_.clear();  // an error or an interruption: nothing more is written
    }
    changed_.notify_all();
    thread_.join();
}

void WriteBehind::rethrow_error() {
    if (error_) std::rethrow_exception(error_);
}

void WriteBehind::submit(Write write, std::string bytes) {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [this] { return queue_.size() < max_queued_ || error_; });
    rethrow_error();
    queue_.push_back({std::move(write), std::move(bytes)});
    changed_.notify_all();
}

void WriteBehind::drain() {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [this] { return (queue_.empty() && !writing_) || error_; });
    rethrow_error();
}

std::string WriteBehind::spare_buffer() {
    std::lock_guard lock(mutex_);
    if (spare_.empty()) return {};
    std::string out = std::move(spare_.back());
    spare_.pop_back();
    return out;
}

void WriteBehind::work() {
    std::unique_lock lock(mutex_);
    for (;;) {
        changed_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
        if (stopping_) return;
        Job job = std::move(queue_.front());
        queue_.pop_front();
        writing_ = true;
        lock.unlock();
        std::exception_ptr failed;
        try {
            job.write(job.bytes);
        } catch (...) {
            failed = std::current_exception();
        }
        lock.lock();
        writing_ = false;
        if (failed) {
            // The first error stops the output: what follows would leave a gap in the file.
            if (!error_) error_ = failed;
            queue_.clear();
        } else if (spare_.empty()) {  // one kept: the producer takes it at its next submit
            job.bytes.clear();
            spare_.push_back(std::move(job.bytes));
        }
        changed_.notify_all();
    }
}

}  // namespace ccsalvage
