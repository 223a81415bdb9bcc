#include "parsers/po/nft.hpp"

#include <algorithm>

#include "parsers/po/bytes.hpp"
#include "parsers/po/layout_block.hpp"

namespace ccsalvage::po {

namespace ln = layout::nft;

NftShape nft_shape(std::optional<std::uint32_t> covered_blocks, std::size_t payload_bytes,
                   FieldMap& map) {
    NftShape shape;
    if (!covered_blocks) {
        map.malformed_at(0, "allocation table shorter than its count", true);
        return shape;
    }
    shape.covered_blocks = *covered_blocks;
    const std::size_t remaining = payload_bytes - ln::kStates;
    shape.states = shape.covered_blocks;
    if (remaining < shape.states) {
        map.malformed_at(static_cast<std::uint32_t>(payload_bytes),
                         "allocation table shorter than covered_blocks", true);
        shape.states = remaining;
    } else if (remaining > shape.states) {
        map.malformed_at(static_cast<std::uint32_t>(ln::kStates + shape.states),
                         "bytes after the last state");
    }
    // States 09 and 0A are TAB and LF: a run of folder-list states is not foreign text.
    map.spans.push_back({SpanKind::exempt, static_cast<std::uint32_t>(ln::kStates),
                         static_cast<std::uint32_t>(shape.states), "states"});
    return shape;
}

Nft decode_nft(std::string_view payload, FieldMap& map) {
    LeReader r(payload);
    const std::uint32_t count = r.u32();
    const NftShape shape =
        nft_shape(r.ok() ? std::optional(count) : std::nullopt, payload.size(), map);
    return {shape.covered_blocks,
            payload.substr(std::min(payload.size(), ln::kStates), shape.states)};
}

void NftStreamDecoder::feed(std::string_view part) {
    while (!part.empty() && payload_bytes_ < ln::kStates) {
        count_[payload_bytes_++] = part.front();  // the count may straddle two blocks
        part.remove_prefix(1);
        if (payload_bytes_ == ln::kStates) {
            covered_ = LeReader(std::string_view(count_.data(), count_.size())).u32();
        }
    }
    if (part.empty()) return;
    // States past covered_blocks are damage (reported by finish()), counted but not kept.
    const std::size_t held = payload_bytes_ - ln::kStates;
    const std::size_t wanted = *covered_ > held ? *covered_ - held : 0;
    const std::size_t kept = std::min(wanted, part.size());
    states_.append(
        std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(part.data()), kept));
    payload_bytes_ += part.size();
}

NftShape NftStreamDecoder::finish(FieldMap& map) const {
    return nft_shape(covered_, payload_bytes_, map);
}

std::string encode_nft(const std::vector<std::uint8_t>& states) {
    std::string payload;
    payload.reserve(ln::kStates + states.size());
    append_u32(payload, static_cast<std::uint32_t>(states.size()));
    payload.append(states.begin(), states.end());
    return payload;
}

std::uint32_t nft_state_offset(std::uint32_t block) {
    return static_cast<std::uint32_t>(ln::kStates) + block;
}

}  // namespace ccsalvage::po
