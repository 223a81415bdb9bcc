#include "core/text_pool.hpp"

#include <cstring>

namespace ccsalvage {

PooledText TextPool::keep(std::string_view text) {
    if (text.empty()) return {};
    if (text.size() > kBlockBytes / 4) {
        // A long text gets a block of its own; the current block's room stays usable.
        blocks_.push_back(std::make_unique<char[]>(text.size()));
        block_bytes_ += text.size();
        std::memcpy(blocks_.back().get(), text.data(), text.size());
        return PooledText(std::string_view(blocks_.back().get(), text.size()));
    }
    if (room_ < text.size()) {
        blocks_.push_back(std::make_unique<char[]>(kBlockBytes));
        block_bytes_ += kBlockBytes;
        next_ = blocks_.back().get();
        room_ = kBlockBytes;
    }
    char* at = next_;
    std::memcpy(at, text.data(), text.size());
    next_ += text.size();
    room_ -= text.size();
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
