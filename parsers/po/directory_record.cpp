#include "parsers/po/directory_record.hpp"

#include <algorithm>
#include <cstring>

#include "parsers/po/bytes.hpp"
#include "parsers/po/layout_clandata.hpp"
#include "parsers/po/record_text.hpp"
#include "parsers/po/scramble.hpp"
#include "parsers/po/text_field.hpp"

namespace ccsalvage::po {

namespace ld = layout::clandata::dir;
namespace lk = layout::clandata::dir_index;

namespace {}  // namespace

DirectoryEntry decode_directory_entry(std::string_view payload, std::uint32_t seed, FieldMap& map) {
    DirectoryEntry e;
    LeReader r(payload);
    e.entry_id = r.u32();
    e.type_code = static_cast<char>(r.u8());
    e.flags = r.u8();
    const std::uint16_t member_count = r.u16();
    e.mailbox_number = r.u32();
    e.po_entry_id = r.u32();
    e.alias_target_id = r.u32();
    e.chain_prev = r.u32();
    e.chain_next = r.u32();
    e.created = {r.u16(), r.u16()};
    if (!r.ok()) {
        map.malformed_at(static_cast<std::uint32_t>(r.failed_at()), "fixed part cut short", true);
        return e;
    }
    if ((e.flags & ~ld::kFlagOwnsMailbox) != 0)
        map.nonzero(ld::kFlags, 1, "flags (undefined bits)");
    map.date(ld::kCreated, e.created, "created");
    if (!read_record_text(r, seed, e.name, "name", map) ||
        !read_record_text(r, seed, e.address, "address", map) ||
        !read_record_text(r, seed, e.comments, "comments", map) ||
        !read_record_text(r, seed, e.foreign_alias, "foreign_alias", map)) {
        return e;
    }
    for (std::uint32_t i = 0; i < member_count; ++i) {
        const std::uint32_t at = payload_position(r);
        const std::uint32_t member = r.u32();
        if (!r.ok()) {
            map.malformed_at(at, "members: fewer than member_count", true);
            return e;
        }
        e.members.push_back(member);
    }
    if (r.remaining() > 0) map.malformed_at(payload_position(r), "bytes after the last field");
    return e;
}

std::string encode_directory_entry(const DirectoryEntry& e, std::uint32_t seed) {
    std::string p;
    append_u32(p, e.entry_id);
    append_u8(p, static_cast<std::uint8_t>(e.type_code));
    append_u8(p, e.flags);
    append_u16(p, static_cast<std::uint16_t>(e.members.size()));
    append_u32(p, e.mailbox_number);
    append_u32(p, e.po_entry_id);
    append_u32(p, e.alias_target_id);
    append_u32(p, e.chain_prev);
    append_u32(p, e.chain_next);
    append_u16(p, e.created.date);
    append_u16(p, e.created.time);
    append_text16(p, e.name, seed);
    append_text16(p, e.address, seed);
    append_text16(p, e.comments, seed);
    append_text16(p, e.foreign_alias, seed);
    for (const auto member : e.members) append_u32(p, member);
    return p;
}

DirectoryIndex decode_directory_index(std::string_view payload, FieldMap& map) {
    DirectoryIndex index;
    LeReader r(payload);
    index.entry_count = r.u32();
    const std::string_view rsv = r.take(4);
    if (!r.ok()) {
        map.malformed_at(0, "index header cut short", true);
        return index;
    }
    if (rsv != std::string_view("\0\0\0\0", 4)) map.nonzero(lk::kReserved, 4, "reserved");
    for (std::uint32_t i = 0; i < index.entry_count; ++i) {
        const std::uint32_t at = payload_position(r);
        if (r.remaining() < lk::kEntrySize) {
            map.malformed_at(at, "fewer entries than entry_count", true);
            return index;
        }
        DirectoryIndexEntry entry;
        entry.key = std::string(r.take(lk::kKeySize));
        entry.entry_id = r.u32();
        entry.record_block = r.u32();
        entry.name_crc = r.u32();
        entry.type_code = static_cast<char>(r.u8());
        if (r.take(3) != std::string_view("\0\0\0", 3)) {
            map.nonzero(at + static_cast<std::uint32_t>(lk::kEntryReserved), 3,
                        "index entry reserved");
        }
        // The key is scrambled text: plain text landing here is PO-015 like any text field.
        map.spans.push_back({SpanKind::text, at, static_cast<std::uint32_t>(lk::kKeySize), "key"});
        index.entries.push_back(std::move(entry));
    }
    if (r.remaining() > 0) map.malformed_at(payload_position(r), "bytes after the last entry");
    return index;
}

std::string index_key(std::string_view name, std::uint32_t seed, std::size_t entry_position) {
    const std::string folded = fold_name(name).substr(0, lk::kKeySize);
    const auto p = static_cast<std::uint32_t>(lk::kEntries + entry_position * lk::kEntrySize);
    std::string key = scramble(folded, seed, p);
    key.resize(lk::kKeySize, '\0');
    return key;
}

std::string encode_directory_index(const DirectoryIndex& index) {
    std::string p;
    append_u32(p, static_cast<std::uint32_t>(index.entries.size()));
    append_u32(p, 0);
    for (const auto& entry : index.entries) {
        std::string key = entry.key;
        key.resize(lk::kKeySize, '\0');
        p += key;
        append_u32(p, entry.entry_id);
        append_u32(p, entry.record_block);
        append_u32(p, entry.name_crc);
        append_u8(p, static_cast<std::uint8_t>(entry.type_code));
        p.append(3, '\0');
    }
    return p;
}

bool known_type_code(char t) {
    return t != 0 && std::strchr(layout::clandata::kChainOrder, t) != nullptr;
}

bool type_owns_mailbox(char t) { return t == 'P' || t == 'L' || t == 'R' || t == 'B'; }

int chain_slot(char t) {
    if (!known_type_code(t)) return -1;
    return static_cast<int>(std::strchr(layout::clandata::kChainOrder, t) -
                            layout::clandata::kChainOrder);
}

bool index_order_less(std::string_view a, char ta, std::uint32_t ia, std::string_view b, char tb,
                      std::uint32_t ib) {
    const auto cmp = [](std::string_view x, std::string_view y) {
        return std::lexicographical_compare(
            x.begin(), x.end(), y.begin(), y.end(), [](char l, char r) {
                return static_cast<unsigned char>(l) < static_cast<unsigned char>(r);
            });
    };
    if (cmp(a, b)) return true;
    if (cmp(b, a)) return false;
    if (ta != tb) return static_cast<unsigned char>(ta) < static_cast<unsigned char>(tb);
    return ia < ib;
}

}  // namespace ccsalvage::po
