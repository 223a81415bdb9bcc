// spec_from_model(): a read post office handed back to the writer's input form.
#include <algorithm>

#include "parsers/po/reader.hpp"
#include "parsers/po/writer.hpp"

namespace ccsalvage::po {

DirectoryEntrySpec directory_entry_spec(const DirectoryEntry& e) {
    return {e.entry_id,        e.type_code,     e.mailbox_number, e.po_entry_id,
            e.alias_target_id, e.created,       e.name,           e.address,
            e.comments,        e.foreign_alias, e.members};
}

MessageSpec message_spec_without_items(const MessageHeader& h) {
    MessageSpec s;
    s.message_number = h.message_number;
    s.date = h.date;
    s.arrival = h.arrival;
    s.flags = h.flags;
    s.sender_entry_id = h.sender_entry_id;
    s.sender = h.sender;
    s.subject = h.subject;
    for (const auto& r : h.recipients) s.recipients.push_back({r.role, r.entry_id, r.address});
    return s;
}

void header_spec_from_model(const PostOffice& po, PostOfficeSpec& spec) {
    const CommonHeader* common = nullptr;
    if (po.clandata) {
        const ClandataHeader& h = *po.clandata;
        common = &h.common;
        spec.name = h.po_name;
        spec.next_message_number = h.next_message_number;
        spec.next_directory_id = h.next_directory_id;
        spec.next_mailbox_number = h.next_mailbox_number;
    } else if (po.mlandata) {
        // No CLANDATA header (nor its copy): identity from MLANDATA's; counters derived.
        common = &po.mlandata->common;
        spec.name = po.mlandata->po_name;
    }
    if (common == nullptr) return;
    spec.generation = common->generation;
    spec.code_page = common->code_page;
    spec.date_order = common->date_order;
    spec.po_id = common->po_id;
    spec.created = common->created;
    spec.modified = common->modified;
    spec.previous_write_serial = common->write_serial;
    spec.block_size = common->block_size;
}

PostOfficeSpec spec_from_model(const PostOffice& po, const PostOfficeSource& source) {
    PostOfficeSpec spec;
    header_spec_from_model(po, spec);
    for (const auto& d : po.directory) {
        if (d.place.readable) spec.directory.push_back(directory_entry_spec(d.entry));
    }
    for (const auto& m : po.messages) {
        if (!m.place.readable) continue;
        const MessageHeader& h = m.header;
        MessageSpec s = message_spec_without_items(h);
        for (std::size_t i = 0; i < h.items.size(); ++i) {
            const ItemEntry& item = h.items[i];
            s.items.push_back({item.kind,
                               item.flags,
                               item.file_stamp,
                               item.title,
                               read_message_item(source, po, m, i).data,
                               {}});
        }
        spec.messages.push_back(std::move(s));
    }
    for (const auto& mb : po.mailboxes) {
        MailboxSpec s;
        s.mailbox_number = mb.file_number;
        for (const auto& f : mb.folders) {
            FolderSpec fs;
            fs.folder_id = f.descriptor.folder_id;
            fs.kind = f.descriptor.kind;
            fs.created = f.descriptor.created;
            fs.name = f.descriptor.name;
            for (const auto& e : f.entries)
                fs.entries.push_back({e.message_number, e.filed, e.flags});
            s.folders.push_back(std::move(fs));
        }
        spec.mailboxes.push_back(std::move(s));
    }
    // The writer's own order (ids, numbers), whatever order the indexes gave.
    std::sort(spec.directory.begin(), spec.directory.end(),
              [](const auto& a, const auto& b) { return a.entry_id < b.entry_id; });
    std::sort(spec.messages.begin(), spec.messages.end(),
              [](const auto& a, const auto& b) { return a.message_number < b.message_number; });
    std::sort(spec.mailboxes.begin(), spec.mailboxes.end(),
              [](const auto& a, const auto& b) { return a.mailbox_number < b.mailbox_number; });
    return spec;
}

}  // namespace ccsalvage::po
