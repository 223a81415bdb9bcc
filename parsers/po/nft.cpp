#include "parsers/po/nft.hpp"

#include "parsers/po/bytes.hpp"
#include "parsers/po/layout_block.hpp"

namespace ccsalvage::po {

namespace ln = layout::nft;

Nft decode_nft(std::string_view payload, FieldMap& map) {
    Nft nft;
    LeReader r(payload);
    nft.covered_blocks = r.u32();
    if (!r.ok()) {
        map.malformed_at(0, "allocation table shorter than its count", true);
        return nft;
    }
    std::size_t n = nft.covered_blocks;
    if (r.remaining() < n) {
        map.malformed_at(static_cast<std::uint32_t>(payload.size()),
                         "allocation table shorter than covered_blocks", true);
        n = r.remaining();
    } else if (r.remaining() > n) {
        map.malformed_at(static_cast<std::uint32_t>(ln::kStates + n), "bytes after the last state");
    }
    nft.states = r.take(n);
    // States 09 and 0A are TAB and LF: a run of folder-list states is not foreign text.
    map.spans.push_back({SpanKind::exempt, static_cast<std::uint32_t>(ln::kStates),
                         static_cast<std::uint32_t>(n), "states"});
    return nft;
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
