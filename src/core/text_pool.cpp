#include "core/text_pool.hpp"

#include <cstring>

namespace ccsalvage {

PooledText TextPool::keep(std::string_view text) {
    if (text.empty()) return {};
    if (text.size() > kBlockBytes / 4) {
        // A long text gets a block of its own, placed before the current block so that the
        // current block's free room stays usable.
        auto block = std::make_unique<char[]>(text.size());
        std::memcpy(block.get(), text.data(), text.size());
        const std::string_view kept(block.get(), text.size());
        blocks_.insert(blocks_.empty() ? blocks_.end() : blocks_.end() - 1, std::move(block));
        block_bytes_ += text.size();
        return PooledText(kept);
    }
    if (blocks_.empty() || last_size_ - used_ < text.size()) {
        blocks_.push_back(std::make_unique<char[]>(kBlockBytes));
        block_bytes_ += kBlockBytes;
        last_size_ = kBlockBytes;
        used_ = 0;
    }
    char* at = blocks_.back().get() + used_;
    std::memcpy(at, text.data(), text.size());
    used_ += text.size();
    return PooledText(std::string_view(at, text.size()));
}

PooledText TextPool::intern(std::string_view text) {
    if (text.empty()) return {};
    if (const auto it = interned_.find(text); it != interned_.end()) return PooledText(*it);
    const PooledText kept = keep(text);
    interned_.insert(kept.view());
    return kept;
}

std::size_t TextPool::bytes() const {
    // A set node holds the view, the next pointer and the cached hash; each bucket a pointer.
    return block_bytes_ + interned_.size() * 40 + interned_.bucket_count() * sizeof(void*);
}

}  // namespace ccsalvage
