// Records only the census found (13.1 step 7, 13.3): every intact record head that no walk
// claimed is recovered, as lost (its block is in use) or stale (free). They go to the recovered
// lists, never into the contents, and are reported: PO-025, 026, 027, 030, 042.
#include "parsers/po/block.hpp"
#include "parsers/po/compact_record.hpp"
#include "parsers/po/directory_record.hpp"
#include "parsers/po/events.hpp"
#include "parsers/po/layout_block.hpp"
#include "parsers/po/message_record.hpp"
#include "parsers/po/number_set.hpp"
#include "parsers/po/read_steps.hpp"

namespace ccsalvage::po::detail {

namespace lb = layout::block;

namespace {

Record follow_unclaimed(const StoreFile& file, std::uint32_t head, char type) {
    ChainRequest request;
    request.type = type;
    request.head = head;
    request.total_blocks = std::max(file.total_blocks, file.census.size());
    request.max_payload = 2 * 163840;  // no record of the model is longer (section 11)
    return follow_chain(file.bytes, file.block_size, file.kind, request, &file.census);
}

Provenance provenance_of(const StoreFile& file, std::uint32_t block) {
    if (block < file.total_blocks && file.marked_free(block)) return Provenance::stale;
    return Provenance::lost;
}

std::string record_kind(char type) {
    switch (type) {
        case lb::kNft:
            return "allocation table";
        case lb::kDirectoryIndex:
            return "directory index";
        case lb::kMessageIndex:
            return "message index";
        case lb::kFolderTable:
            return "folder table";
        case lb::kFolderList:
            return "folder list";
        case lb::kFileHeader:
            return "file header";
        default:
            return std::string("'") + type + "' record";
    }
}

void recover_file(ReadContext& ctx, StoreFile& file, PostOffice& po,
                  const NumberSet& reached_numbers) {
    for (std::uint32_t n = 2; n < file.census.size(); ++n) {
        ctx.swept(n);
        if (file.census.kind(n) != CensusKind::intact) continue;  // cheap: one byte per block
        const CensusEntry& entry = file.census.at(n);
        if (entry.kind != CensusKind::intact || entry.header.chain_index != 0) continue;
        if (file.claimant[n] != 0) continue;
        const Provenance provenance = provenance_of(file, n);
        const bool stale = provenance == Provenance::stale;
        const std::string where = " in block " + std::to_string(n);
        const char type = entry.header.type;
        if (type == lb::kMessageHeader) {
            const Record record = follow_unclaimed(file, n, type);
            FieldMap map;
            MessageRecord m(ctx.pool());
            m.header = decode_message_header(record.payload, n, map);
            m.place = place_of(record, map, ctx.pool());
            m.provenance = provenance;
            m.file = file.kind;
            m.payload_bytes = static_cast<std::uint32_t>(record.payload.size());
            const std::string what = "message " + std::to_string(entry.header.owner);
            if (stale) {
                ctx.report(events::recoverable_record, file, file.offset(n),
                           "deleted " + what + " recoverable" + where + " (subject \"" +
                               m.header.subject.substr(0, 60) + "\")");
            } else if (reached_numbers.contains(entry.header.owner)) {
                ctx.report(events::duplicate_header, file, file.offset(n),
                           "second live header record for " + what + where);
            } else {
                ctx.report(events::header_not_indexed, file, file.offset(n),
                           what + ": live header record" + where + " is not in the message index");
            }
            if (ctx.options().messages == MessageDetail::compact) make_compact(m);
            po.recovered_messages.push_back(std::move(m));
            ctx.listed(po.recovered_messages.size());
        } else if (type == lb::kDirectoryEntry) {
            const Record record = follow_unclaimed(file, n, type);
            FieldMap map;
            DirectoryRecord d(ctx.pool());
            d.entry = decode_directory_entry(record.payload, n, map);
            d.place = place_of(record, map, ctx.pool());
            d.provenance = provenance;
            const std::string what = "directory entry " + std::to_string(entry.header.owner);
            if (stale) {
                ctx.report(events::recoverable_record, file, file.offset(n),
                           "deleted " + what + " recoverable" + where);
            } else {
                ctx.report(
                    events::dir_index_incomplete, file, file.offset(n),
                    what + ": live record" + where + " reached by neither the index nor its chain");
            }
            po.recovered_directory.push_back(std::move(d));
        } else if (type == lb::kExtent) {
            RecoveredExtent e;
            e.block = n;
            e.header = decode_extent_header(block_view(file.bytes, n, file.block_size));
            e.provenance = provenance;
            const std::string what = "extent of message " + std::to_string(e.header.block.owner) +
                                     " item " + std::to_string(e.header.item_index + 1);
            if (stale) {
                ctx.report(events::recoverable_record, file, file.offset(n),
                           what + " recoverable" + where);
            } else {
                ctx.report(events::orphan_extent, file, file.offset(n),
                           what + where + " (" + std::to_string(e.header.data_length) +
                               " bytes) is in use but no item table reaches it");
            }
            po.recovered_extents.push_back(e);
        } else if (stale) {
            ctx.report(events::recoverable_record, file, file.offset(n),
                       "superseded " + record_kind(type) + where);
        }
    }
}

}  // namespace

void read_recovered(ReadContext& ctx, StoreFile& clan, StoreFile* mlan, PostOffice& po) {
    NumberSet reached(po.messages.size(), ctx.options().scratch.get());
    std::size_t visited = 0;
    for (const auto& m : po.messages) {
        if (m.place.readable) reached.add(m.header.message_number);
        ctx.listed(++visited);
    }
    reached.seal();
    if (clan.usable()) recover_file(ctx, clan, po, reached);
    if (mlan != nullptr && mlan->usable()) recover_file(ctx, *mlan, po, reached);
}

}  // namespace ccsalvage::po::detail
