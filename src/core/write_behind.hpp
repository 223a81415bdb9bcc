#pragma once
// Output written on a thread of its own, in the order it is handed over, while the caller goes
// on computing what comes next (with --jobs 2 or more). Used where one thread produces large
// files and copying them into the page cache and hashing them is a large part of that
// thread's time: the export's appended files (mbox, .ccm batches), whose main thread sets the
// pace of a two-thread export (docs/performance.md, "Session 6: rescue at 1 GiB under 256
// MiB, output written behind").
//
// What must happen before output reaches the operating system (the export's journal records
// its `planned` lines) happens before a buffer is handed over; whatever makes output durable
// or records it as done (a commit, an fsync, a rename) calls drain() first, which also
// rethrows the first write error.
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace ccsalvage {

// Appends `bytes` to `buffer` in slices: each time the buffer holds `limit` bytes, `full()`
// is called and must leave it empty (hand it to a WriteBehind, or write it). So no buffer
// grows past `limit`, however large `bytes` is (an item of tens of megabytes would otherwise
// be copied whole into a buffer, and queued whole).
template <class Full>
void append_in_slices(std::string& buffer, std::string_view bytes, std::size_t limit, Full&& full) {
    while (!bytes.empty()) {
        const std::size_t room = buffer.size() < limit ? limit - buffer.size() : 0;
        const std::size_t take = bytes.size() < room ? bytes.size() : room;
        buffer.append(bytes.substr(0, take));
        bytes.remove_prefix(take);
        if (buffer.size() >= limit) full();
    }
}

class WriteBehind {
  public:
    // The size of the buffers its users hand over: small enough that the few queued, the one
    // being written and the one being filled stay around a megabyte in all (they add to the
    // peak of whatever runs beside), large enough that a hand-over costs nothing next to
    // copying and hashing the bytes.
    static constexpr std::size_t kBufferBytes = std::size_t{256} << 10;

    // Writes (and hashes, ...) one buffer; may throw (an IoError naming the file).
    using Write = std::function<void(std::string_view)>;

    // At most `max_queued` buffers wait to be written; submit() waits for room beyond that.
    explicit WriteBehind(std::size_t max_queued = 4);
    ~WriteBehind();  // writes nothing more, waits for the buffer being written
    WriteBehind(const WriteBehind&) = delete;
    WriteBehind& operator=(const WriteBehind&) = delete;

    // Queues `bytes` for `write`, which must stay valid until drain(). Rethrows the error of
    // an earlier write, if any.
    void submit(Write write, std::string bytes);
    // Returns once everything queued is written; rethrows the first write error.
    void drain();
    // An empty string with the capacity of a written buffer, when one is free (fewer
    // allocations of a megabyte each).
    std::string spare_buffer();

  private:
    struct Job {
        Write write;
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

}  // namespace ccsalvage
