#include "parsers/po/mailbox_record.hpp"

#include "parsers/po/bytes.hpp"
#include "parsers/po/layout_usr.hpp"
#include "parsers/po/limits.hpp"
#include "parsers/po/text_field.hpp"

namespace ccsalvage::po {

namespace lt = layout::usr::table;
namespace ll = layout::usr::list;

FolderTable decode_folder_table(std::string_view payload, std::uint32_t seed, FieldMap& map) {
    FolderTable table;
    LeReader r(payload);
    table.folder_count = r.u16();
    const std::uint16_t rsv = r.u16();
    if (!r.ok()) {
        map.malformed_at(0, "folder table header cut short", true);
        return table;
    }
    if (rsv != 0) map.nonzero(lt::kReserved, 2, "reserved");
    std::uint32_t count = table.folder_count;
    if (count > limits::kBoundFolders) {
        map.bound_at(lt::kFolderCount,
                     "folder_count " + std::to_string(count) + " over the bound 1024");
        count = limits::kBoundFolders;
    }
    for (std::uint32_t i = 0; i < count; ++i) {
        const auto at = static_cast<std::uint32_t>(r.position());
        if (r.remaining() < lt::kDescriptorSize) {
            map.malformed_at(at, "fewer folders than folder_count", true);
            return table;
        }
        const std::string_view d = r.take(lt::kDescriptorSize);
        FolderDescriptor f;
        f.folder_id = *get_u16(d, lt::kFolderId);
        f.kind = byte_at(d, lt::kKind);
        f.flags = byte_at(d, lt::kFlags);
        f.entry_count = *get_u16(d, lt::kEntryCount);
        f.unread_count = *get_u16(d, lt::kUnreadCount);
        f.list_block = *get_u32(d, lt::kListBlock);
        f.created = {*get_u16(d, lt::kCreated), *get_u16(d, lt::kCreated + 2)};
        if (f.flags != 0)
            map.nonzero(at + static_cast<std::uint32_t>(lt::kFlags), 1, "folder flags");
        map.date(at + static_cast<std::uint32_t>(lt::kCreated), f.created, "folder created");
        const auto name_at = at + static_cast<std::uint32_t>(lt::kName);
        const Slot name = decode_slot(d.substr(lt::kName, lt::kNameSize), seed, name_at);
        if (name.length_invalid) map.malformed_at(name_at, "folder name: slot length");
        map.text(name_at + 1, "folder name", name.text);
        if (name.padding_fault) {
            map.nonzero(name_at + static_cast<std::uint32_t>(*name.padding_fault),
                        static_cast<std::uint32_t>(lt::kNameSize - *name.padding_fault),
                        "folder name padding");
        }
        f.name = name.text;
        table.folders.push_back(std::move(f));
    }
    if (r.remaining() > 0 && !map.bound) {
        map.malformed_at(static_cast<std::uint32_t>(r.position()), "bytes after the last folder");
    }
    return table;
}

std::string encode_folder_table(const FolderTable& table, std::uint32_t seed) {
    std::string p;
    append_u16(p, static_cast<std::uint16_t>(table.folders.size()));
    append_u16(p, 0);
    for (const auto& f : table.folders) {
        const std::size_t at = p.size();
        p.append(lt::kDescriptorSize, '\0');
        put_u16(p, at + lt::kFolderId, f.folder_id);
        put_u8(p, at + lt::kKind, f.kind);
        put_u8(p, at + lt::kFlags, f.flags);
        put_u16(p, at + lt::kEntryCount, f.entry_count);
        put_u16(p, at + lt::kUnreadCount, f.unread_count);
        put_u32(p, at + lt::kListBlock, f.list_block);
        put_u16(p, at + lt::kCreated, f.created.date);
        put_u16(p, at + lt::kCreated + 2, f.created.time);
        put_slot(p, at + lt::kName, lt::kNameSize, f.name, seed,
                 static_cast<std::uint32_t>(at + lt::kName));
    }
    return p;
}

FolderList decode_folder_list(std::string_view payload, FieldMap& map) {
    FolderList list;
    LeReader r(payload);
    list.folder_id = r.u16();
    list.entry_count = r.u16();
    if (!r.ok()) {
        map.malformed_at(0, "folder list header cut short", true);
        return list;
    }
    for (std::uint32_t i = 0; i < list.entry_count; ++i) {
        const auto at = static_cast<std::uint32_t>(r.position());
        if (r.remaining() < ll::kEntrySize) {
            map.malformed_at(at, "fewer entries than entry_count", true);
            return list;
        }
        FolderEntry e;
        e.message_number = r.u32();
        e.filed = {r.u16(), r.u16()};
        e.flags = r.u8();
        const std::string_view rsv = r.take(3);
        if ((e.flags & ~ll::kKnownFlags) != 0) {
            map.nonzero(at + static_cast<std::uint32_t>(ll::kFlags), 1, "folder entry flags");
        }
        if (rsv != std::string_view("\0\0\0", 3)) {
            map.nonzero(at + static_cast<std::uint32_t>(ll::kEntryReserved), 3,
                        "folder entry reserved");
        }
        map.date(at + static_cast<std::uint32_t>(ll::kFiled), e.filed, "date filed");
        list.entries.push_back(e);
    }
    if (r.remaining() > 0) {
        map.malformed_at(static_cast<std::uint32_t>(r.position()), "bytes after the last entry");
    }
    return list;
}

std::string encode_folder_list(const FolderList& list) {
    std::string p;
    append_u16(p, list.folder_id);
    append_u16(p, static_cast<std::uint16_t>(list.entries.size()));
    for (const auto& e : list.entries) {
        append_u32(p, e.message_number);
        append_u16(p, e.filed.date);
        append_u16(p, e.filed.time);
        append_u8(p, e.flags);
        p.append(3, '\0');
    }
    return p;
}

std::uint32_t folder_descriptor_offset(std::size_t i) {
    return static_cast<std::uint32_t>(lt::kFolders + i * lt::kDescriptorSize);
}

std::uint32_t folder_entry_offset(std::size_t i) {
    return static_cast<std::uint32_t>(ll::kEntries + i * ll::kEntrySize);
}

}  // namespace ccsalvage::po
