// Item data of reached messages (7.2, V10): every item is reassembled once, checksums only,
// its extents claimed in MLANDATA, and what went wrong reported (PO-028, PO-029, and PO-014
// for plain text in extent data whose CRC failed, 4.8 rule 3).
#include <algorithm>
#include <optional>

#include "parsers/po/block.hpp"
#include "parsers/po/events.hpp"
#include "parsers/po/extent.hpp"
#include "parsers/po/layout_block.hpp"
#include "parsers/po/layout_mlandata.hpp"
#include "parsers/po/read_steps.hpp"
#include "parsers/po/text_scan.hpp"

namespace ccsalvage::po::detail {

namespace le = layout::mlandata;
namespace ln = layout::nft;

namespace {

// The bytes of an extent outside its data: the 48-byte head (rule 2) and the slack after the
// data in its last block (00, PO-013); and, when the data CRC failed, rule 3 over the data.
void check_extent_bytes(ReadContext& ctx, const StoreFile& mlan, ExtentSource& bytes,
                        const ItemExtent& extent, const std::string& what) {
    const std::uint32_t b = mlan.block_size;
    const std::uint64_t start = mlan.offset(extent.block);
    const std::string_view head = bytes.view(start, le::kData);
    for (const TextRun& run : printable_runs(head, kForeignRun)) {
        ctx.report(events::foreign_text, mlan, start + run.start,
                   what + ": " + std::to_string(run.length) + " plain bytes in an extent head");
    }
    const std::uint64_t data_start = start + le::kData;
    const std::uint64_t data_end =
        std::min<std::uint64_t>(data_start + extent.header.data_length, mlan.bytes.size());
    if (!extent.data_crc_ok) {
        const std::string_view data =
            bytes.view(data_start, static_cast<std::size_t>(data_end - data_start));
        for (const TextRun& run : printable_runs(data, kForeignRunInData)) {
            ctx.report(events::foreign_text, mlan, data_start + run.start,
                       what + ": " + std::to_string(run.length) +
                           " plain bytes in extent data that fails its CRC");
        }
    }
    const std::uint64_t span_end =
        std::min<std::uint64_t>(start + std::uint64_t{extent.blocks} * b, mlan.bytes.size());
    const std::string_view slack =
        bytes.view(data_end, static_cast<std::size_t>(span_end - std::min(span_end, data_end)));
    const std::size_t nonzero = slack.find_first_not_of('\0');
    if (nonzero != std::string_view::npos) {
        ctx.report(events::nonzero_slack, mlan, data_end + nonzero,
                   what + ": non-zero bytes after the extent data");
    }
}

}  // namespace

void read_message_items(ReadContext& ctx, const StoreFile& clan, StoreFile* mlan,
                        const Record& record, const std::vector<std::uint32_t>& entry_offsets,
                        MessageRecord& message) {
    const MessageHeader& h = message.header;
    message.items.assign(h.items.size(), ItemState{});
    const bool have_data = mlan != nullptr && mlan->usable();
    // Every item is read once, in index order (far apart in MLANDATA): with pread where the
    // file allows, since through the mapping each extent mapped the cached folios around it
    // (16.6 MiB of MLANDATA resident at the start of the 8 GiB export) until the next drop.
    std::optional<ExtentSource> bytes;
    if (have_data) {
        bytes.emplace(mlan->reads ? ExtentSource(mlan->bytes.size(), mlan->reads)
                                  : ExtentSource(mlan->bytes));
    }
    for (std::size_t i = 0; i < h.items.size(); ++i) {
        const ItemEntry& item = h.items[i];
        ItemState& state = message.items[i];
        const std::string what =
            "message " + std::to_string(h.message_number) + " item " + std::to_string(i + 1);
        if (!have_data) {
            state.present = item.length == 0;
            state.intact = state.present;
            continue;
        }
        ItemRequest request;
        request.block_size = mlan->block_size;
        request.total_blocks = mlan->total_blocks;
        request.message_number = h.message_number;
        request.item_index = static_cast<std::uint16_t>(i);
        request.keep_data = false;
        const ItemRead read = read_item(*bytes, item, request);
        state.present = true;
        for (const auto& extent : read.extents) {
            state.extent_blocks.push_back(extent.block);
            ctx.claim(*mlan, extent.block, ln::kExtent, extent.block, what);
            for (std::uint32_t k = 1; k < extent.blocks; ++k) {
                ctx.claim(*mlan, extent.block + k, ln::kExtent | ln::kContinuation, extent.block,
                          what);
            }
            check_extent_bytes(ctx, *mlan, *bytes, extent, what);
            if (ctx.options().done_with) {
                const std::uint64_t b = mlan->block_size;
                ctx.options().done_with(mlan->bytes, extent.block * b,
                                        (std::uint64_t{extent.block} + extent.blocks) * b);
            }
        }
        for (const auto& problem : read.problems) {
            if (problem.missing) {
                state.present = false;
                const std::uint64_t at =
                    i < entry_offsets.size()
                        ? record.absolute(entry_offsets[i] + 10, clan.block_size)
                        : 0;
                ctx.report(
                    events::item_missing, clan, at,
                    what + " (" + std::to_string(item.length) + " bytes): " + problem.detail);
            } else {
                ctx.report(events::item_damaged, *mlan, problem.offset,
                           what + ": " + problem.detail);
            }
        }
        state.intact = state.present && read.complete && read.crc_ok && read.problems.empty();
    }
}

}  // namespace ccsalvage::po::detail
