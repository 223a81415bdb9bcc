#include "parsers/po/store_file.hpp"

#include <algorithm>
#include <array>
#include <span>
#include <utility>
#include <vector>

#include "core/errors.hpp"
#include "core/evidence.hpp"
#include "parsers/po/block.hpp"
#include "parsers/po/bytes.hpp"
#include "parsers/po/crc32.hpp"
#include "parsers/po/events.hpp"
#include "parsers/po/file_header.hpp"
#include "parsers/po/layout_block.hpp"
#include "parsers/po/layout_clandata.hpp"
#include "parsers/po/layout_file_header.hpp"
#include "parsers/po/layout_mlandata.hpp"
#include "parsers/po/layout_usr.hpp"
#include "parsers/po/nft.hpp"
#include "parsers/po/scramble.hpp"
#include "parsers/po/text_scan.hpp"

namespace ccsalvage::po::detail {

namespace lb = layout::block;
namespace fh = layout::file_header;
namespace ln = layout::nft;

namespace {

struct Probe {
    enum Status { ok, unreadable, unsupported } status = unreadable;
    std::string problem;
    std::size_t field = 0;  // block offset of the offending field
    std::uint32_t block_size = 0;
};

// Validates a header block in the order of 13.1 step 2: bounds, signature, block_number, CRC,
// file_kind, generation, block_size, model_version. `required_size` is the block size the
// position implies when looking for the copy (13.2); 0 for block 0.
Probe probe_header(std::string_view bytes, std::uint32_t position, std::uint32_t required_size,
                   FileKind kind) {
    Probe p;
    const std::uint64_t start = std::uint64_t{position} * required_size;
    if (bytes.size() < start + fh::kCommonEnd) {
        p.problem = "file too short for a header";
        return p;
    }
    const std::string_view head = bytes.substr(static_cast<std::size_t>(start));
    if (signature_type(head) != lb::kFileHeader) {
        p.problem = "no file header signature";
        return p;
    }
    const std::uint16_t size = *get_u16(head, fh::kBlockSize);
    p.block_size = size;
    p.field = fh::kBlockSize;
    if (required_size != 0 && size != required_size) {
        p.problem = "block_size " + std::to_string(size) + " does not match the copy's position";
        return p;
    }
    if (!valid_block_size(size)) {
        // A header whose CRC holds over the size it states is genuine, just not supported.
        const std::uint16_t length = *get_u16(head, lb::kPayloadLength);
        if (size >= lb::kHeaderSize + length && size <= head.size() &&
            compute_block_crc(head.substr(0, size)) == *get_u32(head, lb::kCrc)) {
            p.status = Probe::unsupported;
            p.problem = "block size " + std::to_string(size);
        } else {
            p.problem = "block_size " + std::to_string(size) + " invalid";
        }
        return p;
    }
    const std::string_view block = block_view(bytes, position, size);
    if (block.empty()) {
        p.problem = "header block cut by the end of the file";
        return p;
    }
    const BlockCheck check = check_block(block, position, size, kind);
    p.field = 0;
    if (!check.structural) {
        p.problem = check.problem;
        return p;
    }
    if (!check.in_place) {
        p.field = lb::kBlockNumber;
        p.problem = "block_number " + std::to_string(check.header.block_number);
        return p;
    }
    if (!check.intact) {
        p.field = lb::kCrc;
        p.problem = "header checksum mismatch (stored " + hex32(check.header.crc) + ", computed " +
                    hex32(compute_block_crc(block)) + ")";
        return p;
    }
    const std::uint8_t file_kind = byte_at(block, fh::kFileKind);
    if (file_kind != file_kind_byte(kind)) {
        p.field = fh::kFileKind;
        p.problem = "file_kind " + hex32(file_kind) + " is not " + std::string(to_string(kind));
        return p;
    }
    if (check.header.payload_length != header_payload_length(kind)) {
        p.field = lb::kPayloadLength;
        p.problem = "header payload_length " + std::to_string(check.header.payload_length);
        return p;
    }
    const std::uint8_t generation = byte_at(block, fh::kGeneration);
    if (generation != fh::kGenerationDb6 && generation != fh::kGenerationDb8) {
        p.status = Probe::unsupported;
        p.field = fh::kGeneration;
        p.problem = "generation " + std::to_string(generation) +
                    (generation == 7 ? " (a cc:Mobile DB7 database)" : "");
        return p;
    }
    const std::uint8_t model = byte_at(block, fh::kModelVersion);
    if (model != fh::kModelVersionValue) {
        p.status = Probe::unsupported;
        p.field = fh::kModelVersion;
        p.problem = "model_version " + std::to_string(model);
        return p;
    }
    p.status = Probe::ok;
    return p;
}

std::size_t slot_offset(FileKind kind) {
    switch (kind) {
        case FileKind::clandata:
            return layout::clandata::kPoName;
        case FileKind::mlandata:
            return layout::mlandata::kPoName;
        case FileKind::usr:
            return layout::usr::kOwnerName;
    }
    return 0;
}

// A header block with what legitimately differs between header and copy removed: block
// numbers, CRC, and the scrambling of the text slot (4.7).
std::string normalised(std::string_view block, std::uint32_t seed, FileKind kind) {
    std::string out(block);
    std::fill(out.begin() + lb::kBlockNumber, out.begin() + lb::kNextBlock, '\0');
    std::fill(out.begin() + lb::kCrc, out.begin() + lb::kHeaderSize, '\0');
    const std::size_t slot = slot_offset(kind);
    const std::size_t n = std::min<std::size_t>(byte_at(block, slot), 63);
    for (std::size_t i = 0; i < n; ++i) {
        const auto p = static_cast<std::uint32_t>(slot + 1 + i - lb::kHeaderSize);
        out[slot + 1 + i] =
            static_cast<char>(static_cast<std::uint8_t>(out[slot + 1 + i]) ^ key_byte(seed, p));
    }
    return out;
}

void compare_copy(ReadContext& ctx, StoreFile& file) {
    const bool open = (file.common.flags & fh::kFlagOpen) != 0;
    if (open) {
        // A copy older than block 0 is expected then (PO-005 is not reported, PO-008 is).
        ctx.report(events::not_closed, file, fh::kFlags,
                   "open flag set: the file was not closed cleanly (write serial " +
                       std::to_string(file.common.write_serial) + ")");
        return;
    }
    const Probe copy = probe_header(file.bytes, fh::kCopyBlock, file.block_size, file.kind);
    if (copy.status != Probe::ok) {
        ctx.report(events::header_copy_differs, file, file.offset(fh::kCopyBlock, copy.field),
                   "header copy unreadable: " + copy.problem);
        return;
    }
    const std::string a = normalised(file.header_block, fh::kHeaderBlock, file.kind);
    const std::string b = normalised(block_view(file.bytes, fh::kCopyBlock, file.block_size),
                                     fh::kCopyBlock, file.kind);
    std::vector<std::size_t> differ;
    for (std::size_t i = 0; i < a.size() && i < b.size(); ++i) {
        if (a[i] != b[i]) differ.push_back(i);
    }
    if (differ.empty()) return;
    std::string detail = "header and copy differ at " + std::to_string(differ.size()) +
                         " byte(s); first at block offset " + std::to_string(differ.front());
    ctx.report(events::header_copy_differs, file, differ.front(), detail);
}

std::uint32_t vote_block_size(std::string_view bytes, FileKind kind) {
    std::uint32_t best = 0;
    std::uint64_t best_votes = 0;
    for (std::uint32_t b = lb::kMinBlockSize; b <= lb::kMaxBlockSize; b *= 2) {
        std::uint64_t votes = 0;
        for (std::uint64_t n = 0; n < bytes.size() / b; ++n) {
            const BlockCheck check =
                check_block(block_view(bytes, n, b), static_cast<std::uint32_t>(n), b, kind);
            if (check.structural && check.in_place) ++votes;
        }
        if (votes > best_votes) {  // ties keep the smaller size
            best = b;
            best_votes = votes;
        }
    }
    return best;
}

void find_header(ReadContext& ctx, StoreFile& file) {
    const Probe first = probe_header(file.bytes, fh::kHeaderBlock, 0, file.kind);
    if (first.status == Probe::unsupported) {
        ctx.report(events::unsupported, file, first.field,
                   "unsupported " + first.problem + "; the file is not read by the model");
        return;
    }
    if (first.status == Probe::ok) {
        file.header_source = HeaderSource::block0;
        file.block_size = first.block_size;
        file.header_seed = fh::kHeaderBlock;
        file.header_block = block_view(file.bytes, 0, first.block_size);
        return;
    }
    // 13.2: the copy at offsets 512..8192, then a vote.
    for (std::uint32_t b = lb::kMinBlockSize; b <= lb::kMaxBlockSize; b *= 2) {
        const Probe copy = probe_header(file.bytes, fh::kCopyBlock, b, file.kind);
        if (copy.status == Probe::unsupported) {
            ctx.report(events::header_unreadable, file, first.field,
                       "block 0: " + first.problem + "; the copy is unsupported: " + copy.problem);
            return;
        }
        if (copy.status != Probe::ok) continue;
        ctx.report(events::header_unreadable, file, first.field,
                   "block 0: " + first.problem + "; header copy in block 1 used");
        file.header_source = HeaderSource::copy;
        file.block_size = b;
        file.header_seed = fh::kCopyBlock;
        file.header_block = block_view(file.bytes, fh::kCopyBlock, b);
        return;
    }
    const std::uint32_t voted = vote_block_size(file.bytes, file.kind);
    ctx.report(events::header_unreadable, file, first.field,
               "block 0: " + first.problem + "; no header copy; " +
                   (voted != 0 ? "block size " + std::to_string(voted) + " found by voting"
                               : std::string("no block size could be found")));
    if (voted != 0) {
        file.header_source = HeaderSource::voted;
        file.block_size = voted;
    }
}

// Blocks of an allocation table's chain read between two hand-backs of its file, when the
// chain is read through the mapping.
constexpr std::uint64_t kNftBlocksPerRelease = 16;

// The evidence file read with pread (StoreFile::reads): one descriptor for the census, the
// allocation table and the item walk. Empty when it cannot be opened for reading again (a file
// replaced under its name) or the source has views only: those passes read the mapping.
PositionedRead evidence_reads(const SourceFile& source) {
    if (source.evidence == nullptr || source.evidence->size() == 0) return {};
    try {
        return positioned_reads(*source.evidence);
    } catch (const IoError&) {
        return {};
    }
}

// The blocks of `file` read with pread into a buffer of their own, for a chain followed from
// end to end once (the allocation table: 32,768 blocks of an 8 GiB MLANDATA), whose blocks,
// through the mapping, each mapped the cached folio around it until the next hand-back. A block
// that cannot be read whole this way is the mapping's. Empty (the mapping) without reads.
BlockAt block_reads(const StoreFile& file, std::string& buffer) {
    if (!file.reads) return {};
    buffer.assign(file.block_size, '\0');
    return [&reads = file.reads, &buffer, bytes = file.bytes,
            block_size = file.block_size](std::uint32_t n) {
        if (reads(std::uint64_t{n} * block_size, buffer.data(), block_size) == block_size) {
            return std::string_view(buffer);
        }
        return block_view(bytes, n, block_size);
    };
}

void read_nft(ReadContext& ctx, StoreFile& file) {
    const std::uint32_t head = file.common.nft_block;
    const Target target = look_at(file, head, lb::kNft);
    if (target != Target::ok) {
        if (target == Target::unreadable) ctx.claim(file, head, ln::kNft, head, "allocation table");
        ctx.report(events::nft_unreadable, file, fh::kNftBlock,
                   "nft_block " + std::to_string(head) + " does not lead to an allocation table");
        return;
    }
    // The table holds 4 + total_blocks bytes; a longer one is damage, bounded here. Its states
    // (a byte per block: megabytes in a large MLANDATA) are all the reader needs of its bytes:
    // they go into their array as the chain is followed, never held whole; the links stay, for
    // the state byte offsets.
    const std::size_t bound = 4 + std::size_t{file.total_blocks} + file.block_size;
    ScratchSpace* scratch = ctx.options().scratch.get();
    file.nft = ScratchArray<std::uint8_t>(bound - 4, scratch);
    NftStreamDecoder decoder(file.nft);
    std::uint64_t parts = 0;
    std::string buffer;
    const BlockAt block_at = block_reads(file, buffer);
    file.nft_record = read_reached(
        ctx, file, head, lb::kNft, bound, "allocation table",
        [&](std::string_view part) {
            const std::size_t before = file.nft.size();
            decoder.feed(part);
            // Through the mapping, each touch maps the cached folio around it: an 8 MiB table
            // (a 4 GiB MLANDATA) was resident whole by its end. Handed back every
            // kNftBlocksPerRelease blocks.
            if (!block_at && ++parts % kNftBlocksPerRelease == 0) ctx.hand_back(file);
            // Released as the sweeps release (every 65,536 blocks): written whole between two
            // releases, the states of an 8 GiB MLANDATA were 16 MiB resident at once.
            if (scratch != nullptr &&
                file.nft.size() / kBlocksPerRelease != before / kBlocksPerRelease) {
                scratch->release_resident();
            }
        },
        block_at);
    FieldMap map;
    const NftShape nft = decoder.finish(map);
    // Its shortness is PO-017 below, not PO-016: only the generic block checks are wanted.
    map.malformed.reset();
    // Its blocks scanned again for plain text and slack, read the same way: through the
    // mapping, the 8 GiB export's MLANDATA had 16.6 MiB resident at the end of this scan.
    report_fields(ctx, file, file.nft_record, map, "allocation table", block_at);
    const std::size_t states_present = file.nft.size();
    if (nft.covered_blocks != file.total_blocks || states_present != file.total_blocks) {
        ctx.report(events::nft_unreadable, file, file.nft_record.absolute(0, file.block_size),
                   "allocation table covers " + std::to_string(nft.covered_blocks) + " blocks (" +
                       std::to_string(states_present) + " states present), total_blocks is " +
                       std::to_string(file.total_blocks));
    } else {
        file.nft_ok = file.nft_record.complete;
    }
    for (std::uint32_t n = 0; n < file.nft.size(); ++n) {
        ctx.swept(n);
        if (!state_allowed(file.kind, file.nft[n])) {
            ctx.report(events::state_mismatch, file, file.state_offset(n),
                       "block " + std::to_string(n) + ": allocation state " + hex32(file.nft[n]) +
                           " undefined or not allowed in " + std::string(to_string(file.kind)));
        }
    }
}

}  // namespace

StoreFile open_store_file(ReadContext& ctx, const SourceFile& source, FileKind kind,
                          std::uint32_t usr_number) {
    StoreFile file;
    file.display = source.shown();
    file.kind = kind;
    file.bytes = source.bytes;
    file.reads = evidence_reads(source);
    file.usr_number = usr_number;
    find_header(ctx, file);
    if (!file.usable()) return file;
    file.blocks_present = static_cast<std::uint32_t>(
        std::min<std::uint64_t>(file.bytes.size() / file.block_size, 0xFFFFFFFFu));
    FieldMap map;
    if (file.header_source == HeaderSource::voted) {
        file.total_blocks = file.blocks_present;
    } else {
        file.common = decode_common_header(file.header_block, map);
        file.total_blocks = file.common.total_blocks;
        if (file.header_source == HeaderSource::block0) compare_copy(ctx, file);
        const std::uint64_t expected = std::uint64_t{file.total_blocks} * file.block_size;
        if (file.bytes.size() < expected) {
            ctx.report(events::truncated, file, file.bytes.size(),
                       "file is " + std::to_string(file.bytes.size()) + " bytes, header says " +
                           std::to_string(file.total_blocks) + " blocks of " +
                           std::to_string(file.block_size) + " (" + std::to_string(expected) +
                           "); blocks " + std::to_string(file.blocks_present) + "-" +
                           std::to_string(file.total_blocks - 1) + " missing or partial");
        } else if (file.bytes.size() > expected) {
            ctx.report(events::trailing_bytes, file, expected,
                       std::to_string(file.bytes.size() - expected) + " bytes after block " +
                           std::to_string(file.total_blocks) + " (total_blocks)");
        }
    }
    std::function<void(std::uint64_t, std::uint64_t)> done_with;
    if (ctx.options().done_with) {
        done_with = [&ctx, bytes = file.bytes](std::uint64_t from, std::uint64_t to) {
            ctx.options().done_with(bytes, from, to);
        };
    }
    ScratchSpace* scratch = ctx.options().scratch.get();
    CensusReads census_reads;
    census_reads.read = file.reads;
    file.census = Census::take(file.bytes, file.block_size, kind, done_with, scratch, census_reads);
    file.claimed_state = ScratchArray<std::uint8_t>(file.census.size(), scratch);
    file.claimed_state.assign(file.census.size(), 0);
    file.claimant = ScratchArray<std::uint32_t>(file.census.size(), scratch);
    file.claimant.assign(file.census.size(), 0);
    if (file.header_source != HeaderSource::voted) {
        ctx.claim(file, fh::kHeaderBlock, ln::kHeader, fh::kHeaderBlock, "file header");
        ctx.claim(file, fh::kCopyBlock, ln::kHeaderCopy, fh::kCopyBlock, "header copy");
        read_nft(ctx, file);
    }
    // The header, its copy and the rest of the allocation table were read through the
    // mapping; the walks come to this file only after every other file was opened.
    ctx.hand_back(file);
    return file;
}

void audit_blocks(ReadContext& ctx, StoreFile& file) {
    const std::uint32_t limit = std::min(file.total_blocks, file.census.size());
    std::uint64_t free_states = 0;
    for (std::uint32_t n = 0; n < file.nft.size(); ++n) {
        ctx.swept(n);  // a byte per block: read whole, 16 MiB resident at 8 GiB
        free_states += file.nft[n] == ln::kFree;
    }
    for (std::uint32_t n = 0; n < limit; ++n) {
        ctx.swept(n);
        const std::uint8_t claimed = file.claimed_state[n];
        const auto state = file.state(n);
        const CensusEntry& entry = file.census.at(n);
        const bool data_block = claimed == (ln::kExtent | ln::kContinuation) ||
                                (claimed == 0 && state == (ln::kExtent | ln::kContinuation));
        const bool in_use = state && *state != ln::kFree && *state != ln::kBad;
        const std::string name = "block " + std::to_string(n);
        // Blocks 0 and 1 were judged when the header was read (PO-004, PO-005).
        if (n >= 2 && !data_block && (claimed != 0 || in_use)) {
            if (entry.kind != CensusKind::intact && entry.kind != CensusKind::bad_crc) {
                const std::string_view block = block_view(file.bytes, n, file.block_size);
                ctx.report(events::bad_signature, file, file.offset(n),
                           name + " (" +
                               (claimed != 0 ? "reached by a walk" : "in use in the NFT") +
                               ") is not a valid block: " +
                               check_block(block, n, file.block_size, file.kind).problem);
                for (const TextRun& run : printable_runs(block, kForeignRun)) {
                    ctx.report(events::foreign_text, file, file.offset(n, run.start),
                               name + ": " + std::to_string(run.length) + " plain bytes");
                }
            } else {
                if (entry.header.block_number != n) {
                    ctx.report(
                        events::misplaced_block, file, file.offset(n, lb::kBlockNumber),
                        name + " says it is block " + std::to_string(entry.header.block_number));
                }
                if (entry.kind == CensusKind::bad_crc) {
                    const std::string_view block = block_view(file.bytes, n, file.block_size);
                    ctx.report(events::bad_checksum, file, file.offset(n, lb::kCrc),
                               name + " '" + std::string(1, entry.header.type) + "': stored CRC " +
                                   hex32(entry.header.crc) + ", computed " +
                                   hex32(compute_block_crc(block)));
                }
            }
        }
        if (!state) continue;
        if (claimed != 0 && *state == ln::kFree) {
            ctx.report(events::used_but_free, file, file.state_offset(n),
                       name + " is reached by a walk but marked free");
        } else if (claimed == 0 && in_use) {
            std::string found = entry.kind == CensusKind::intact ? "an intact record block"
                                : entry.kind == CensusKind::bad_crc
                                    ? "a record block with a bad CRC"
                                    : "no record block";
            ctx.report(
                events::marked_but_unclaimed, file, file.state_offset(n),
                name + " is marked " + hex32(*state) + " but no walk reaches it (" + found + ")");
        } else if (claimed != 0 && *state != claimed && state_allowed(file.kind, *state)) {
            ctx.report(events::state_mismatch, file, file.state_offset(n),
                       name + " is marked " + hex32(*state) + " but holds " + hex32(claimed));
        }
    }
    if (file.nft_ok && free_states != file.common.free_blocks) {
        ctx.report(events::counter_wrong, file, fh::kFreeBlocks,
                   "free_blocks " + std::to_string(file.common.free_blocks) +
                       ", allocation table has " + std::to_string(free_states) + " free blocks");
    }
}

}  // namespace ccsalvage::po::detail
