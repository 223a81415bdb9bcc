// The message walk (13.1 step 5): CLANDATA header -> message index (I) -> message header
// records (H), with the checks of V8, V9 and V17 (sections 6.5, 6.6, 9, 11).
#include <algorithm>
#include <set>
#include <utility>

#include "parsers/po/compact_record.hpp"
#include "parsers/po/events.hpp"
#include "parsers/po/layout_block.hpp"
#include "parsers/po/layout_clandata.hpp"
#include "parsers/po/limits.hpp"
#include "parsers/po/message_record.hpp"
#include "parsers/po/number_set.hpp"
#include "parsers/po/read_steps.hpp"

namespace ccsalvage::po::detail {

namespace lb = layout::block;
namespace lc = layout::clandata;
namespace lm = layout::clandata::msg;

namespace {

std::uint32_t payload_limit(std::uint8_t generation) {
    return generation == 8 ? limits::kHeaderPayloadDb8 : limits::kHeaderPayloadDb6;
}

// PO-048: documented limits (section 11), DB8-only values in DB6 (section 10).
void check_limits(ReadContext& ctx, const StoreFile& file, const Record& record,
                  const FieldMap& map, const MessageHeader& h) {
    const std::uint32_t b = file.block_size;
    const std::string what = "message " + std::to_string(h.message_number);
    const auto over = [&](std::uint64_t at, const std::string& detail) {
        ctx.report(events::limit_exceeded, file, at, what + ": " + detail);
    };
    const bool db6 = ctx.generation != 8;
    if (record.payload.size() > payload_limit(ctx.generation)) {
        over(record.absolute(0, b), "header record of " + std::to_string(record.payload.size()) +
                                        " bytes (limit " +
                                        std::to_string(payload_limit(ctx.generation)) + ")");
    }
    if (h.items.size() > limits::kItemsPerMessage) {
        over(record.absolute(lm::kItemCount, b),
             std::to_string(h.items.size()) + " items (limit 20)");
    }
    if (db6 && h.recipients.size() > limits::kRecipientsDb6) {
        over(record.absolute(lm::kRecipientCount, b),
             std::to_string(h.recipients.size()) + " recipients (DB6 limit 200)");
    }
    if (db6 && (h.flags & lm::kFlagRtf) != 0)
        over(record.absolute(lm::kFlags, b), "RTF body flag in DB6");
    for (const auto& text : map.texts) {
        if (text.text.size() > limits::kMessageText) {
            over(record.absolute(text.offset, b), std::string(text.name) + " of " +
                                                      std::to_string(text.text.size()) +
                                                      " bytes (limit 255)");
        }
    }
    for (std::size_t i = 0; i < h.items.size() && i < map.entry_offsets.size(); ++i) {
        const ItemEntry& item = h.items[i];
        const std::uint64_t at = record.absolute(map.entry_offsets[i], b);
        const std::string n = "item " + std::to_string(i + 1);
        if (item.kind == lm::kItemText && item.length > limits::kTextItemBytes) {
            over(at, n + ": text item of " + std::to_string(item.length) + " bytes (limit 20480)");
        }
        if (item.kind == lm::kItemForwarded && item.title.size() > limits::kForwardedTitle) {
            over(at, n + ": forwarded item title of " + std::to_string(item.title.size()) +
                         " bytes (limit 30)");
        }
        if (db6 && item.kind == lm::kItemOle) over(at, n + ": OLE item in DB6");
        if (db6 && (item.flags & lm::kItemFlagRtf) != 0) over(at, n + ": RTF text flag in DB6");
    }
}

// V9 and the item table rules of 6.5 that need no MLANDATA.
void check_message(ReadContext& ctx, const StoreFile& file, const Record& record,
                   const FieldMap& map, const MessageHeader& h) {
    const std::uint32_t b = file.block_size;
    const std::string what = "message " + std::to_string(h.message_number);
    const std::uint32_t owner = record.links.front().header.owner;
    if (map.malformed && map.malformed->offset < lm::kFixedEnd) return;
    if (h.message_number != owner) {
        ctx.report(events::malformed_payload, file, record.absolute(lm::kMessageNumber, b),
                   what + ": block owner is " + std::to_string(owner));
    }
    if (map.malformed) return;  // the rest needs the whole item table
    std::uint64_t sum = 0;
    for (std::size_t i = 0; i < h.items.size(); ++i) {
        const ItemEntry& item = h.items[i];
        sum += item.length;
        if (item.length == 0 && item.extent_block != 0) {
            ctx.report(events::malformed_payload, file,
                       record.absolute(map.entry_offsets[i] + 10, b),
                       what + ": item " + std::to_string(i + 1) +
                           " is empty but has extent_block " + std::to_string(item.extent_block));
        }
    }
    if (sum != h.total_item_bytes) {
        ctx.report(events::malformed_payload, file, record.absolute(lm::kTotalItemBytes, b),
                   what + ": total_item_bytes " + std::to_string(h.total_item_bytes) +
                       ", items sum to " + std::to_string(sum));
    }
    check_limits(ctx, file, record, map, h);
}

MessageRecord read_one(ReadContext& ctx, StoreFile& clan, StoreFile* mlan, std::uint32_t number,
                       std::uint32_t block, std::uint64_t entry_at) {
    MessageRecord m(ctx.pool());
    m.header.message_number = number;
    const std::string what = "message " + std::to_string(number);
    const Target target = look_at(clan, block, lb::kMessageHeader);
    const auto foreign = [&](const std::string& why) {
        ctx.report(events::index_to_foreign, clan, entry_at,
                   what + ": index entry names block " + std::to_string(block) + ", " + why);
    };
    switch (target) {
        case Target::out_of_range:
            foreign("out of range");
            return m;
        case Target::free_block:
            foreign("a free block without its header record");
            return m;
        case Target::foreign:
            foreign(std::string("a block of type '") + clan.census.at(block).header.type + "'");
            return m;
        case Target::unreadable:
            // The block audit reports the block (PO-009); the walk still owns it.
            ctx.claim(clan, block, layout::nft::kMessageHeader, block, what);
            m.place.blocks.push_back(block);
            return m;
        case Target::ok:
            break;
    }
    const std::uint32_t owner = clan.census.at(block).header.owner;
    if (owner != number) {
        ctx.report(events::index_to_other_message, clan, entry_at,
                   what + ": index entry names block " + std::to_string(block) +
                       ", which holds message " + std::to_string(owner));
        return m;
    }
    if (clan.marked_free(block)) foreign("which the allocation table marks free");
    const Record record = read_reached(ctx, clan, block, lb::kMessageHeader,
                                       2 * std::size_t{payload_limit(ctx.generation)}, what);
    FieldMap map;
    m.header = decode_message_header(record.payload, block, map);
    report_fields(ctx, clan, record, map, what);
    check_message(ctx, clan, record, map, m.header);
    m.place = place_of(record, map, ctx.pool());
    m.file = clan.kind;
    m.payload_bytes = static_cast<std::uint32_t>(record.payload.size());
    read_message_items(ctx, clan, mlan, record, map.entry_offsets, m);
    return m;
}

}  // namespace

void read_messages(ReadContext& ctx, StoreFile& clan, StoreFile* mlan, PostOffice& po) {
    if (!po.clandata) return;
    const std::uint32_t root = po.clandata->message_index_block;
    const Target target = look_at(clan, root, lb::kMessageIndex);
    if (target != Target::ok) {
        if (target == Target::unreadable) {
            ctx.claim(clan, root, layout::nft::kMessageIndex, root, "message index");
        } else {
            ctx.report(events::broken_chain, clan, lc::kMessageIndexBlock,
                       "message_index_block " + std::to_string(root) +
                           " does not lead to a message index");
        }
        return;
    }
    // The entries into the scratch space as the chain is followed (8 bytes a message, read once
    // in order below); no chain is longer than its file, which bounds how many there can be.
    MessageIndexDecoder decoder(clan.bytes.size() / lc::msg_index::kEntrySize,
                                ctx.options().scratch.get());
    const Record record = read_reached(ctx, clan, root, lb::kMessageIndex, 0, "message index",
                                       [&decoder](std::string_view part) { decoder.feed(part); });
    FieldMap map;
    const MessageIndexDecoder::Counts index = decoder.finish(map);
    const ScratchArray<MessageIndexEntry>& entries = decoder.entries();
    report_fields(ctx, clan, record, map, "message index");
    // A number listed twice: the first entry is read, each later one reported. Which numbers
    // repeat is known from the sorted numbers, so only those are tracked in index order (the
    // sorted set itself is dropped at once: 4 bytes a message).
    const std::vector<std::uint32_t> repeated = [&] {
        NumberSet listed(entries.size(), ctx.options().scratch.get());
        for (const MessageIndexEntry& entry : entries) listed.add(entry.message_number);
        listed.seal();
        return listed.repeated();
    }();
    std::set<std::uint32_t> seen_repeated;
    std::uint32_t previous = 0, highest = 0;
    // Sized once (the index is bounded by its record's length): growing by doubling kept up to
    // twice the records' size during the last copy.
    po.messages.reserve(entries.size());
    ctx.message_identities =
        ScratchArray<MessageIdentity>(entries.size(), ctx.options().scratch.get());
    for (std::size_t i = 0; i < entries.size(); ++i) {
        const MessageIndexEntry& entry = entries[i];
        const std::uint64_t at = record.absolute(message_index_entry_offset(i), clan.block_size);
        const std::string what = "message index entry " + std::to_string(i);
        if (std::binary_search(repeated.begin(), repeated.end(), entry.message_number) &&
            !seen_repeated.insert(entry.message_number).second) {
            ctx.report(
                events::index_order, clan, at,
                what + ": message " + std::to_string(entry.message_number) + " listed twice");
            continue;
        }
        if (i > 0 && entry.message_number <= previous) {
            ctx.report(events::index_order, clan, at,
                       what + ": message " + std::to_string(entry.message_number) + " after " +
                           std::to_string(previous));
        }
        previous = entry.message_number;
        highest = std::max(highest, entry.message_number);
        MessageRecord m = read_one(ctx, clan, mlan, entry.message_number, entry.record_block, at);
        note_identity(ctx, m, static_cast<std::uint32_t>(po.messages.size()));
        if (ctx.options().messages == MessageDetail::compact) make_compact(m);
        po.messages.push_back(std::move(m));
        ctx.listed(po.messages.size());
    }
    if (!map.malformed && index.highest_number != highest) {
        ctx.report(events::index_order, clan,
                   record.absolute(lc::msg_index::kHighestNumber, clan.block_size),
                   "message index highest_number " + std::to_string(index.highest_number) +
                       ", highest listed is " + std::to_string(highest));
    }
}

}  // namespace ccsalvage::po::detail
