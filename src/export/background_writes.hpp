#pragma once
// Appended output written and hashed on a thread of its own (export --jobs 2 or more). The
// exporter's own thread settles every message in order; with two threads it was the one that
// limited the run, and a quarter of its time was the copy of mbox bytes into the page cache
// and their SHA-256 (docs/performance.md, "Export: appended files written behind"). Buffers
// are written in the order given, so each file gets the same bytes as when written at once.
//
// The journal's rule is kept by the caller: what runs before output (the journal's `planned`
// records) runs before a buffer is handed here, and a commit drains this queue (and so sees
// any write error) before it syncs and records what is durable.
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/output_folder.hpp"
#include "core/sha256.hpp"

namespace ccsalvage::exporting {

class BackgroundWrites {
  public:
    // At most `max_queued` buffers wait to be written; submit() waits for room beyond that.
    explicit BackgroundWrites(std::size_t max_queued = 4);
    ~BackgroundWrites();  // writes nothing more, waits for the buffer being written
    BackgroundWrites(const BackgroundWrites&) = delete;
    BackgroundWrites& operator=(const BackgroundWrites&) = delete;

    // Queues `bytes` to be appended to `file` and added to `hash`. Both must outlive the write
    // (until drain()). Rethrows the error of an earlier write, if any.
    void submit(AppendFile& file, Sha256& hash, std::string bytes);
    // Returns once everything queued is written; rethrows the first write error.
    void drain();
    // An empty string with the capacity of a written buffer, when one is free (fewer
    // allocations of a megabyte each).
    std::string spare_buffer();

  private:
    struct Job {
        AppendFile* file = nullptr;
        Sha256* hash = nullptr;
        std::string bytes;
    };
    void work();
    void rethrow_error();  // with mutex_ held

    std::mutex mutex_;
    std::condition_variable changed_;
    std::deque<Job> queue_;
    std::vector<std::string> spare_;
    std::size_t max_queued_;
    bool writing_ = false;  // a job taken from the queue is being written
    bool stopping_ = false;
    std::exception_ptr error_;
    std::thread thread_;  // last: started once the members above exist
};

}  // namespace ccsalvage::exporting
