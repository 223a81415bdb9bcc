#pragma once
// Starting the kernel's write-back of a large output file while it is being written. With
// --fsync batch nothing is flushed file by file: the bytes sat dirty in the page cache (a
// machine with plenty of memory starts writing them only when gigabytes are dirty) until the
// step's syncfs, which then waited for all of them while the program stood still; on the
// 1 GiB benchmark's 2.8 GB mbox export that wait was a third of the stage
// (docs/performance.md, "Write-back started as files grow"). Asking for write-back every few
// megabytes (sync_file_range, SYNC_FILE_RANGE_WRITE: start, do not wait) lets the disk work
// while the program computes. It is a hint: durability still comes only from fsync or syncfs
// at commit, and a file system that does not support it (tmpfs accepts and ignores it) changes
// nothing.
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
