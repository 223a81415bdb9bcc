#pragma once
// The many small allocations that live as long as the model they belong to: each record's
// list of blocks, its item states, a folder's entries. On the heap they were about 60 bytes a
// message in some 300,000 allocations at 4 GiB (malloc's header, its 32-byte minimum), held
// resident for the whole export. A pool hands them out in order from chunks
// (std::pmr::monotonic_buffer_resource: no header, no free list), the chunks taken from the
// scratch space, so that they leave the resident set with the space's other pages
// (ScratchSpace::release_resident), or from the heap without a space. Nothing is given back
// before the pool itself goes: for lists that are made once and kept, which is what the
// reader's model is.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <memory_resource>
#include <mutex>

#include "core/scratch.hpp"

namespace ccsalvage {

class ScratchPool final : public std::pmr::memory_resource {
  public:
    // The first chunk's size; each next one is half as large again (the standard resource's
    // growth), so a post office of any size takes a few dozen chunks.
    static constexpr std::size_t kFirstChunk = std::size_t{64} << 10U;

    // Chunks from `space`, or from the heap when it is nullptr.
    explicit ScratchPool(std::shared_ptr<ScratchSpace> space);
    ScratchPool(const ScratchPool&) = delete;
    ScratchPool& operator=(const ScratchPool&) = delete;
    ~ScratchPool() override;

    bool in_scratch() const { return chunks_.space() != nullptr; }
    std::uint64_t chunk_bytes() const;  // taken from the space or the heap so far

  private:
    // Where the chunks come from.
    class Chunks final : public std::pmr::memory_resource {
      public:
        explicit Chunks(std::shared_ptr<ScratchSpace> space) : space_(std::move(space)) {}
        const std::shared_ptr<ScratchSpace>& space() const { return space_; }
        std::uint64_t bytes() const { return bytes_; }

      private:
        void* do_allocate(std::size_t bytes, std::size_t alignment) override;
        void do_deallocate(void* data, std::size_t bytes, std::size_t alignment) override;
        bool do_is_equal(const std::pmr::memory_resource& other) const noexcept override {
            return this == &other;
        }
        std::shared_ptr<ScratchSpace> space_;
        std::uint64_t bytes_ = 0;
    };

    void* do_allocate(std::size_t bytes, std::size_t alignment) override;
    // Freed with the pool, never one by one.
    void do_deallocate(void*, std::size_t, std::size_t) override {}
    bool do_is_equal(const std::pmr::memory_resource& other) const noexcept override {
        return this == &other;
    }

    Chunks chunks_;
    // The standard resource is not thread-safe; the reader fills a pool from one thread, but
    // a record's list changed later, from any thread, must not race it.
    mutable std::mutex mutex_;
    std::pmr::monotonic_buffer_resource pool_;  // after chunks_: destroyed first
};

}  // namespace ccsalvage
