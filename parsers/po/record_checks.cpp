// The checks every record goes through, whatever its kind: claims, the target of a pointer,
// following a reached record, and the field checks driven by the decoder's FieldMap.
#include <algorithm>

#include "core/codepage.hpp"
#include "parsers/po/block.hpp"
#include "parsers/po/dos_time.hpp"
#include "parsers/po/events.hpp"
#include "parsers/po/layout_block.hpp"
#include "parsers/po/read_context.hpp"
#include "parsers/po/text_scan.hpp"

namespace ccsalvage::po::detail {

namespace lb = layout::block;

std::string hex32(std::uint32_t value) {
    static constexpr char kDigits[] = "0123456789ABCDEF";
    std::string s = "0x00000000";
    for (int i = 9; i >= 2; --i, value >>= 4) s[static_cast<std::size_t>(i)] = kDigits[value & 0xF];
    return s;
}

std::uint64_t StoreFile::state_offset(std::uint32_t block) const {
    if (nft_record.links.empty()) return offset(block);
    return nft_record.absolute(4 + block, block_size);
}

std::optional<std::uint8_t> StoreFile::state(std::uint32_t block) const {
    if (block >= nft.size()) return std::nullopt;
    return nft[block];
}

void ReadContext::claim(StoreFile& file, std::uint32_t block, std::uint8_t state,
                        std::uint32_t head, std::string_view what) {
    if (block >= file.claimed_state.size()) return;
    const std::uint32_t id = head + 1;
    if (file.claimant[block] == 0) {
        file.claimant[block] = id;
        file.claimed_state[block] = state;
        return;
    }
    if (file.claimant[block] == id) return;
    report(events::claimed_twice, file, file.offset(block),
           "block " + std::to_string(block) + " reached by " + std::string(what) + " (head " +
               std::to_string(head) + ") and by the record headed at block " +
               std::to_string(file.claimant[block] - 1));
}

void ReadContext::claim_record(StoreFile& file, const Record& record, char type,
                               std::string_view what) {
    const std::uint8_t head_state_value = head_state(type);
    for (std::size_t i = 0; i < record.links.size(); ++i) {
        const auto state = static_cast<std::uint8_t>(
            i == 0 ? head_state_value : head_state_value | layout::nft::kContinuation);
        claim(file, record.links[i].block, state, record.head(), what);
    }
}

Target look_at(const StoreFile& file, std::uint32_t block, char type) {
    if (!file.in_range(block) || block >= file.census.size()) return Target::out_of_range;
    if (!file.census.structural(block)) {
        return file.marked_free(block) ? Target::free_block : Target::unreadable;
    }
    const BlockHeader& h = file.census.at(block).header;
    if (h.type == type && h.chain_index == 0) return Target::ok;
    return file.marked_free(block) ? Target::free_block : Target::foreign;
}

Record single_block_record(const StoreFile& file, std::uint32_t block) {
    Record record;
    const std::string_view view = block_view(file.bytes, block, file.block_size);
    if (view.empty()) return record;
    const BlockCheck check = check_block(view, block, file.block_size, file.kind);
    record.links.push_back({block, check.header, check.intact, 0});
    const std::size_t length =
        std::min<std::size_t>(check.header.payload_length, view.size() - lb::kHeaderSize);
    record.links.back().header.payload_length = static_cast<std::uint16_t>(length);
    record.payload = std::string(view.substr(lb::kHeaderSize, length));
    record.payload_bytes = record.payload.size();
    record.complete = true;
    record.intact = check.intact;
    return record;
}

Record read_reached(ReadContext& ctx, StoreFile& file, std::uint32_t head, char type,
                    std::size_t max_payload, std::string_view what, const PayloadSink& sink,
                    const BlockAt& block_at) {
    ChainRequest request;
    request.type = type;
    request.head = head;
    request.total_blocks = file.total_blocks;
    request.max_payload = max_payload;
    request.scratch = ctx.options().scratch;
    Record record =
        block_at
            ? follow_chain(block_at, file.block_size, file.kind, request, &file.census, sink)
            : follow_chain(file.bytes, file.block_size, file.kind, request, &file.census, sink);
    for (const auto& fault : record.faults) {
        std::string detail = std::string(what) + ": block " + std::to_string(fault.block) +
                             " next_block " + std::to_string(fault.pointer) + ": " + fault.why;
        if (fault.relinked_to) {
            detail += "; relinked to block " + std::to_string(*fault.relinked_to) +
                      " found by the census";
        }
        ctx.report(events::broken_chain, file, file.offset(fault.block, lb::kNextBlock), detail);
    }
    if (record.bound_reached) {
        ctx.report(events::bound_reached, file, file.offset(record.links.back().block),
                   std::string(what) + ": record longer than the reader bound (" +
                       std::to_string(record.payload_bytes) + " bytes, " +
                       std::to_string(record.links.size()) + " blocks read)");
    }
    ctx.claim_record(file, record, type, what);
    return record;
}

RecordPlace place_of(const Record& record, const FieldMap& map, std::pmr::memory_resource* pool) {
    RecordPlace place(pool);
    place.blocks.reserve(record.links.size());
    for (const auto& link : record.links) place.blocks.push_back(link.block);
    place.write_serial = record.links.empty() ? 0 : record.links.front().header.write_serial;
    place.readable = !record.links.empty();
    place.intact = record.intact && !record.links.empty();
    place.complete = record.complete && !record.bound_reached;
    place.malformed = map.malformed.has_value();
    return place;
}

namespace {

bool dbcs(CodePage page) {
    return page == CodePage::cp932 || page == CodePage::cp936 || page == CodePage::cp949 ||
           page == CodePage::cp950;
}

std::string shown_text(std::string_view bytes) {
    std::string out;
    for (const char c : bytes.substr(0, 60)) {
        const auto b = static_cast<std::uint8_t>(c);
        out += b == 0x0D ? std::string("\\r") : b == 0x0A ? std::string("\\n") : std::string(1, c);
    }
    if (bytes.size() > 60) out += "...";
    return out;
}

// The plain-text and slack checks of 4.8 over one block of a record.
void scan_block(ReadContext& ctx, const StoreFile& file, const Record& record,
                std::size_t link_index, const FieldMap& map, std::string_view what,
                const BlockAt& block_at) {
    const ChainLink& link = record.links[link_index];
    const std::string_view block =
        block_at ? block_at(link.block) : block_view(file.bytes, link.block, file.block_size);
    if (block.empty()) return;
    const std::size_t payload_end =
        std::min<std::size_t>(lb::kHeaderSize + link.header.payload_length, block.size());
    // Which block offsets hold scrambled text, and which may honestly be printable (dates,
    // allocation states): those end a run instead of extending it.
    std::vector<bool> text(block.size(), false);
    std::string scanned(block);
    const auto mark = [&](std::uint64_t offset, std::uint64_t length, bool is_text) {
        const std::uint64_t begin = std::max<std::uint64_t>(offset, link.payload_start);
        const std::uint64_t end = std::min<std::uint64_t>(
            offset + length, std::uint64_t{link.payload_start} + link.header.payload_length);
        for (std::uint64_t p = begin; p < end; ++p) {
            const auto at = static_cast<std::size_t>(lb::kHeaderSize + (p - link.payload_start));
            if (at >= text.size()) continue;
            if (is_text) {
                text[at] = true;
            } else {
                scanned[at] = '\0';
            }
        }
    };
    for (const auto& span : map.spans) {
        if (span.kind == SpanKind::text) mark(span.offset, span.length, true);
        if (span.kind == SpanKind::exempt) mark(span.offset, span.length, false);
    }
    for (const auto& date : map.dates) mark(date.offset, 4, false);
    const std::size_t text_threshold = dbcs(ctx.code_page) ? kForeignRunDbcs : kForeignRun;
    bool slack_text = false;
    for (const TextRun& run : printable_runs(scanned, kForeignRun)) {
        const std::uint64_t at = file.offset(link.block, run.start);
        const std::string shown = shown_text(block.substr(run.start, run.length));
        if (text[run.start]) {
            if (run.length >= text_threshold) {
                ctx.report(events::text_in_field, file, at,
                           std::string(what) + ": " + std::to_string(run.length) +
                               " plain bytes in a scrambled text field: \"" + shown + "\"");
            }
        } else {
            if (run.start + run.length > payload_end) slack_text = true;
            ctx.report(events::foreign_text, file, at,
                       std::string(what) + ": " + std::to_string(run.length) +
                           " plain bytes in block " + std::to_string(link.block) + ": \"" + shown +
                           "\"");
        }
    }
    if (!slack_text) {
        for (std::size_t i = payload_end; i < block.size(); ++i) {
            if (block[i] != '\0') {
                ctx.report(
                    events::nonzero_slack, file, file.offset(link.block, i),
                    std::string(what) + ": non-zero slack in block " + std::to_string(link.block));
                break;
            }
        }
    }
}

}  // namespace

void report_fields(ReadContext& ctx, const StoreFile& file, const Record& record,
                   const FieldMap& map, std::string_view what, const BlockAt& block_at) {
    if (record.links.empty()) return;
    const std::uint32_t b = file.block_size;
    if (map.malformed) {
        const Malformed& m = *map.malformed;
        const ChainLink& last = record.links.back();
        const bool full = last.header.payload_length == b - lb::kHeaderSize;
        if (m.ran_out && (!record.complete || record.bound_reached)) {
            // The chain was already reported broken (PO-012) or bounded (PO-049).
        } else if (m.ran_out && full && record.complete) {
            ctx.report(events::broken_chain, file, file.offset(last.block, lb::kNextBlock),
                       std::string(what) +
                           ": chain ends after a full block but the record continues (" + m.what +
                           ")");
        } else {
            ctx.report(events::malformed_payload, file, record.absolute(m.offset, b),
                       std::string(what) + ": " + m.what);
        }
    }
    if (map.bound) {
        ctx.report(events::bound_reached, file, record.absolute(map.bound->offset, b),
                   std::string(what) + ": " + map.bound->what);
    }
    for (const auto& span : map.spans) {
        if (span.kind != SpanKind::nonzero) continue;
        ctx.report(events::nonzero_slack, file, record.absolute(span.offset, b),
                   std::string(what) + ": " + std::string(span.name) + " not 00");
    }
    for (const auto& date : map.dates) {
        const DateCheck result = check(date.value);
        if (result == DateCheck::ok) continue;
        const DosFields f = unpack(date.value);
        ctx.report(events::bad_date, file, record.absolute(date.offset, b),
                   std::string(what) + ": " + std::string(date.name) +
                       (result == DateCheck::impossible ? " names a day that does not exist: "
                                                        : " invalid: ") +
                       std::to_string(f.month) + "/" + std::to_string(f.day) + "/" +
                       std::to_string(f.year) + " " + std::to_string(f.hour) + ":" +
                       std::to_string(f.minute) + ":" + std::to_string(f.second) + " (raw " +
                       std::to_string(date.value.date) + " " + std::to_string(date.value.time) +
                       ")");
    }
    if (ctx.options().check_text_decoding) {
        for (const auto& text : map.texts) {
            if (text.text.empty()) continue;
            const DecodedText decoded = decode_to_utf8(text.text, ctx.code_page);
            if (decoded.undecodable_offsets.empty()) continue;
            ctx.report(
                events::undecodable_text, file,
                record.absolute(
                    text.offset + static_cast<std::uint32_t>(decoded.undecodable_offsets.front()),
                    b),
                std::string(what) + ": " + std::string(text.name) + ": " +
                    std::to_string(decoded.undecodable_offsets.size()) +
                    " byte sequence(s) not in " + std::string(code_page_name(ctx.code_page)));
        }
    }
    for (std::size_t i = 0; i < record.links.size(); ++i)
        scan_block(ctx, file, record, i, map, what, block_at);
}

}  // namespace ccsalvage::po::detail
