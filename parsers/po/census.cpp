#include "parsers/po/census.hpp"

#include <algorithm>

#include "core/errors.hpp"
#include "parsers/po/block.hpp"
#include "parsers/po/bytes.hpp"
#include "parsers/po/layout_block.hpp"
#include "parsers/po/layout_mlandata.hpp"

namespace ccsalvage::po {

namespace {
std::uint64_t chain_key(std::uint32_t first_block, std::uint16_t chain_index) {
    return static_cast<std::uint64_t>(first_block) << 16 | chain_index;
}

bool all_zero(std::string_view block) {
    return std::all_of(block.begin(), block.end(), [](char c) { return c == '\0'; });
}

// The census's blocks, in ascending order of position: views of the mapping, or of a window
// refilled by positioned reads at the first block asked for that it does not hold.
class BlockSource {
  public:
    BlockSource(std::string_view file, std::uint32_t block_size, const CensusReads& reads)
        : file_(file), block_size_(block_size), read_(reads.read) {
        if (read_)
            window_.resize(std::max<std::size_t>(1, reads.window_bytes / block_size) * block_size);
    }

    std::string_view block(std::uint32_t n) {
        if (!read_) return block_view(file_, n, block_size_);
        if (n < first_ || n - first_ >= held_) fill(n);
        if (n < first_ || n - first_ >= held_) return block_view(file_, n, block_size_);
        return std::string_view(window_).substr(std::size_t{n - first_} * block_size_, block_size_);
    }

  private:
    void fill(std::uint32_t n) {
        first_ = n;
        held_ = 0;
        const std::uint64_t offset = std::uint64_t{n} * block_size_;
        if (offset >= file_.size()) return;
        const std::size_t want = static_cast<std::size_t>(
            std::min<std::uint64_t>(window_.size(), file_.size() - offset));
        std::size_t got = 0;
        try {
            got = read_(offset, window_.data(), want);
        } catch (const IoError&) {
            got = 0;  // the mapping gives the blocks instead
        }
        held_ = std::min(got, want) / block_size_;
    }

    std::string_view file_;
    std::uint32_t block_size_;
    const PositionedRead& read_;
    std::string window_;
    std::uint32_t first_ = 0;
    std::size_t held_ = 0;  // whole blocks in the window from first_
};

}  // namespace

// `sorted` (with room for both) and `more` (sorted) merged into `sorted`, filled from its end:
// each of `sorted`'s values moves only up, so none is overwritten before it is read. Pages
// are released every 65,536 values written.
void Census::merge_from_the_end(ScratchArray<ChainKey>& sorted, const ScratchArray<ChainKey>& more,
                                ScratchSpace* scratch) {
    if (more.empty()) return;
    std::size_t a = sorted.size();
    std::size_t b = more.size();
    sorted.resize_for_overwrite(a + b);
    std::uint64_t written = 0;
    while (b > 0) {  // once `more` is used up, what is left of `sorted` is in place
        const std::size_t out = a + b - 1;
        if (a > 0 && more[b - 1] < sorted[a - 1]) {
            sorted[out] = sorted[--a];
        } else {
            sorted[out] = more[--b];
        }
        if (scratch != nullptr) scratch->passed(++written, kBlocksPerRelease);
    }
    if (scratch != nullptr) scratch->release_resident();
}

Census Census::take(std::string_view file, std::uint32_t block_size, FileKind kind,
                    const std::function<void(std::uint64_t, std::uint64_t)>& done_with,
                    ScratchSpace* scratch, const CensusReads& reads) {
    constexpr std::uint64_t kReleaseEvery = 8u << 20;
    std::uint64_t released = 0;
    Census census;
    if (block_size == 0) return census;
    const auto count =
        static_cast<std::uint32_t>(std::min<std::uint64_t>(file.size() / block_size, 0xFFFFFFFFu));
    census.kinds_ = ScratchArray<CensusKind>(count, scratch);
    // Every position is set below; CensusKind{} (0) leaves a scratch region's pages untouched
    // until then.
    census.kinds_.assign(count, CensusKind{});
    census.header_positions_ = ScratchArray<std::uint32_t>(count, scratch);
    census.headers_ = ScratchArray<BlockHeader>(count, scratch);
    census.spans_ = ScratchArray<Span>(count, scratch);
    census.by_chain_position_ = ScratchArray<ChainKey>(count, scratch);
    // The chain index is built sorted as the blocks come, but for the blocks whose key is not
    // above the last one (continuations: their key is their record's head): those go here,
    // are sorted apart and merged in. Sorting the whole index touched every page of it at once
    // (13 MiB resident at 8 GiB, 800,000 structural blocks); the merge goes from the end with
    // releases on the way.
    ScratchArray<ChainKey> out_of_order(count, scratch);
    BlockSource source(file, block_size, reads);
    std::uint64_t extent_end = 0;  // first position after the current extent span
    for (std::uint32_t n = 0; n < count; ++n) {
        if (done_with && std::uint64_t{n} * block_size >= released + kReleaseEvery) {
            done_with(released, std::uint64_t{n} * block_size);
            released = std::uint64_t{n} * block_size;
        }
        CensusKind& entry = census.kinds_[n];
        if (n < extent_end) {
            // Extent data blocks carry no header; whatever they hold is data (7.2).
            entry = CensusKind::extent_data;
            continue;
        }
        const std::string_view block = source.block(n);
        const BlockCheck check = check_block(block, n, block_size, kind);
        if (check.structural) {
            entry = check.intact ? CensusKind::intact : CensusKind::bad_crc;
            census.header_positions_.push_back(n);
            census.headers_.push_back(check.header);
            const ChainKey key{chain_key(check.header.first_block, check.header.chain_index), n};
            if (census.by_chain_position_.empty() || census.by_chain_position_.end()[-1] < key) {
                census.by_chain_position_.push_back(key);
            } else {
                out_of_order.push_back(key);
            }
            // Only an intact extent head is trusted to say how far its data reaches: a
            // damaged length would hide real blocks behind it.
            if (check.intact && check.header.type == layout::block::kExtent) {
                const auto length = *get_u32(block, layout::mlandata::kDataLength);
                const std::uint64_t blocks =
                    (layout::mlandata::kData + std::uint64_t{length} + block_size - 1) / block_size;
                extent_end = n + blocks;
                if (blocks > 1) {
                    census.spans_.push_back({n, static_cast<std::uint32_t>(
                                                    std::min<std::uint64_t>(extent_end, count))});
                }
            }
        } else if (all_zero(block)) {
            entry = CensusKind::zero;
        } else {
            entry = CensusKind::unrecognised;
        }
    }
    if (done_with) done_with(released, file.size());
    std::sort(out_of_order.begin(), out_of_order.end());
    if (scratch != nullptr) scratch->release_resident();  // the sort touched all of them
    merge_from_the_end(census.by_chain_position_, out_of_order, scratch);
    census.header_positions_.shrink_to_fit();
    census.headers_.shrink_to_fit();
    census.spans_.shrink_to_fit();
    census.by_chain_position_.shrink_to_fit();
    return census;
}

const BlockHeader* Census::header_of(std::uint32_t position) const {
    const auto it = std::lower_bound(header_positions_.begin(), header_positions_.end(), position);
    if (it == header_positions_.end() || *it != position) return nullptr;
    return &headers_[static_cast<std::size_t>(it - header_positions_.begin())];
}

CensusEntry Census::at(std::uint32_t position) const {
    CensusEntry entry;
    entry.kind = kinds_[position];
    if (entry.kind == CensusKind::intact || entry.kind == CensusKind::bad_crc) {
        if (const BlockHeader* h = header_of(position)) entry.header = *h;
    } else if (entry.kind == CensusKind::extent_data) {
        // The span whose head is the last one at or before the position.
        const auto it = std::upper_bound(spans_.begin(), spans_.end(), position,
                                         [](std::uint32_t p, const Span& s) { return p < s.head; });
        if (it != spans_.begin()) entry.extent_head = std::prev(it)->head;
    }
    return entry;
}

bool Census::structural(std::uint32_t position) const {
    if (position >= kinds_.size()) return false;
    const auto kind = kinds_[position];
    return kind == CensusKind::intact || kind == CensusKind::bad_crc;
}

std::vector<std::uint32_t> Census::candidates(std::uint32_t first_block,
                                              std::uint16_t chain_index) const {
    const std::uint64_t key = chain_key(first_block, chain_index);
    const auto begin =
        std::lower_bound(by_chain_position_.begin(), by_chain_position_.end(), ChainKey{key, 0});
    std::vector<std::uint32_t> out;
    for (auto it = begin; it != by_chain_position_.end() && it->key == key; ++it) {
        out.push_back(it->position);  // ascending: sorted by key, then position
    }
    return out;
}

std::size_t Census::memory_bytes() const {
    return kinds_.heap_bytes() + header_positions_.heap_bytes() + headers_.heap_bytes() +
           spans_.heap_bytes() + by_chain_position_.heap_bytes();
}

}  // namespace ccsalvage::po
