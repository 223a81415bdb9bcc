#include "parsers/po/message_record.hpp"

#include <algorithm>

#include "parsers/po/bytes.hpp"
#include "parsers/po/layout_clandata.hpp"
#include "parsers/po/limits.hpp"
#include "parsers/po/record_text.hpp"
#include "parsers/po/text_field.hpp"

namespace ccsalvage::po {

namespace lm = layout::clandata::msg;
namespace li = layout::clandata::msg_index;

namespace {

bool read_recipient(LeReader& r, std::uint32_t seed, Recipient& out, FieldMap& map) {
    const std::uint32_t at = payload_position(r);
    out.role = r.u8();
    out.flags = r.u8();
    out.entry_id = r.u32();
    if (!r.ok()) {
        map.malformed_at(at, "recipient cut short", true);
        return false;
    }
    if (out.role < lm::kRoleTo || out.role > lm::kRoleBcc) {
        map.malformed_at(at, "recipient role " + std::to_string(out.role));
    }
    if (out.flags != 0) map.nonzero(at + 1, 1, "recipient flags");
    return read_record_text(r, seed, out.address, "recipient address", map);
}

bool read_item(LeReader& r, std::uint32_t seed, ItemEntry& out, FieldMap& map) {
    const std::uint32_t at = payload_position(r);
    out.kind = r.u8();
    out.flags = r.u8();
    out.file_stamp = {r.u16(), r.u16()};
    out.length = r.u32();
    out.extent_block = r.u32();
    out.data_crc = r.u32();
    if (!r.ok()) {
        map.malformed_at(at, "item entry cut short", true);
        return false;
    }
    if (out.kind < lm::kItemText || out.kind > lm::kItemOle) {
        map.malformed_at(at, "item kind " + std::to_string(out.kind));
    }
    if ((out.flags & ~lm::kItemKnownFlags) != 0) map.nonzero(at + 1, 1, "item flags");
    map.date(at + 2, out.file_stamp, "file date");
    return read_record_text(r, seed, out.title, "item title", map);
}
}  // namespace

MessageHeader decode_message_header(std::string_view payload, std::uint32_t seed, FieldMap& map) {
    MessageHeader h;
    LeReader r(payload);
    h.message_number = r.u32();
    h.date = {r.u16(), r.u16()};
    h.flags = r.u16();
    h.item_count = r.u16();
    h.recipient_count = r.u16();
    const std::uint16_t rsv = r.u16();
    h.reference_count = r.u32();
    h.sender_entry_id = r.u32();
    h.total_item_bytes = r.u32();
    h.arrival = {r.u16(), r.u16()};
    if (!r.ok()) {
        map.malformed_at(static_cast<std::uint32_t>(r.failed_at()), "fixed part cut short", true);
        return h;
    }
    map.date(lm::kDate, h.date, "date");
    map.date(lm::kArrival, h.arrival, "arrival");
    if (rsv != 0) map.nonzero(lm::kReserved, 2, "reserved");
    if ((h.flags & ~lm::kKnownFlags) != 0) map.nonzero(lm::kFlags, 2, "flags (undefined bits)");
    if ((h.flags & lm::kPriorityMask) == lm::kPriorityMask) {
        map.malformed_at(lm::kFlags, "priority 3 (invalid)");
    }
    if (!read_record_text(r, seed, h.sender, "sender", map) ||
        !read_record_text(r, seed, h.subject, "subject", map)) {
        return h;
    }
    for (std::uint32_t i = 0; i < h.recipient_count; ++i) {
        Recipient recipient;
        const bool ok = read_recipient(r, seed, recipient, map);
        h.recipients.push_back(std::move(recipient));
        if (!ok) return h;
    }
    std::uint32_t items = h.item_count;
    if (items > limits::kBoundItemsPerMessage) {
        map.bound_at(lm::kItemCount, "item_count " + std::to_string(items) + " over the bound 255");
        items = limits::kBoundItemsPerMessage;
    }
    for (std::uint32_t i = 0; i < items; ++i) {
        map.entry_offsets.push_back(payload_position(r));
        ItemEntry item;
        const bool ok = read_item(r, seed, item, map);
        h.items.push_back(std::move(item));
        if (!ok) return h;
    }
    if (r.remaining() > 0 && !map.bound)
        map.malformed_at(payload_position(r), "bytes after the last item");
    return h;
}

std::string encode_message_header(const MessageHeader& h, std::uint32_t seed) {
    std::string p;
    append_u32(p, h.message_number);
    append_u16(p, h.date.date);
    append_u16(p, h.date.time);
    append_u16(p, h.flags);
    append_u16(p, static_cast<std::uint16_t>(h.items.size()));
    append_u16(p, static_cast<std::uint16_t>(h.recipients.size()));
    append_u16(p, 0);
    append_u32(p, h.reference_count);
    append_u32(p, h.sender_entry_id);
    append_u32(p, h.total_item_bytes);
    append_u16(p, h.arrival.date);
    append_u16(p, h.arrival.time);
    append_text16(p, h.sender, seed);
    append_text16(p, h.subject, seed);
    for (const auto& recipient : h.recipients) {
        append_u8(p, recipient.role);
        append_u8(p, recipient.flags);
        append_u32(p, recipient.entry_id);
        append_text16(p, recipient.address, seed);
    }
    for (const auto& item : h.items) {
        append_u8(p, item.kind);
        append_u8(p, item.flags);
        append_u16(p, item.file_stamp.date);
        append_u16(p, item.file_stamp.time);
        append_u32(p, item.length);
        append_u32(p, item.extent_block);
        append_u32(p, item.data_crc);
        append_text16(p, item.title, seed);
    }
    return p;
}

MessageIndex decode_message_index(std::string_view payload, FieldMap& map) {
    MessageIndexDecoder decoder(payload.size() / li::kEntrySize, nullptr);
    decoder.feed(payload);
    const MessageIndexDecoder::Counts counts = decoder.finish(map);
    MessageIndex index;
    index.entry_count = counts.entry_count;
    index.highest_number = counts.highest_number;
    const auto& entries = decoder.entries();
    index.entries.assign(entries.begin(), entries.end());
    return index;
}

void MessageIndexDecoder::take_header() {
    LeReader r(std::string_view(pending_.data(), li::kEntries));
    counts_.entry_count = r.u32();
    counts_.highest_number = r.u32();
    header_read_ = true;
    // Sized by the count as stored, bounded by what the file could hold.
    entries_ = ScratchArray<MessageIndexEntry>(
        std::min<std::size_t>(counts_.entry_count, most_entries_), space_);
}

void MessageIndexDecoder::feed(std::string_view part) {
    payload_bytes_ += part.size();
    while (!part.empty()) {
        if (header_read_ && entries_read_ >= counts_.entry_count) return;  // trailing bytes
        const std::size_t want = header_read_ ? li::kEntrySize : li::kEntries;
        const std::size_t n = std::min(want - pending_size_, part.size());
        std::copy_n(part.data(), n, pending_.data() + pending_size_);
        pending_size_ += n;
        part.remove_prefix(n);
        if (pending_size_ < want) return;
        pending_size_ = 0;
        if (!header_read_) {
            take_header();
            continue;
        }
        LeReader r(std::string_view(pending_.data(), li::kEntrySize));
        MessageIndexEntry entry;
        entry.message_number = r.u32();
        entry.record_block = r.u32();
        // Never past the bound: a payload cannot be longer than the file it was read from.
        if (entries_.size() < entries_.capacity()) entries_.push_back(entry);
        ++entries_read_;
    }
}

MessageIndexDecoder::Counts MessageIndexDecoder::finish(FieldMap& map) const {
    if (!header_read_) {
        map.malformed_at(0, "index header cut short", true);
        Counts counts;
        // As a whole read gives it: the count when its 4 bytes are there.
        if (pending_size_ >= li::kHighestNumber) {
            counts.entry_count = LeReader(std::string_view(pending_.data(), 4)).u32();
        }
        return counts;
    }
    const std::uint64_t entries_end = li::kEntries + entries_read_ * li::kEntrySize;
    if (entries_read_ < counts_.entry_count) {
        map.malformed_at(static_cast<std::uint32_t>(entries_end), "fewer entries than entry_count",
                         true);
    } else if (payload_bytes_ > entries_end) {
        map.malformed_at(static_cast<std::uint32_t>(entries_end), "bytes after the last entry");
    }
    return counts_;
}

std::string encode_message_index(const MessageIndex& index) {
    std::string p;
    append_u32(p, static_cast<std::uint32_t>(index.entries.size()));
    append_u32(p, index.highest_number);
    for (const auto& entry : index.entries) {
        append_u32(p, entry.message_number);
        append_u32(p, entry.record_block);
    }
    return p;
}

std::uint32_t message_index_entry_offset(std::size_t i) {
    return static_cast<std::uint32_t>(li::kEntries + i * li::kEntrySize);
}

std::uint32_t directory_index_entry_offset(std::size_t i) {
    return static_cast<std::uint32_t>(layout::clandata::dir_index::kEntries +
                                      i * layout::clandata::dir_index::kEntrySize);
}

}  // namespace ccsalvage::po
