#include "parsers/po/census.hpp"

#include <algorithm>

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
}  // namespace

Census Census::take(std::string_view file, std::uint32_t block_size, FileKind kind,
                    const std::function<void(std::uint64_t, std::uint64_t)>& done_with) {
    constexpr std::uint64_t kReleaseEvery = 8u << 20;
    std::uint64_t released = 0;
    Census census;
    if (block_size == 0) return census;
    const auto count =
        static_cast<std::uint32_t>(std::min<std::uint64_t>(file.size() / block_size, 0xFFFFFFFFu));
    census.entries_.resize(count);
    std::uint32_t extent_head = 0;
    std::uint64_t extent_end = 0;  // first position after the current extent span
    for (std::uint32_t n = 0; n < count; ++n) {
        if (done_with && std::uint64_t{n} * block_size >= released + kReleaseEvery) {
            done_with(released, std::uint64_t{n} * block_size);
            released = std::uint64_t{n} * block_size;
        }
        CensusEntry& entry = census.entries_[n];
        const std::string_view block = block_view(file, n, block_size);
        if (n < extent_end) {
            // Extent data blocks carry no header; whatever they hold is data (7.2).
            entry.kind = CensusKind::extent_data;
            entry.extent_head = extent_head;
            continue;
        }
        const BlockCheck check = check_block(block, n, block_size, kind);
        if (check.structural) {
            entry.kind = check.intact ? CensusKind::intact : CensusKind::bad_crc;
            entry.header = check.header;
            census.by_chain_position_.emplace(
                chain_key(check.header.first_block, check.header.chain_index), n);
            // Only an intact extent head is trusted to say how far its data reaches: a
            // damaged length would hide real blocks behind it.
            if (check.intact && check.header.type == layout::block::kExtent) {
                const auto length = *get_u32(block, layout::mlandata::kDataLength);
                const std::uint64_t blocks =
                    (layout::mlandata::kData + std::uint64_t{length} + block_size - 1) / block_size;
                extent_head = n;
                extent_end = n + blocks;
            }
        } else if (all_zero(block)) {
            entry.kind = CensusKind::zero;
        } else {
            entry.kind = CensusKind::unrecognised;
        }
    }
    if (done_with) done_with(released, file.size());
    return census;
}

bool Census::structural(std::uint32_t position) const {
    if (position >= entries_.size()) return false;
    const auto kind = entries_[position].kind;
    return kind == CensusKind::intact || kind == CensusKind::bad_crc;
}

std::vector<std::uint32_t> Census::candidates(std::uint32_t first_block,
                                              std::uint16_t chain_index) const {
    std::vector<std::uint32_t> out;
    const auto [begin, end] = by_chain_position_.equal_range(chain_key(first_block, chain_index));
    for (auto it = begin; it != end; ++it) out.push_back(it->second);
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace ccsalvage::po
