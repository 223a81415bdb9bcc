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

class WritebackStarter {
  public:
    // Bytes written since write-back was last asked for, before it is asked for again.
    static constexpr std::uint64_t kStep = std::uint64_t{8} << 20;

    // The file's bytes before `from` are not this writer's (an appended file's existing part).
    void reset(std::uint64_t from) { started_ = from; }
    // Called after writing to `fd` up to offset `end`.
    void wrote(int fd, std::uint64_t end);
    // Where the next request starts: every byte before it was asked for (or not this writer's).
    std::uint64_t asked_up_to() const { return started_; }

  private:
    std::uint64_t started_ = 0;
};

}  // namespace ccsalvage
