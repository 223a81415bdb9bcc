#include "progress.hpp"

#include <unistd.h>

#include <cstdio>

namespace ccsalvage {

Progress::Progress(std::string label, std::uint64_t total, bool allowed)
    : label_(std::move(label)), total_(total), active_(allowed && ::isatty(STDERR_FILENO) == 1) {}

Progress::~Progress() { finish(); }

void Progress::update(std::uint64_t done) {
    if (!active_) return;
    const auto now = std::chrono::steady_clock::now();
    if (drawn_ && now - last_draw_ < std::chrono::milliseconds(100)) return;
    last_draw_ = now;
    drawn_ = true;
    const double percent =
        total_ == 0 ? 100.0 : 100.0 * static_cast<double>(done) / static_cast<double>(total_);
    std::fprintf(stderr, "\r%s %5.1f%% (%llu / %llu bytes)", label_.c_str(), percent,
                 static_cast<unsigned long long>(done), static_cast<unsigned long long>(total_));
    std::fflush(stderr);
}

void Progress::finish() {
    if (active_ && drawn_) {
        std::fprintf(stderr, "\r\033[K");
        std::fflush(stderr);
    }
    drawn_ = false;
}

}  // namespace ccsalvage
