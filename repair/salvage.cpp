// salvage_post_office(): the records of a read post office turned into the writer's input,
// damaged ones restored from what survived and from the other copies of the case.
#include "repair/salvage.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "core/errors.hpp"
#include "parsers/po/block.hpp"
#include "parsers/po/crc32.hpp"
#include "parsers/po/extent.hpp"
#include "parsers/po/layout_clandata.hpp"
#include "parsers/po/layout_usr.hpp"
#include "repair/connector_copies.hpp"

namespace ccsalvage::repair {

namespace {

using Signature = std::vector<std::pair<std::uint32_t, std::uint32_t>>;  // (length, crc)

std::string provenance_name(po::Provenance p) {
    switch (p) {
        case po::Provenance::reached:
            return "reached";
        case po::Provenance::lost:
            return "lost";
        case po::Provenance::stale:
            return "stale";
    }
    return "?";
}

struct ExtentItem {
    std::string data;
    std::uint32_t head = 0;
    bool ok = false;
};

// Items of message `number` read from the MLANDATA extents that name it (7.2: every extent
// names its message and item, so a lost item table is rebuilt from MLANDATA alone).
std::map<std::uint16_t, ExtentItem> items_from_extents(const po::PostOfficeSource& source,
                                                       const po::PostOffice& po,
                                                       std::uint32_t number) {
    std::map<std::uint16_t, ExtentItem> out;
    const po::FileInfo* ml = po.file(po::FileKind::mlandata);
    if (ml == nullptr || ml->block_size == 0 || ml->source_index >= source.files.size()) return out;
    const std::string_view bytes = source.files[ml->source_index].bytes;
    for (const auto& e : po.recovered_extents) {
        if (e.header.block.owner != number || e.header.block.chain_index != 0) continue;
        if (e.provenance == po::Provenance::stale) continue;
        // The item's length is the sum over its extents (bounded walk).
        std::uint64_t length = 0;
        std::uint32_t at = e.block;
        std::set<std::uint32_t> seen;
        while (at != 0 && seen.insert(at).second && seen.size() <= 65536) {
            const std::string_view block = po::block_view(bytes, at, ml->block_size);
            if (block.size() < 48 || po::signature_type(block) != 'E') break;
            const po::ExtentHeader h = po::decode_extent_header(block);
            length += h.data_length;
            at = h.block.next_block;
        }
        if (length > 0xFFFFFFFFu) continue;
        po::ItemEntry entry;
        entry.length = static_cast<std::uint32_t>(length);
        entry.extent_block = e.block;
        po::ItemRequest request{ml->block_size, ml->total_blocks, number, e.header.item_index,
                                true};
        po::ItemRead read = po::read_item(bytes, entry, request);
        const bool extents_ok =
            std::all_of(read.extents.begin(), read.extents.end(),
                        [](const auto& x) { return x.header_intact && x.data_crc_ok; });
        out[e.header.item_index] = {std::move(read.data), e.block,
                                    read.complete && extents_ok && read.bytes_read == length};
    }
    return out;
}

Signature signature_of(const po::MessageHeader& h) {
    Signature s;
    for (const auto& i : h.items) s.emplace_back(i.length, i.data_crc);
    return s;
}

struct CopyRef {
    std::size_t other = 0;
    const po::MessageRecord* message = nullptr;
};

// Index of the intact message headers of the other post offices by item signature.
std::map<Signature, std::vector<CopyRef>> index_copies(const std::vector<OtherCopy>& others) {
    std::map<Signature, std::vector<CopyRef>> out;
    for (std::size_t o = 0; o < others.size(); ++o) {
        for (const auto& m : others[o].post_office->messages) {
            if (!m.place.readable || m.place.malformed) continue;
            out[signature_of(m.header)].push_back({o, &m});
        }
    }
    return out;
}

class MessageSalvager {
  public:
    MessageSalvager(const po::PostOfficeSource& source, const po::PostOffice& po,
                    const Findings& findings, const std::vector<OtherCopy>& others,
                    const ConnectorStore* connector, Salvage& out)
        : source_(source),
          po_(po),
          findings_(findings),
          others_(others),
          connector_(connector),
          out_(out),
          copies_(index_copies(others)) {
        for (const auto& d : po.directory) directory_[d.entry.entry_id] = &d.entry;
        if (po.clandata) name_ = po.clandata->po_name;
        for (const auto& mb : po.mailboxes) {
            for (const auto& f : mb.folders) {
                for (const auto& e : f.entries) {
                    auto [it, fresh] = filed_.emplace(e.message_number, e.filed);
                    if (!fresh && key(e.filed) < key(it->second)) it->second = e.filed;
                }
            }
        }
    }

    // Returns false when nothing of the message could be put in the post office.
    bool add(const po::MessageRecord& m) {
        const bool damaged =
            !m.place.readable || m.place.malformed ||
            std::any_of(m.items.begin(), m.items.end(), [](const auto& i) { return !i.intact; }) ||
            m.items.size() != m.header.items.size();
        if (!damaged) return add_intact(m);
        return restore(m);
    }

  private:
    static std::uint32_t key(po::DosDateTime d) { return std::uint32_t{d.date} << 16 | d.time; }

    // When the message arrived here: its earliest folder entry in this post office.
    std::optional<po::DosDateTime> arrival_here(std::uint32_t number) const {
        const auto it = filed_.find(number);
        if (it == filed_.end()) return std::nullopt;
        return it->second;
    }

    const ConnectorMessage* find_connector_copy(const Signature& sig,
                                                const std::optional<po::DosDateTime>& date) const {
        if (connector_ == nullptr || (sig.empty() && !date)) return nullptr;
        const auto found = connector_->find(sig, date);
        // Several files may hold the same message (Export and Export.bak): any of them.
        return found.empty() ? nullptr : found.front();
    }

    void source_of(std::uint32_t number, std::string field, std::string from) {
        out_.sources.push_back({number, std::move(field), std::move(from)});
    }

    bool add_intact(const po::MessageRecord& m) {
        po::MessageSpec s = po::message_spec_without_items(m.header);
        for (std::size_t i = 0; i < m.header.items.size(); ++i) {
            const auto& item = m.header.items[i];
            // An intact item is a reference into the evidence, read when the writer needs it:
            // the items of a large post office never sit in memory together.
            // The reader checks the item's CRC as it reassembles it, so the writer need not
            // compute it again (ItemSource::checked).
            po::ItemSource from{
                item.length, item.data_crc,
                [&evidence = source_, &office = po_, &m, i] {
                    po::ItemRead read = po::read_message_item(evidence, office, m, i);
                    if (!read.crc_ok) {
                        throw UsageError("message " + std::to_string(m.header.message_number) +
                                         " item " + std::to_string(i + 1) +
                                         ": no longer reads back intact");
                    }
                    return std::move(read.data);
                },
                true};
            s.items.push_back(
                {item.kind, item.flags, item.file_stamp, item.title, {}, std::move(from)});
        }
        out_.spec.messages.push_back(std::move(s));
        return true;
    }

    // The fixed 32 bytes survived when parsing got past them and no foreign bytes lie there.
    bool has_foreign_bytes(std::uint32_t number) const {
        return std::any_of(findings_.begin(), findings_.end(), [&](const Finding& f) {
            return f.detector == "console-output" && f.key == number &&
                   f.structure == "message header";
        });
    }

    bool fixed_part_survived(const po::MessageRecord& m) const {
        if (!m.place.readable) return false;
        static const std::set<std::string> fixed = {
            "message_number",   "date",     "flags",           "item_count",
            "recipient_count",  "reserved", "reference_count", "sender_entry_id",
            "total_item_bytes", "arrival"};
        for (const auto& f : findings_) {
            if (f.detector != "console-output" || f.key != m.header.message_number) continue;
            if (f.structure != "message header") continue;
            const std::string first = f.field.substr(0, f.field.find(" .. "));
            if (fixed.count(first) != 0) return false;
        }
        return true;
    }

    std::uint32_t entry_by_name(const std::string& address) const {
        const auto at = address.find(" at ");
        const std::string name = at == std::string::npos ? address : address.substr(0, at);
        for (const auto& [id, e] : directory_) {
            if (e->name == name && e->type_code != 'P' && e->type_code != 'p') return id;
        }
        return 0;
    }

    // Sender as this post office shows it (6.5): the name of a local entry, "Name at PO"
    // otherwise.
    std::string sender_from_directory(std::uint32_t id) const {
        const auto it = directory_.find(id);
        if (it == directory_.end()) return {};
        const po::DirectoryEntry& e = *it->second;
        if (e.type_code == 'L' || e.type_code == 'R' || e.type_code == 'B') return e.name;
        const auto p = directory_.find(e.po_entry_id);
        if (p == directory_.end()) return {};
        return e.name + " at " + p->second->name;
    }

    const CopyRef* find_copy(const Signature& sig,
                             const std::optional<po::DosDateTime>& date) const {
        const auto it = copies_.find(sig);
        if (it == copies_.end()) return nullptr;
        const CopyRef* found = nullptr;
        for (const auto& c : it->second) {
            if (date && c.message->header.date != *date) continue;
            if (found != nullptr) return nullptr;  // ambiguous: two candidates
            found = &c;
        }
        return found;
    }

    std::string copy_name(const CopyRef& c) const {
        return "copy " + others_[c.other].name + " message " +
               std::to_string(c.message->header.message_number);
    }

    bool restore(const po::MessageRecord& m) {
        const std::uint32_t number = m.header.message_number;
        const bool fixed_ok = fixed_part_survived(m);
        const bool table_ok =
            m.place.readable && !m.place.malformed && m.items.size() == m.header.items.size();
        po::MessageSpec s;
        s.message_number = number;
        if (fixed_ok) {
            s = po::message_spec_without_items(m.header);
            source_of(number, "fixed fields", "record");
            if (has_foreign_bytes(number)) {
                // Text decoded from a record foreign bytes were written into is not the
                // message's: written back with the same seed it would be the console text again.
                s.sender.clear();
                s.subject.clear();
                s.recipients.clear();
            }
        }
        // Items: the record's table when it parsed, else the extents that name the message.
        std::vector<po::ItemSpec> items;
        Signature sig;
        std::vector<bool> item_ok;
        if (table_ok) {
            for (std::size_t i = 0; i < m.header.items.size(); ++i) {
                const auto& item = m.header.items[i];
                po::ItemRead read = po::read_message_item(source_, po_, m, i);
                items.push_back(
                    {item.kind, item.flags, item.file_stamp, item.title, std::move(read.data), {}});
                item_ok.push_back(read.crc_ok);
                sig.emplace_back(item.length, item.data_crc);
                source_of(number, "item " + std::to_string(i + 1), read.crc_ok ? "record" : "none");
            }
        } else {
            auto found = items_from_extents(source_, po_, number);
            std::uint16_t expected = 0;
            for (auto& [index, x] : found) {
                if (index != expected++) break;  // a gap: the items after it cannot be placed
                sig.emplace_back(static_cast<std::uint32_t>(x.data.size()), po::crc32(x.data));
                item_ok.push_back(x.ok);
                source_of(number, "item " + std::to_string(index + 1),
                          "MLANDATA extent at block " + std::to_string(x.head));
                items.push_back(
                    {po::layout::clandata::msg::kItemFile, 0, {}, {}, std::move(x.data), {}});
            }
        }
        const std::optional<po::DosDateTime> date =
            fixed_ok ? std::optional<po::DosDateTime>(s.date) : std::nullopt;
        const CopyRef* copy = sig.empty() && !date ? nullptr : find_copy(sig, date);
        std::vector<std::string> unrestored;
        std::string connector_sender, connector_from;
        if (copy != nullptr) {
            const po::MessageHeader& h = copy->message->header;
            const std::string from = copy_name(*copy);
            if (!fixed_ok) {
                s.date = h.date;
                s.arrival = arrival_here(number).value_or(h.arrival);
                s.flags = h.flags;
                source_of(number, "date, flags", from);
                s.sender_entry_id = 0;
            }
            if (!table_ok || !m.place.readable || m.place.malformed) {
                s.subject = h.subject;
                source_of(number, "subject", from);
                s.recipients.clear();
                for (const auto& r : h.recipients)
                    s.recipients.push_back({r.role, entry_by_name(r.address), r.address});
                source_of(number, "recipients", from);
                for (std::size_t i = 0; i < items.size() && i < h.items.size(); ++i) {
                    items[i].kind = h.items[i].kind;
                    items[i].flags = h.items[i].flags;
                    items[i].file_stamp = h.items[i].file_stamp;
                    items[i].title = h.items[i].title;
                }
                source_of(number, "item kinds, titles, file stamps", from);
            }
            // Item data damaged here but intact in the copy (same length and CRC).
            for (std::size_t i = 0; i < items.size() && i < h.items.size(); ++i) {
                if (item_ok[i]) continue;
                po::ItemRead read =
                    po::read_message_item(*others_[copy->other].source,
                                          *others_[copy->other].post_office, *copy->message, i);
                if (!read.crc_ok) continue;
                items[i].data = std::move(read.data);
                item_ok[i] = true;
                source_of(number, "item " + std::to_string(i + 1) + " data", from);
            }
        } else if (const ConnectorMessage* c = find_connector_copy(sig, date)) {
            const std::string from = "connector " + c->file + "@" + std::to_string(c->offset);
            if (!fixed_ok) {
                if (c->date) s.date = *c->date;
                s.arrival = arrival_here(number).value_or(s.date);
                s.flags =
                    c->receipt_requested ? po::layout::clandata::msg::kFlagReceiptRequested : 0;
                source_of(number, "date (to the minute), receipt flag", from);
                s.sender_entry_id = 0;
            }
            if (!table_ok || !m.place.readable || m.place.malformed) {
                s.subject = c->subject;
                source_of(number, "subject", from);
                s.recipients.clear();
                for (const auto& [role, address] : c->recipients)
                    s.recipients.push_back({role, entry_by_name(address), address});
                source_of(number, "recipients", from);
                for (std::size_t i = 0; i < items.size() && i < c->items.size(); ++i) {
                    items[i].kind = c->items[i].kind;
                    items[i].file_stamp = c->items[i].file_stamp;
                    items[i].title = c->items[i].title;
                }
                source_of(number, "item kinds, titles, file stamps", from);
            }
            for (std::size_t i = 0; i < items.size() && i < c->items.size(); ++i) {
                if (item_ok[i]) continue;
                std::string data = connector_->read_item(c->items[i]);
                if (data.size() != c->items[i].length || po::crc32(data) != c->items[i].crc)
                    continue;
                items[i].data = std::move(data);
                item_ok[i] = true;
                source_of(number, "item " + std::to_string(i + 1) + " data", from);
            }
            if (s.sender_entry_id == 0 && !c->from.empty()) {
                connector_sender = c->from;
                const std::string here = " at " + name_;
                if (connector_sender.size() > here.size() &&
                    connector_sender.compare(connector_sender.size() - here.size(), here.size(),
                                             here) == 0)
                    connector_sender.resize(connector_sender.size() - here.size());
            }
            connector_from = from;
        } else if (!table_ok) {
            unrestored = {"subject", "recipients", "item kinds and titles"};
            if (!fixed_ok) unrestored.insert(unrestored.begin(), "date, arrival, flags");
        }
        if (!table_ok || !fixed_ok) {
            // The sender as this post office shows it, from the directory entry that survived.
            if (s.sender_entry_id != 0) {
                s.sender = sender_from_directory(s.sender_entry_id);
                source_of(number, "sender", "directory entry " + std::to_string(s.sender_entry_id));
            } else if (copy != nullptr) {
                s.sender = copy->message->header.sender;
                source_of(number, "sender", copy_name(*copy));
            } else if (!connector_sender.empty()) {
                s.sender = connector_sender;
                source_of(number, "sender", connector_from);
            }
            if (s.sender.empty()) unrestored.push_back("sender");
        }
        for (std::size_t i = 0; i < items.size(); ++i) {
            if (item_ok[i]) continue;
            LostEntry lost{"item",
                           number,
                           provenance_name(m.provenance),
                           "item " + std::to_string(i + 1) +
                               ": data damaged and no intact copy; the bytes that survived are "
                               "kept in the post office and here",
                           {{"item" + std::to_string(i + 1) + ".bin", items[i].data}}};
            out_.lost_and_found.push_back(std::move(lost));
        }
        if (!m.place.readable && items.empty() && copy == nullptr && connector_from.empty()) {
            out_.lost_and_found.push_back({"message",
                                           number,
                                           provenance_name(m.provenance),
                                           "header unreadable, no item data and no other copy",
                                           {}});
            return false;
        }
        if (!unrestored.empty()) {
            std::string list;
            for (const auto& u : unrestored) list += (list.empty() ? "" : ", ") + u;
            out_.lost_and_found.push_back({"message fields",
                                           number,
                                           provenance_name(m.provenance),
                                           "not restored (no other copy): " + list +
                                               "; the message is kept with what survived",
                                           {}});
        }
        s.items = std::move(items);
        out_.spec.messages.push_back(std::move(s));
        ++out_.messages_restored;
        return true;
    }

    const po::PostOfficeSource& source_;
    const po::PostOffice& po_;
    const Findings& findings_;
    const std::vector<OtherCopy>& others_;
    const ConnectorStore* connector_;
    Salvage& out_;
    std::map<std::uint32_t, po::DosDateTime> filed_;  // message -> earliest filing here
    std::map<Signature, std::vector<CopyRef>> copies_;
    std::map<std::uint32_t, const po::DirectoryEntry*> directory_;
    std::string name_;
};

std::uint8_t only_folder_kind(char type) {
    namespace lu = po::layout::usr;
    (void)sizeof(lu::kRules);
    return type == 'P' ? 6 : (type == 'B' ? 5 : 0);
}

}  // namespace

Salvage salvage_post_office(const po::PostOfficeSource& source, const po::PostOffice& po,
                            const Findings& findings, const std::vector<OtherCopy>& others,
                            const ConnectorStore* connector) {
    Salvage out;
    po::header_spec_from_model(po, out.spec);

    // Foreign bytes first: they are evidence before anything else happens to the record.
    for (const auto& f : findings) {
        if (f.detector != "console-output") continue;
        std::string bytes;
        for (const auto& info : po.files) {
            if (info.name != f.file || info.source_index >= source.files.size()) continue;
            const std::string_view all = source.files[info.source_index].bytes;
            if (f.offset < all.size()) bytes = std::string(all.substr(f.offset, f.length));
        }
        out.quarantine.push_back({f.file, f.offset, f.length, std::move(bytes), f.structure,
                                  f.field, f.key,
                                  "foreign plain text (" + f.code + "): " + f.detail});
    }

    // Directory: reached entries, then lost ones whose id is free; stale ones are kept aside.
    std::set<std::uint32_t> ids;
    const auto add_entry = [&](const po::DirectoryEntry& e) {
        out.spec.directory.push_back(po::directory_entry_spec(e));
        ids.insert(e.entry_id);
    };
    for (const auto& d : po.directory) {
        if (d.place.readable && ids.count(d.entry.entry_id) == 0) add_entry(d.entry);
    }
    for (const auto& d : po.recovered_directory) {
        if (d.provenance == po::Provenance::lost && ids.count(d.entry.entry_id) == 0) {
            add_entry(d.entry);
        } else {
            out.lost_and_found.push_back({"directory entry",
                                          d.entry.entry_id,
                                          provenance_name(d.provenance),
                                          d.provenance == po::Provenance::stale
                                              ? "stale record in free space (deleted or superseded)"
                                              : "id already used by a live entry",
                                          {}});
        }
    }

    // Which message numbers the folders name: a lost record is put back only when named.
    std::set<std::uint32_t> named;
    for (const auto& mb : po.mailboxes)
        for (const auto& f : mb.folders)
            for (const auto& e : f.entries) named.insert(e.message_number);

    // At most one spec per record read: reserved, not grown by doubling (which held the list
    // one and a half times over for a moment).
    out.spec.messages.reserve(po.messages.size() + po.recovered_messages.size());
    MessageSalvager messages(source, po, findings, others, connector, out);
    std::set<std::uint32_t> numbers;
    for (const auto& m : po.messages) {
        if (numbers.count(m.header.message_number) != 0) continue;
        if (messages.add(m)) numbers.insert(m.header.message_number);
    }
    for (const auto& m : po.recovered_messages) {
        const std::uint32_t n = m.header.message_number;
        if (m.provenance == po::Provenance::lost && named.count(n) != 0 && numbers.count(n) == 0) {
            if (messages.add(m)) numbers.insert(n);
            continue;
        }
        LostEntry lost{"message",
                       n,
                       provenance_name(m.provenance),
                       m.provenance == po::Provenance::stale
                           ? "stale record in free space (deleted message): not resurrected"
                           : "lost record that no folder entry names",
                       {}};
        for (std::size_t i = 0; i < m.header.items.size(); ++i) {
            po::ItemRead read = po::read_message_item(source, po, m, i);
            if (read.bytes_read > 0)
                lost.data.emplace_back("item" + std::to_string(i + 1) + ".bin",
                                       std::move(read.data));
        }
        out.lost_and_found.push_back(std::move(lost));
    }

    // Mailboxes: entries naming a message the repaired post office does not hold are removed
    // (and listed); a message filed twice in one folder keeps its first entry.
    std::set<std::uint32_t> filed;
    std::set<std::uint32_t> owned;
    for (const auto& e : out.spec.directory)
        if (e.mailbox_number != 0) owned.insert(e.mailbox_number);
    std::set<std::uint32_t> boxes;
    for (const auto& mb : po.mailboxes) {
        if (owned.count(mb.file_number) == 0 || boxes.count(mb.file_number) != 0) {
            out.lost_and_found.push_back({"mailbox",
                                          mb.file_number,
                                          "reached",
                                          "no directory entry owns this mailbox number",
                                          {}});
            continue;
        }
        boxes.insert(mb.file_number);
        po::MailboxSpec s;
        s.mailbox_number = mb.file_number;
        for (const auto& f : mb.folders) {
            po::FolderSpec fs{f.descriptor.folder_id,
                              f.descriptor.kind,
                              f.descriptor.created,
                              f.descriptor.name,
                              {}};
            std::set<std::uint32_t> in_folder;
            for (const auto& e : f.entries) {
                if (numbers.count(e.message_number) == 0) {
                    out.lost_and_found.push_back(
                        {"folder entry",
                         e.message_number,
                         "reached",
                         "mailbox " + std::to_string(mb.file_number) + " folder " +
                             std::to_string(f.descriptor.folder_id) +
                             " names a message the post office does not hold",
                         {}});
                    continue;
                }
                if (!in_folder.insert(e.message_number).second) continue;
                fs.entries.push_back({e.message_number, e.filed, e.flags});
                filed.insert(e.message_number);
            }
            s.folders.push_back(std::move(fs));
        }
        out.spec.mailboxes.push_back(std::move(s));
    }
    // A mailbox file that is missing gets an empty one with its only (or Inbox) folder.
    for (const auto& e : out.spec.directory) {
        if (e.mailbox_number == 0 || boxes.count(e.mailbox_number) != 0) continue;
        po::MailboxSpec s;
        s.mailbox_number = e.mailbox_number;
        s.folders.push_back(
            {1,
             only_folder_kind(e.type_code),
             e.created,
             e.type_code == 'L' || e.type_code == 'R' ? "Inbox" : e.name.substr(0, 47),
             {}});
        out.spec.mailboxes.push_back(std::move(s));
    }
    // Orphans (PO-034): a message no folder names would be unreachable in the output. Taken
    // out where they lie: a second list of the kept ones, grown by doubling, was the repair's
    // peak at a 1 GiB post office (the whole list held twice and a half).
    std::erase_if(out.spec.messages, [&](const po::MessageSpec& m) {
        if (filed.count(m.message_number) != 0) return false;
        LostEntry lost{"message",
                       m.message_number,
                       "reached",
                       "orphan: no folder entry names it (PO-034)",
                       {}};
        for (std::size_t i = 0; i < m.items.size(); ++i)
            lost.data.emplace_back("item" + std::to_string(i + 1) + ".bin",
                                   po::item_data(m.items[i]));
        out.lost_and_found.push_back(std::move(lost));
        return true;
    });

    std::sort(out.spec.directory.begin(), out.spec.directory.end(),
              [](const auto& a, const auto& b) { return a.entry_id < b.entry_id; });
    std::sort(out.spec.messages.begin(), out.spec.messages.end(),
              [](const auto& a, const auto& b) { return a.message_number < b.message_number; });
    std::sort(out.spec.mailboxes.begin(), out.spec.mailboxes.end(),
              [](const auto& a, const auto& b) { return a.mailbox_number < b.mailbox_number; });
    return out;
}

}  // namespace ccsalvage::repair
