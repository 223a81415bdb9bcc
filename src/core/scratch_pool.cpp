#include "core/scratch_pool.hpp"

#include <utility>

namespace ccsalvage {

void* ScratchPool::Chunks::do_allocate(std::size_t bytes, std::size_t alignment) {
    // A scratch allocation is whole pages: aligned for anything the pool is asked for.
    void* data = space_ ? space_->allocate(bytes)
                        : std::pmr::new_delete_resource()->allocate(bytes, alignment);
    bytes_ += bytes;
    return data;
}

void ScratchPool::Chunks::do_deallocate(void* data, std::size_t bytes, std::size_t alignment) {
    if (space_) {
        space_->deallocate(data);
    } else {
        std::pmr::new_delete_resource()->deallocate(data, bytes, alignment);
    }
}

ScratchPool::ScratchPool(std::shared_ptr<ScratchSpace> space)
    : chunks_(std::move(space)), pool_(kFirstChunk, &chunks_) {}

ScratchPool::~ScratchPool() = default;

std::uint64_t ScratchPool::chunk_bytes() const {
    std::lock_guard lock(mutex_);
    return chunks_.bytes();
}

void* ScratchPool::do_allocate(std::size_t bytes, std::size_t alignment) {
    std::lock_guard lock(mutex_);
    return pool_.allocate(bytes, alignment);
}

}  // namespace ccsalvage
