#pragma once
// Internal to the reader: the walks of section 13.1 step 5 and the checks of step 6, one
// function per structure family, run in this order by read_post_office().
#include "parsers/po/read_context.hpp"

namespace ccsalvage::po::detail {

// CLANDATA header values (code page, date order) and its field checks.
void read_clandata_header(ReadContext& ctx, StoreFile& clandata, PostOffice& po);
// MLANDATA header and its identity against CLANDATA (PO-007); false when it does not belong.
bool read_mlandata_header(ReadContext& ctx, StoreFile& mlandata, PostOffice& po);
// Directory index -> D records; chain table -> type chains; directory checks (PO-041..046).
void read_directory(ReadContext& ctx, StoreFile& clandata, PostOffice& po);
// Message index -> H records -> MLANDATA extents (PO-022..024, 028, 029, 048).
void read_messages(ReadContext& ctx, StoreFile& clandata, StoreFile* mlandata, PostOffice& po);
// Mailbox files -> folder tables -> folder lists; reference counts (PO-033..040).
void read_mailboxes(ReadContext& ctx, std::vector<StoreFile>& usr, const StoreFile* clandata,
                    PostOffice& po);
// Keeps PO-032's key of a reached message (before a compact read drops its header).
void note_identity(ReadContext& ctx, const MessageRecord& message, std::uint32_t position);
// Two reached messages alike in everything but arrival, close together (PO-032).
void check_duplicates(ReadContext& ctx, const StoreFile& clandata, const PostOffice& po);
// Census records no walk reached (PO-025, 026, 027, 030, 042).
void read_recovered(ReadContext& ctx, StoreFile& clandata, StoreFile* mlandata, PostOffice& po);
// Header counters against the structures (PO-047).
void check_counters(ReadContext& ctx, StoreFile& clandata, StoreFile* mlandata, PostOffice& po);

}  // namespace ccsalvage::po::detail

namespace ccsalvage::po::detail {

// For one reached message: reassembles every item from MLANDATA (checksums only), claims the
// extents and reports PO-028, PO-029 and PO-014 in failing extent data. `record` and
// `entry_offsets` locate the item table entries in CLANDATA.
void read_message_items(ReadContext& ctx, const StoreFile& clandata, StoreFile* mlandata,
                        const Record& record, const std::vector<std::uint32_t>& entry_offsets,
                        MessageRecord& message);

}  // namespace ccsalvage::po::detail
