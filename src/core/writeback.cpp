#include "core/writeback.hpp"

#include <fcntl.h>

namespace ccsalvage {

void WritebackStarter::wrote(int fd, std::uint64_t end) {
    if (end < started_ || end - started_ < kStep) return;
    // Errors are ignored on purpose: the hint failing (EINVAL on a file system without it,
    // ESPIPE) leaves the commit's fsync or syncfs to do all the work, as before.
    (void)::sync_file_range(fd, static_cast<off64_t>(started_),
                            static_cast<off64_t>(end - started_), SYNC_FILE_RANGE_WRITE);
    // The range asked for by the request before the last has had a step's writing to reach the
    // disk; whatever of it is clean now leaves the cache (a page still in flight stays).
    if (drop_behind_ && previous_ > dropped_) {
        (void)::posix_fadvise(fd, static_cast<off_t>(dropped_),
                              static_cast<off_t>(previous_ - dropped_), POSIX_FADV_DONTNEED);
        dropped_ = previous_;
    }
    previous_ = started_;
    started_ = end;
}

}  // namespace ccsalvage
