// Header counters against what the walks found (V7, V8, V14; PO-047) and the directory size
// limit (PO-048).
#include <algorithm>

#include "parsers/po/events.hpp"
#include "parsers/po/layout_block.hpp"
#include "parsers/po/layout_clandata.hpp"
#include "parsers/po/layout_mlandata.hpp"
#include "parsers/po/limits.hpp"
#include "parsers/po/read_steps.hpp"

namespace ccsalvage::po::detail {

namespace lc = layout::clandata;
namespace le = layout::mlandata;
namespace ln = layout::nft;

void check_counters(ReadContext& ctx, StoreFile& clan, StoreFile* mlan, PostOffice& po) {
    const auto wrong = [&](StoreFile& file, std::size_t field, std::string_view name,
                           std::uint64_t stored, std::uint64_t derived, std::string_view rule) {
        ctx.report(events::counter_wrong, file, field,
                   std::string(name) + " " + std::to_string(stored) + ", " + std::string(rule) +
                       " " + std::to_string(derived));
    };
    if (po.clandata) {
        const ClandataHeader& h = *po.clandata;
        std::uint32_t highest_message = 0;
        std::size_t visited = 0;
        for (const auto& m : po.messages) {
            highest_message = std::max(highest_message, m.header.message_number);
            ctx.listed(++visited);
        }
        for (const auto& m : po.recovered_messages) {
            ctx.listed(++visited);
            if (m.provenance == Provenance::lost) {
                highest_message = std::max(highest_message, m.header.message_number);
            }
        }
        std::uint32_t entries = 0, highest_id = 0, mailboxes = 0, highest_mailbox = 0;
        for (const auto& d : po.directory) {
            if (!d.place.readable) continue;
            ++entries;
            highest_id = std::max(highest_id, d.entry.entry_id);
            if (d.entry.mailbox_number != 0) {
                ++mailboxes;
                highest_mailbox = std::max(highest_mailbox, d.entry.mailbox_number);
            }
        }
        if (h.message_count != po.messages.size()) {
            wrong(clan, lc::kMessageCount, "message_count", h.message_count, po.messages.size(),
                  "messages indexed:");
        }
        if (h.next_message_number <= highest_message) {
            wrong(clan, lc::kNextMessageNumber, "next_message_number", h.next_message_number,
                  highest_message, "highest message number in use:");
        }
        if (h.directory_entry_count != entries) {
            wrong(clan, lc::kDirectoryEntryCount, "directory_entry_count", h.directory_entry_count,
                  entries, "live entries:");
        }
        if (h.next_directory_id <= highest_id) {
            wrong(clan, lc::kNextDirectoryId, "next_directory_id", h.next_directory_id, highest_id,
                  "highest entry id:");
        }
        if (h.mailbox_count != mailboxes) {
            wrong(clan, lc::kMailboxCount, "mailbox_count", h.mailbox_count, mailboxes,
                  "entries owning a mailbox:");
        }
        if (h.next_mailbox_number <= highest_mailbox) {
            wrong(clan, lc::kNextMailboxNumber, "next_mailbox_number", h.next_mailbox_number,
                  highest_mailbox, "highest mailbox number:");
        }
        const std::uint32_t limit =
            ctx.generation == 8 ? limits::kDirectoryEntriesDb8 : limits::kDirectoryEntriesDb6;
        if (entries > limit) {
            ctx.report(events::limit_exceeded, clan, lc::kDirectoryEntryCount,
                       std::to_string(entries) + " directory entries (limit " +
                           std::to_string(limit) + ")");
        }
    }
    if (mlan != nullptr && mlan->usable() && po.mlandata) {
        // extent_count counts NFT state 08 (7.1); item_count those heads that start an item.
        // Without a readable table, what the walks reached stands in for it.
        std::uint32_t extents = 0, items = 0;
        const auto& marks = mlan->nft_ok ? mlan->nft : mlan->claimed_state;
        for (std::uint32_t n = 0; n < marks.size() && n < mlan->census.size(); ++n) {
            ctx.swept(n);
            if (marks[n] != ln::kExtent) continue;
            ++extents;
            if (mlan->census.structural(n) && mlan->census.at(n).header.chain_index == 0) ++items;
        }
        if (po.mlandata->extent_count != extents) {
            wrong(*mlan, le::kExtentCount, "extent_count", po.mlandata->extent_count, extents,
                  "extent heads:");
        }
        if (po.mlandata->item_count != items) {
            wrong(*mlan, le::kItemCount, "item_count", po.mlandata->item_count, items,
                  "first extents:");
        }
    }
}

}  // namespace ccsalvage::po::detail
