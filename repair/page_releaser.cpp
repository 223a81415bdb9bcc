#include "repair/page_releaser.hpp"

#include <algorithm>

namespace ccsalvage::repair {

PageReleaser::~PageReleaser() {
    {
        std::lock_guard lock(mutex_);
        stop_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
}

void PageReleaser::watch(const std::vector<EvidenceFile>& files) {
    std::lock_guard lock(mutex_);
    for (const auto& f : files) files_.push_back(&f);
}

void PageReleaser::forget(const std::vector<EvidenceFile>& files) {
    std::lock_guard lock(mutex_);
    for (const auto& f : files)
        files_.erase(std::remove(files_.begin(), files_.end(), &f), files_.end());
}

void PageReleaser::start() {
    if (!thread_.joinable()) thread_ = std::thread([this] { run(); });
}

void PageReleaser::release_all() {
    std::lock_guard lock(mutex_);
    for (const auto* f : files_) f->release_range(0, f->size());
}

void PageReleaser::run() {
    std::unique_lock lock(mutex_);
    while (!stop_) {
        wake_.wait_for(lock, period_, [this] { return stop_; });
        if (stop_) break;
        for (const auto* f : files_) f->release_range(0, f->size());
    }
}

}  // namespace ccsalvage::repair
