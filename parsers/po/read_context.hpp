#pragma once
// Internal to the reader: the state shared by the steps of section 13.1 (one StoreFile per
// CLANDATA/MLANDATA/USR file: its header, allocation table, census and claims) and the helpers
// that turn findings into events. Not part of the public API.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/codepage.hpp"
#include "core/event.hpp"
#include "core/scratch_array.hpp"
#include "parsers/po/census.hpp"
#include "parsers/po/chain.hpp"
#include "parsers/po/extent.hpp"
#include "parsers/po/field_map.hpp"
#include "parsers/po/model.hpp"
#include "parsers/po/reader.hpp"

namespace ccsalvage::po::detail {

struct StoreFile {
    std::string display;
    FileKind kind = FileKind::clandata;
    std::string_view bytes;
    // The same bytes read with pread (a descriptor of their own), for the passes that read a
    // large part of the file once (the allocation table's chain, the item walk): through the
    // mapping, each touch mapped the kernel's cached folio around it until the next drop.
    // Empty for a source of views only: those passes then use the mapping.
    PositionedRead reads;
    std::uint32_t usr_number = 0;  // USR files: nnnnn of the name

    HeaderSource header_source = HeaderSource::none;
    std::uint32_t block_size = 0;
    std::uint32_t total_blocks = 0;    // header value (voted: the blocks present)
    std::uint32_t blocks_present = 0;  // whole blocks in the file
    std::string_view header_block;     // the header block used (block 0 or the copy)
    std::uint32_t header_seed = 0;     // its block number
    CommonHeader common;

    bool nft_ok = false;             // the allocation table was read completely
    ScratchArray<std::uint8_t> nft;  // states (may be shorter than total_blocks)
    Record nft_record;               // for the state byte offsets
    Census census;

    // Claims by the walks: the NFT state the claimant expects (0 = unclaimed) and who (the
    // claimant's head block + 1, so that one record reached twice is one claimant).
    ScratchArray<std::uint8_t> claimed_state;
    ScratchArray<std::uint32_t> claimant;

    bool usable() const { return header_source != HeaderSource::none && block_size != 0; }
    // Blocks a pointer may name: inside the header's total and present in the file.
    bool in_range(std::uint32_t block) const { return block != 0 && block < total_blocks; }
    std::uint64_t offset(std::uint32_t block, std::uint64_t in_block = 0) const {
        return std::uint64_t{block} * block_size + in_block;
    }
    // Absolute offset of the NFT state byte of `block` (the block's offset when the NFT is gone).
    std::uint64_t state_offset(std::uint32_t block) const;
    // NFT state of a block, or nullopt when the table does not say.
    std::optional<std::uint8_t> state(std::uint32_t block) const;
    bool marked_free(std::uint32_t block) const {
        const auto s = state(block);
        return s && *s == 0;
    }
};

// What PO-032 keeps of a message until it compares them: a hash of its identity text and its
// position in po.messages. 32 bits of hash are enough: a hash two messages share only makes
// them candidates, whose texts are then compared.
struct MessageIdentity {
    std::uint32_t hash = 0;
    std::uint32_t position = 0;
};

class ReadContext {
  public:
    ReadContext(EventLog& log, const ReadOptions& options, std::pmr::memory_resource* pool)
        : log_(log), options_(options), pool_(pool) {}

    void report(const EventCode& code, const std::string& file, std::uint64_t offset,
                std::string detail) {
        log_.add(code, file, offset, std::move(detail));
    }
    void report(const EventCode& code, const StoreFile& file, std::uint64_t offset,
                std::string detail) {
        log_.add(code, file.display, offset, std::move(detail));
    }

    const ReadOptions& options() const { return options_; }
    // Where the records' own lists are made (PostOffice::record_pool).
    std::pmr::memory_resource* pool() const { return pool_; }
    // Called with each position by the sweeps over a whole file's per-block arrays (the block
    // audit, the recovery, the counters): every 65,536 positions the scratch space's pages
    // leave the resident set, so that a sweep does not make every array resident at once.
    void swept(std::uint32_t position) const {
        if (options_.scratch)
            options_.scratch->passed(std::uint64_t{position} + 1, kBlocksPerRelease);
    }
    // Tells the caller that the reader is done, for now, with every byte of `file` it has read
    // (ReadOptions::done_with): whole, since a range as small as what was read would leave the
    // rest of a large cached folio mapped. What is touched again later is mapped again.
    void hand_back(const StoreFile& file) const {
        if (options_.done_with) options_.done_with(file.bytes, 0, file.bytes.size());
    }
    // The same for the message list: every kMessagesPerRelease records.
    void listed(std::size_t records) const {
        if (options_.scratch) options_.scratch->passed(records, kMessagesPerRelease);
    }
    // The same for the folder entries the mailbox walks write into the record pool: every
    // kMessagesPerRelease of them. Without it a walk over every folder kept all it wrote
    // resident (a whole 12 MiB chunk of the pool at 8 GiB).
    void filed(std::size_t entries) {
        const std::uint64_t before = filed_;
        filed_ += entries;
        if (options_.scratch && before / kMessagesPerRelease != filed_ / kMessagesPerRelease) {
            options_.scratch->release_resident();
        }
    }
    CodePage code_page = CodePage::cp850;
    bool code_page_known = false;
    std::uint8_t generation = 6;
    // PO-032's key of each reached message it compares, taken while the message's header is
    // still whole (note_identity()): in the scratch space, 8 bytes a message.
    ScratchArray<MessageIdentity> message_identities;

    // Claims `block` for a claimant; a block another claimant holds is PO-020.
    void claim(StoreFile& file, std::uint32_t block, std::uint8_t state, std::uint32_t head,
               std::string_view what);
    void claim_record(StoreFile& file, const Record& record, char type, std::string_view what);

  private:
    EventLog& log_;
    const ReadOptions& options_;
    std::pmr::memory_resource* pool_;
    std::uint64_t filed_ = 0;
};

// Outcome of looking at the block a pointer names, before following it.
enum class Target {
    ok,            // a structurally valid head of the wanted type
    out_of_range,  // 0, past total_blocks or past the end of the file
    unreadable,    // not structurally valid, and the NFT does not say it is free (PO-009 is
                   // the block audit's); the caller claims it so it is not also "unclaimed"
    free_block,    // marked free in the NFT and not a valid head of the wanted type
    foreign,       // a valid block, but of another type or not a chain head
};
Target look_at(const StoreFile& file, std::uint32_t block, char type);

// Reads a record reached by a walk: follows and relinks the chain, claims its blocks and
// reports what the block layer saw (PO-012, PO-049). The head must be Target::ok. A `sink`
// takes the payload instead of the record (follow_chain).
Record read_reached(ReadContext& ctx, StoreFile& file, std::uint32_t head, char type,
                    std::size_t max_payload, std::string_view what, const PayloadSink& sink = {},
                    const BlockAt& block_at = {});

// Reports what a decoder recorded in a FieldMap, and the plain-text and slack checks of
// section 4.8 over the record's blocks: PO-013, 014, 015, 016, 031, 049, 050.
// With `block_at`, the blocks are read from it (follow_chain's BlockAt) rather than viewed in
// the file's mapping.
void report_fields(ReadContext& ctx, const StoreFile& file, const Record& record,
                   const FieldMap& map, std::string_view what, const BlockAt& block_at = {});
// A one-block record made of a header block (block 0 or 1), so that headers go through the
// same checks as chained records.
Record single_block_record(const StoreFile& file, std::uint32_t block);

// Where `record` is, its block list made in `pool` (ReadContext::pool()).
RecordPlace place_of(const Record& record, const FieldMap& map, std::pmr::memory_resource* pool);

std::string hex32(std::uint32_t value);

}  // namespace ccsalvage::po::detail
