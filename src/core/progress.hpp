#pragma once
#include <chrono>
#include <cstdint>
#include <string>

namespace ccsalvage {

// A one-line progress display on standard error. It draws only when standard error is a
// terminal and the user did not ask for quiet output, so pipes, logs and --json stay clean.
class Progress {
  public:
    Progress(std::string label, std::uint64_t total, bool allowed = true);
    ~Progress();
    void update(std::uint64_t done);
    void finish();
    bool active() const { return active_; }

  private:
    std::string label_;
    std::uint64_t total_;
    bool active_;
    bool drawn_ = false;
    std::chrono::steady_clock::time_point last_draw_{};
};

}  // namespace ccsalvage
