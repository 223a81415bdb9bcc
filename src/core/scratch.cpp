#include "core/scratch.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>
#include <utility>

#include "core/errors.hpp"
#include "core/page_size.hpp"
#include "core/scratch_array.hpp"

namespace ccsalvage {

namespace {

std::uint64_t whole_pages(std::uint64_t bytes) {
    const std::uint64_t page = page_size();
    return (bytes + page - 1) / page * page;
}

constexpr std::uint64_t kReserveStep = std::uint64_t{1} << 20U;

std::string error_text(int error) { return std::strerror(error); }

// An unnamed file in `directory`: O_TMPFILE, else a file created and unlinked at once.
int unnamed_file(const std::filesystem::path& directory, std::string& why) {
    int fd = ::open(directory.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
    if (fd >= 0) return fd;
    std::string name = (directory / ".ccsalvage-scratch-XXXXXX").string();
    fd = ::mkostemp(name.data(), O_CLOEXEC);
    if (fd < 0) {
        why = "cannot create a scratch file in " + directory.string() + ": " + error_text(errno);
        return -1;
    }
    ::unlink(name.c_str());
    return fd;
}

}  // namespace

std::shared_ptr<ScratchSpace> ScratchSpace::open(const std::filesystem::path& directory,
                                                 std::string* why, std::size_t minimum) {
    std::string reason;
    const int fd = unnamed_file(directory, reason);
    if (fd < 0) {
        if (why != nullptr) *why = reason;
        return nullptr;
    }
    // A file system without fallocate could only report a full disk as a SIGBUS on a write
    // through the mapping: such a scratch file is not used.
    if (::posix_fallocate(fd, 0, static_cast<off_t>(page_size())) != 0 || ::ftruncate(fd, 0) != 0) {
        if (why != nullptr) {
            *why = "the file system of " + directory.string() + " cannot reserve space";
        }
        ::close(fd);
        return nullptr;
    }
    return std::shared_ptr<ScratchSpace>(
        new ScratchSpace(fd, minimum, "scratch file in " + directory.string()));
}

ScratchSpace::~ScratchSpace() {
    if (fd_ >= 0) ::close(fd_);
}

ScratchRegion ScratchSpace::map(std::size_t bytes) {
    const std::uint64_t length = whole_pages(std::max<std::uint64_t>(bytes, 1));
    std::lock_guard lock(mutex_);
    const std::uint64_t offset = end_;
    if (::ftruncate(fd_, static_cast<off_t>(offset + length)) != 0) {
        throw ScratchError(name_ + ": cannot grow to " + std::to_string(offset + length) +
                           " bytes: " + error_text(errno));
    }
    void* data = ::mmap(nullptr, length, PROT_READ | PROT_WRITE, MAP_SHARED, fd_,
                        static_cast<off_t>(offset));
    if (data == MAP_FAILED) {
        throw ScratchError(name_ + ": cannot map " + std::to_string(length) +
                           " bytes: " + error_text(errno));
    }
    // No read-around: a fault on a page not yet in the page cache (every page of a new region,
    // or one written back and dropped) otherwise reads and maps half the device's read-ahead
    // around it, 4 MiB where read_ahead_kb is 8192, into the resident set at once, however
    // often the walk over it releases what it passed. The scratch file is touched where the
    // structures are, not front to back. A hint: its failure changes nothing but residency.
    ::madvise(data, length, MADV_RANDOM);
    end_ = offset + length;
    regions_.emplace(data, length);
    mapped_ += length;
    peak_ = std::max(peak_, mapped_);
    ScratchRegion region;
    region.space_ = shared_from_this();
    region.data_ = data;
    region.bytes_ = length;
    region.offset_ = offset;
    return region;
}

void* ScratchSpace::allocate(std::size_t bytes) {
    ScratchRegion region = map(bytes);
    region.reserve(region.bytes());
    void* data = region.data();
    std::lock_guard lock(owned_mutex_);
    owned_.emplace(data, std::move(region));
    return data;
}

void ScratchSpace::deallocate(void* data) noexcept {
    ScratchRegion region;
    {
        std::lock_guard lock(owned_mutex_);
        const auto it = owned_.find(data);
        if (it == owned_.end()) return;
        region = std::move(it->second);
        owned_.erase(it);
    }
    // Unmapped here, outside the lock (unmap takes the space's own).
}

void ScratchSpace::reserve_disk(std::uint64_t offset, std::uint64_t bytes) const {
    const int error = ::posix_fallocate(fd_, static_cast<off_t>(offset), static_cast<off_t>(bytes));
    if (error != 0) {
        throw ScratchError(name_ + ": cannot reserve " + std::to_string(bytes) +
                           " bytes: " + error_text(error));
    }
}

void ScratchSpace::unmap(const ScratchRegion& region) noexcept {
    ::munmap(region.data_, region.bytes_);
    // Its disk space back; the file keeps its length (regions are never reused).
    ::fallocate(fd_, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, static_cast<off_t>(region.offset_),
                static_cast<off_t>(region.bytes_));
    std::lock_guard lock(mutex_);
    regions_.erase(region.data_);
    mapped_ -= region.bytes_;
}

void ScratchSpace::release_resident() const {
    std::lock_guard lock(mutex_);
    // A shared file mapping: the dropped pages' contents stay in the page cache (dirty ones
    // are marked dirty there), so this changes residency, never content.
    for (const auto& [data, bytes] : regions_) ::madvise(data, bytes, MADV_DONTNEED);
}

bool ScratchSpace::holds(const void* address) const {
    std::lock_guard lock(mutex_);
    // The region starting at or before the address, if the address is inside it.
    const auto after = regions_.upper_bound(const_cast<void*>(address));
    if (after == regions_.begin()) return false;
    const auto& [start, bytes] = *std::prev(after);
    return static_cast<const char*>(address) < static_cast<const char*>(start) + bytes;
}

std::uint64_t ScratchSpace::bytes_mapped() const {
    std::lock_guard lock(mutex_);
    return mapped_;
}

std::uint64_t ScratchSpace::peak_bytes_mapped() const {
    std::lock_guard lock(mutex_);
    return peak_;
}

ScratchRegion::ScratchRegion(ScratchRegion&& other) noexcept
    : space_(std::move(other.space_)),
      data_(std::exchange(other.data_, nullptr)),
      bytes_(std::exchange(other.bytes_, 0)),
      offset_(std::exchange(other.offset_, 0)),
      reserved_(std::exchange(other.reserved_, 0)) {}

ScratchRegion& ScratchRegion::operator=(ScratchRegion&& other) noexcept {
    if (this != &other) {
        reset();
        space_ = std::move(other.space_);
        data_ = std::exchange(other.data_, nullptr);
        bytes_ = std::exchange(other.bytes_, 0);
        offset_ = std::exchange(other.offset_, 0);
        reserved_ = std::exchange(other.reserved_, 0);
    }
    return *this;
}

ScratchRegion::~ScratchRegion() { reset(); }

void ScratchRegion::reset() noexcept {
    if (space_ && data_ != nullptr) space_->unmap(*this);
    space_.reset();
    data_ = nullptr;
    bytes_ = 0;
    reserved_ = 0;
}

void ScratchRegion::release_resident() const {
    // A shared file mapping: dropped pages keep their contents in the page cache.
    if (data_ != nullptr) ::madvise(data_, bytes_, MADV_DONTNEED);
}

namespace {

// Repeats `step` (a pread or pwrite of what is left after `done` bytes) until `bytes` are
// moved; a failure or no progress is a ScratchError naming the file and what could not be done
// (the message is made only then: a key lookup is a read).
template <class Step>
void move_all(std::size_t bytes, const std::string& file, const char* doing, Step step) {
    for (std::size_t done = 0; done < bytes;) {
        const ::ssize_t moved = step(done);
        if (moved < 0 && errno == EINTR) continue;
        if (moved <= 0) {
            throw ScratchError(file + ": cannot " + doing + " " + std::to_string(bytes) +
                               " bytes: " + (moved < 0 ? error_text(errno) : "no progress"));
        }
        done += static_cast<std::size_t>(moved);
    }
}

}  // namespace

void ScratchRegion::read(std::size_t at, void* into, std::size_t bytes) const {
    if (bytes == 0) return;
    if (at > bytes_ || bytes > bytes_ - at || !space_) {
        throw std::out_of_range("ScratchRegion::read: past the region");
    }
    auto* out = static_cast<char*>(into);
    move_all(bytes, space_->name_, "read back", [&](std::size_t done) {
        return ::pread(space_->fd_, out + done, bytes - done,
                       static_cast<off_t>(offset_ + at + done));
    });
}

void ScratchRegion::write(std::size_t at, const void* from, std::size_t bytes) const {
    if (bytes == 0) return;
    if (at > reserved_ || bytes > reserved_ - at || !space_) {
        throw std::out_of_range("ScratchRegion::write: past what is reserved");
    }
    const auto* in = static_cast<const char*>(from);
    move_all(bytes, space_->name_, "write", [&](std::size_t done) {
        return ::pwrite(space_->fd_, in + done, bytes - done,
                        static_cast<off_t>(offset_ + at + done));
    });
}

void ScratchRegion::reserve(std::size_t bytes) {
    if (bytes <= reserved_ || !space_) return;
    const std::uint64_t want =
        std::min<std::uint64_t>(bytes_, (bytes + kReserveStep - 1) / kReserveStep * kReserveStep);
    space_->reserve_disk(offset_ + reserved_, want - reserved_);
    reserved_ = static_cast<std::size_t>(want);
}

AnonymousMapping::AnonymousMapping(std::size_t bytes) : bytes_(whole_pages(bytes)) {
    // MAP_NORESERVE: only the pages touched are memory; the rest is address space.
    void* data = ::mmap(nullptr, bytes_, PROT_READ | PROT_WRITE,
                        MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (data == MAP_FAILED) {
        bytes_ = 0;
        return;
    }
    data_ = data;
}

AnonymousMapping& AnonymousMapping::operator=(AnonymousMapping&& other) noexcept {
    if (this != &other) {
        if (data_ != nullptr) ::munmap(data_, bytes_);
        data_ = std::exchange(other.data_, nullptr);
        bytes_ = std::exchange(other.bytes_, 0);
    }
    return *this;
}

AnonymousMapping::~AnonymousMapping() {
    if (data_ != nullptr) ::munmap(data_, bytes_);
}

}  // namespace ccsalvage
