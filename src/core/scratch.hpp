#pragma once
// Working state that grows with the evidence (a byte or two per block, a header per record)
// kept in an unnamed scratch file instead of on the heap, as e2fsck does with its
// `scratch_files` directory and sort(1) with its temporary files. The process's resident memory
// then stays flat as the post office grows: what the program touched recently is resident, the
// rest is in the page cache, which the kernel writes to the file and takes back when memory is
// short. The file has no name (O_TMPFILE; where the file system cannot, it is created and
// unlinked at once), so a crash leaves nothing behind, and it is never among the outputs. It
// lives in the output folder (or the case folder), on the file system the user chose for the
// results: never beside the evidence.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <type_traits>
#include <utility>

#include "core/errors.hpp"

namespace ccsalvage {

class ScratchSpace;

// The scratch file could not grow or be mapped (a full disk, a file size limit): a failure of
// the output folder's file system, not of the evidence being read.
class ScratchError : public IoError {
  public:
    using IoError::IoError;
};

// One zero-filled, read-write mapping of a range of the scratch file. Move-only; unmapped (and
// its disk space given back) when destroyed.
class ScratchRegion {
  public:
    ScratchRegion() = default;
    ScratchRegion(ScratchRegion&& other) noexcept;
    ScratchRegion& operator=(ScratchRegion&& other) noexcept;
    ScratchRegion(const ScratchRegion&) = delete;
    ScratchRegion& operator=(const ScratchRegion&) = delete;
    ~ScratchRegion();

    void* data() const { return data_; }
    std::size_t bytes() const { return bytes_; }

    // Gives the first `bytes` of the region disk space (fallocate), so that writing them can
    // never meet a full disk as a SIGBUS: it fails here, as an IoError, instead. Space is
    // given ahead in steps of 1 MiB; a region is mapped whole but only what is reserved may be
    // written.
    void reserve(std::size_t bytes);

    // Takes this region's pages out of the resident set, contents kept (as
    // ScratchSpace::release_resident does for every region): for one structure touched at
    // random, released more often than the rest.
    void release_resident() const;

    // Copies `bytes` at `at` in the region out of the file (pread) or into it (pwrite; within
    // what is reserved), mapping nothing: for a structure looked up at random, where each page
    // touched through the mapping would bring the kernel's fault-around (16 pages) into the
    // resident set. The mapping sees the same bytes (one page cache). ScratchError on failure.
    void read(std::size_t at, void* into, std::size_t bytes) const;
    void write(std::size_t at, const void* from, std::size_t bytes) const;

  private:
    friend class ScratchSpace;
    void reset() noexcept;

    std::shared_ptr<ScratchSpace> space_;
    void* data_ = nullptr;
    std::size_t bytes_ = 0;
    std::uint64_t offset_ = 0;  // in the scratch file
    std::size_t reserved_ = 0;  // bytes from the start with disk space
};

class ScratchSpace : public std::enable_shared_from_this<ScratchSpace> {
  public:
    // Below this many bytes an array or allocation stays on the heap: a file range and a
    // mapping per USR file's few hundred blocks would cost more than they save.
    static constexpr std::size_t kDefaultMinimum = std::size_t{64} << 10U;

    // An unnamed file in `directory`, or nullptr when the directory's file system cannot give
    // one (then `why`, when given, says why); the caller keeps its state on the heap instead.
    // `minimum`: the smallest array or allocation placed in the file (the tests use 0, so that
    // small post offices exercise it too).
    static std::shared_ptr<ScratchSpace> open(const std::filesystem::path& directory,
                                              std::string* why = nullptr,
                                              std::size_t minimum = kDefaultMinimum);
    std::size_t minimum() const { return minimum_; }
    ScratchSpace(const ScratchSpace&) = delete;
    ScratchSpace& operator=(const ScratchSpace&) = delete;
    ~ScratchSpace();

    // A zero-filled region of `bytes` (rounded up to whole pages) at the end of the file. The
    // file grows sparse: only what is reserved (ScratchRegion::reserve) takes disk space.
    // Throws IoError when the file cannot grow or be mapped.
    ScratchRegion map(std::size_t bytes);

    // `bytes` (rounded up to pages) of reserved, zero-filled scratch memory owned by the space
    // until deallocate(): what an allocator needs (ScratchAllocator). Throws IoError.
    void* allocate(std::size_t bytes);
    void deallocate(void* data) noexcept;

    // Takes every page of every live region out of the process's resident set. The contents
    // stay (in the page cache, or the file once written back): the next touch maps the page
    // again with the same bytes. Safe while other threads use the regions.
    void release_resident() const;
    // For a loop over scratch memory: release_resident() at every `every`th of the `count`
    // things passed so far (counting from 1), so that the loop keeps about `every` things'
    // pages resident rather than all it passed.
    void passed(std::uint64_t count, std::uint64_t every) const {
        if (every != 0 && count % every == 0) release_resident();
    }

    // Whether `address` lies in one of the live regions (for the tests that check where a
    // structure was placed).
    bool holds(const void* address) const;
    std::uint64_t bytes_mapped() const;       // of the live regions
    std::uint64_t peak_bytes_mapped() const;  // over the space's life

  private:
    friend class ScratchRegion;
    ScratchSpace(int fd, std::size_t minimum, std::string name)
        : fd_(fd), minimum_(minimum), name_(std::move(name)) {}
    void unmap(const ScratchRegion& region) noexcept;
    void reserve_disk(std::uint64_t offset, std::uint64_t bytes) const;

    int fd_ = -1;
    std::size_t minimum_ = kDefaultMinimum;
    std::string name_;  // "scratch file in <directory>", for messages
    mutable std::mutex mutex_;
    std::uint64_t end_ = 0;                 // the file's length: regions are never reused
    std::map<void*, std::size_t> regions_;  // live mappings
    std::mutex owned_mutex_;
    std::map<void*, ScratchRegion> owned_;  // handed out by allocate()
    std::uint64_t mapped_ = 0;
    std::uint64_t peak_ = 0;
};

// A standard allocator that places large allocations (the space's minimum and up) in a scratch
// space and the rest, or everything when it has no space, on the heap: for a container of
// records whose elements should not stay resident (the post office's message list). Elements
// are ordinary objects; what they allocate themselves stays on the heap.
template <class T>
class ScratchAllocator {
  public:
    using value_type = T;
    using propagate_on_container_copy_assignment = std::true_type;
    using propagate_on_container_move_assignment = std::true_type;
    using propagate_on_container_swap = std::true_type;
    using is_always_equal = std::false_type;

    ScratchAllocator() = default;
    explicit ScratchAllocator(std::shared_ptr<ScratchSpace> space) : space_(std::move(space)) {}
    template <class U>
    ScratchAllocator(const ScratchAllocator<U>& other) : space_(other.space()) {}  // NOLINT

    T* allocate(std::size_t n) {
        if (in_scratch(n)) return static_cast<T*>(space_->allocate(n * sizeof(T)));
        return std::allocator<T>().allocate(n);
    }
    void deallocate(T* p, std::size_t n) noexcept {
        if (in_scratch(n)) {
            space_->deallocate(p);
        } else {
            std::allocator<T>().deallocate(p, n);
        }
    }
    const std::shared_ptr<ScratchSpace>& space() const { return space_; }

    template <class U>
    friend bool operator==(const ScratchAllocator& a, const ScratchAllocator<U>& b) {
        return a.space_ == b.space();
    }

  private:
    bool in_scratch(std::size_t n) const {
        return space_ != nullptr && n * sizeof(T) >= space_->minimum();
    }
    std::shared_ptr<ScratchSpace> space_;
};

}  // namespace ccsalvage
