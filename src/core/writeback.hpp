#pragma once
// Starting the kernel's write-back of a large output file while it is being written. With
// --fsync batch nothing is flushed file by file: the bytes sat dirty in the page cache (a
// machine with plenty of memory starts writing them only when gigabytes are dirty) until the
// step's syncfs, which then waited for all of them while the program stood still: rescue of
// the 1 GiB benchmark set (2.8 GB of mbox) waited about 2 s beyond its CPU time, 0.5 s with
// this (docs/performance.md, "Session 6: rescue at 1 GiB under 256 MiB, output written
// behind"). Asking for write-back every few megabytes (sync_file_range with
// SYNC_FILE_RANGE_WRITE: start, do not wait) lets the disk work while the program computes.
// It is a hint: durability still comes only from fsync or syncfs at commit, and a file system
// that does not support it (tmpfs accepts and ignores it) changes nothing.
#include <cstdint>

namespace ccsalvage {

// With `drop_behind`, the pages of what was asked for two steps ago are also taken out of the
// page cache (posix_fadvise DONTNEED), for files the run does not read back soon (an export's
// mbox and .ccm batches: a message read back for another placement is read much later, and
// read ahead for it, AppendFile::prefetch). The kernel drops only clean pages, never one still
// dirty or under write-back, so this loses nothing; it keeps gigabytes of output from filling the
// page cache, pushing out the evidence's pages and making the kernel find fresh memory for every
// further megabyte. On the project's virtual machine, whose host takes back the guest's free
// memory, that fresh memory is the cost: writing 3,000 MiB took 7.1-7.8 s, 2.6-2.9 s with the pages
// dropped behind (docs/performance.md, "Session 9").
class WritebackStarter {
  public:
    // Bytes written since write-back was last asked for, before it is asked for again.
    static constexpr std::uint64_t kStep = std::uint64_t{8} << 20;

    explicit WritebackStarter(bool drop_behind = false) : drop_behind_(drop_behind) {}

    // The file's bytes before `from` are not this writer's (an appended file's existing part).
    void reset(std::uint64_t from) { started_ = previous_ = dropped_ = from; }
    // Called after writing to `fd` up to offset `end`.
    void wrote(int fd, std::uint64_t end);
    // Where the next request starts: every byte before it was asked for (or not this writer's).
    std::uint64_t asked_up_to() const { return started_; }
    // With drop_behind: every byte before this was advised out of the page cache.
    std::uint64_t dropped_up_to() const { return dropped_; }

  private:
    bool drop_behind_;
    std::uint64_t started_ = 0;   // start of the range the next request covers
    std::uint64_t previous_ = 0;  // start of the range the last request covered
    std::uint64_t dropped_ = 0;
};

}  // namespace ccsalvage
