// The mailbox walk (13.1 step 5): each USRnnnnn header -> folder table (T) -> folder lists (L),
// and the cross-checks of V11-V13 between mailboxes, directory and messages (section 8).
#include <map>
#include <set>

#include "parsers/po/events.hpp"
#include "parsers/po/file_header.hpp"
#include "parsers/po/layout_block.hpp"
#include "parsers/po/layout_clandata.hpp"
#include "parsers/po/layout_file_header.hpp"
#include "parsers/po/layout_usr.hpp"
#include "parsers/po/limits.hpp"
#include "parsers/po/mailbox_record.hpp"
#include "parsers/po/number_set.hpp"
#include "parsers/po/read_steps.hpp"

namespace ccsalvage::po::detail {

namespace lb = layout::block;
namespace lu = layout::usr;
namespace fh = layout::file_header;

namespace {

bool kind_allowed(char owner_type, std::uint8_t kind) {
    switch (owner_type) {
        case 'L':
        case 'R':
            return kind <= lu::kUserFolder || (kind >= lu::kStationery && kind <= lu::kRules);
        case 'B':
            return kind == lu::kBulletin;
        case 'P':
            return kind == lu::kPoQueue;
        default:
            return true;  // unknown owner: nothing to check against
    }
}

// The indexed messages' numbers and how many folder entries name each (an array parallel to
// the set): 8 bytes a message where a std::set and a hash map took about 70.
class Tally {
  public:
    Tally(const MessageList& messages, const ReadContext& ctx)
        : indexed_(messages.size(), ctx.options().scratch.get()),
          references_(messages.size(), ctx.options().scratch.get()) {
        std::size_t visited = 0;
        for (const auto& m : messages) {
            indexed_.add(m.header.message_number);
            ctx.listed(++visited);
        }
        indexed_.seal();
        references_.assign(indexed_.size(), 0);
    }
    // Counts a folder entry naming `number`; false when no indexed message has that number.
    bool refer(std::uint32_t number) {
        const std::size_t at = indexed_.position(number);
        if (at == NumberSet::kAbsent) return false;
        ++references_[at];
        return true;
    }
    std::uint32_t references(std::uint32_t number) const {
        const std::size_t at = indexed_.position(number);
        return at == NumberSet::kAbsent ? 0 : references_[at];
    }

  private:
    NumberSet indexed_;
    ScratchArray<std::uint32_t> references_;
};

class MailboxWalk {
  public:
    MailboxWalk(ReadContext& ctx, StoreFile& file, const DirectoryRecord* owner,
                bool directory_known, Tally& tally)
        : ctx_(ctx), file_(file), owner_(owner), directory_known_(directory_known), tally_(tally) {}
    Mailbox read();

  private:
    void identity(Mailbox& mb);
    void folders(Mailbox& mb);
    void folder(Mailbox& mb, const Record& table, std::size_t i, Folder& f);

    ReadContext& ctx_;
    StoreFile& file_;
    const DirectoryRecord* owner_;
    bool directory_known_;  // without CLANDATA no mailbox can be said to lack its entry
    Tally& tally_;
    std::uint64_t entries_ = 0, unread_ = 0;
};

Mailbox MailboxWalk::read() {
    Mailbox mb(ctx_.pool());
    mb.file = file_.display;
    mb.file_number = file_.usr_number;
    if (file_.header_source != HeaderSource::block0 && file_.header_source != HeaderSource::copy) {
        return mb;
    }
    FieldMap map;
    mb.header = decode_usr_header(file_.header_block, file_.header_seed, map);
    mb.header_readable = true;
    report_fields(ctx_, file_, single_block_record(file_, file_.header_seed), map,
                  "mailbox header");
    identity(mb);
    folders(mb);
    return mb;
}

void MailboxWalk::identity(Mailbox& mb) {
    const UsrHeader& h = mb.header;
    const std::string what = "mailbox " + std::to_string(file_.usr_number);
    if (h.mailbox_number != file_.usr_number) {
        ctx_.report(events::mailbox_identity, file_, lu::kMailboxNumber,
                    what + ": header mailbox_number " + std::to_string(h.mailbox_number));
    }
    if (owner_ == nullptr) {
        if (!directory_known_) return;
        ctx_.report(events::mailbox_without_entry, file_, 0,
                    what + ": no directory entry holds this mailbox (owner_name \"" + h.owner_name +
                        "\", owner_entry_id " + std::to_string(h.owner_entry_id) + ")");
        return;
    }
    if (h.owner_entry_id != owner_->entry.entry_id) {
        ctx_.report(events::mailbox_identity, file_, lu::kOwnerEntryId,
                    what + ": owner_entry_id " + std::to_string(h.owner_entry_id) +
                        ", the directory gives it to entry " +
                        std::to_string(owner_->entry.entry_id));
    }
    // The slot keeps 63 bytes of a name that may have 126 (8.1).
    if (h.owner_name != owner_->entry.name.substr(0, 63)) {
        ctx_.report(events::mailbox_identity, file_, lu::kOwnerName,
                    what + ": owner_name \"" + h.owner_name + "\", the entry is \"" +
                        owner_->entry.name + "\"");
    }
}

void MailboxWalk::folders(Mailbox& mb) {
    const std::uint32_t b = file_.block_size;
    const std::uint32_t root = mb.header.folder_table_block;
    const std::string what = "mailbox " + std::to_string(file_.usr_number) + " folder table";
    const Target target = look_at(file_, root, lb::kFolderTable);
    if (target != Target::ok) {
        if (target == Target::unreadable) {
            ctx_.claim(file_, root, layout::nft::kFolderTable, root, what);
        } else {
            ctx_.report(
                events::broken_chain, file_, lu::kFolderTableBlock,
                "folder_table_block " + std::to_string(root) + " does not lead to a folder table");
        }
        return;
    }
    const Record record = read_reached(ctx_, file_, root, lb::kFolderTable, 0, what);
    FieldMap map;
    FolderTable table = decode_folder_table(record.payload, root, map);
    report_fields(ctx_, file_, record, map, what);
    mb.table = place_of(record, map, ctx_.pool());
    if (table.folder_count != mb.header.folder_count) {
        ctx_.report(events::mailbox_counts, file_, lu::kFolderCount,
                    what + ": header folder_count " + std::to_string(mb.header.folder_count) +
                        ", table has " + std::to_string(table.folder_count));
    }
    if (table.folders.size() > limits::kFoldersPerMailbox) {
        ctx_.report(events::limit_exceeded, file_, record.absolute(0, b),
                    what + ": " + std::to_string(table.folders.size()) + " folders (limit 201)");
    }
    const char owner_type = owner_ != nullptr ? owner_->entry.type_code : 0;
    std::size_t inboxes = 0;
    for (std::size_t i = 0; i < table.folders.size(); ++i) {
        Folder f(ctx_.pool());
        f.descriptor = std::move(table.folders[i]);
        const std::uint64_t at = record.absolute(folder_descriptor_offset(i), b);
        if (f.descriptor.kind == lu::kInbox) ++inboxes;
        if (!kind_allowed(owner_type, f.descriptor.kind)) {
            ctx_.report(events::mailbox_identity, file_, at + lu::table::kKind,
                        what + ": folder " + std::to_string(f.descriptor.folder_id) + " kind " +
                            std::to_string(f.descriptor.kind) + " not allowed for a '" +
                            std::string(1, owner_type) + "' entry");
        } else if (ctx_.generation != 8 && f.descriptor.kind >= lu::kStationery) {
            ctx_.report(
                events::limit_exceeded, file_, at + lu::table::kKind,
                what + ": folder kind " + std::to_string(f.descriptor.kind) + " is DB8 only");
        }
        folder(mb, record, i, f);
        mb.folders.push_back(std::move(f));
    }
    if ((owner_type == 'L' || owner_type == 'R') && inboxes != 1) {
        ctx_.report(events::mailbox_identity, file_, record.absolute(0, b),
                    what + ": " + std::to_string(inboxes) + " Inbox folders");
    }
    if (mb.header.entry_count != entries_ || mb.header.unread_count != unread_) {
        ctx_.report(events::mailbox_counts, file_, lu::kEntryCount,
                    "mailbox " + std::to_string(file_.usr_number) + ": header entry_count " +
                        std::to_string(mb.header.entry_count) + " unread_count " +
                        std::to_string(mb.header.unread_count) + ", folders hold " +
                        std::to_string(entries_) + " and " + std::to_string(unread_));
    }
}

void MailboxWalk::folder(Mailbox& mb, const Record& table, std::size_t i, Folder& f) {
    const std::uint32_t b = file_.block_size;
    const std::uint64_t at = table.absolute(folder_descriptor_offset(i), b);
    const FolderDescriptor& d = f.descriptor;
    const std::string what =
        "mailbox " + std::to_string(mb.file_number) + " folder " + std::to_string(d.folder_id);
    if (d.list_block == 0) {
        if (d.entry_count != 0 || d.unread_count != 0) {
            ctx_.report(events::mailbox_counts, file_, at + lu::table::kEntryCount,
                        what + ": entry_count " + std::to_string(d.entry_count) + " but no list");
        }
        return;
    }
    const Target target = look_at(file_, d.list_block, lb::kFolderList);
    if (target != Target::ok) {
        if (target == Target::unreadable) {
            ctx_.claim(file_, d.list_block, layout::nft::kFolderList, d.list_block, what);
        } else {
            ctx_.report(
                events::broken_chain, file_, at + lu::table::kListBlock,
                what + ": list_block " + std::to_string(d.list_block) + " is not a folder list");
        }
        return;
    }
    const Record record = read_reached(ctx_, file_, d.list_block, lb::kFolderList, 0, what);
    FieldMap map;
    FolderList list = decode_folder_list(record.payload, map);
    report_fields(ctx_, file_, record, map, what);
    f.list = place_of(record, map, ctx_.pool());
    if (list.folder_id != d.folder_id || list.entry_count != d.entry_count) {
        ctx_.report(events::mailbox_counts, file_, record.absolute(0, b),
                    what + ": list says folder " + std::to_string(list.folder_id) + " with " +
                        std::to_string(list.entry_count) + " entries, descriptor says " +
                        std::to_string(d.entry_count));
    }
    if (list.entries.size() > limits::kMessagesPerFolder) {
        ctx_.report(events::limit_exceeded, file_, record.absolute(0, b),
                    what + ": " + std::to_string(list.entries.size()) + " entries (limit 32767)");
    }
    std::set<std::uint32_t> seen;
    std::uint64_t unread = 0;
    for (std::size_t k = 0; k < list.entries.size(); ++k) {
        const FolderEntry& e = list.entries[k];
        const std::uint64_t entry_at = record.absolute(folder_entry_offset(k), b);
        if ((e.flags & lu::list::kFlagRead) == 0) ++unread;
        if (!seen.insert(e.message_number).second) {
            ctx_.report(events::filed_twice, file_, entry_at,
                        what + ": message " + std::to_string(e.message_number) + " filed twice");
            continue;
        }
        if (!tally_.refer(e.message_number)) {
            ctx_.report(
                events::entry_without_message, file_, entry_at,
                what + ": message " + std::to_string(e.message_number) + " is not in the index");
        }
    }
    entries_ += list.entries.size();
    unread_ += unread;
    if (unread != d.unread_count) {
        ctx_.report(events::mailbox_counts, file_, at + lu::table::kUnreadCount,
                    what + ": unread_count " + std::to_string(d.unread_count) + ", list has " +
                        std::to_string(unread) + " unread");
    }
    f.entries.assign(list.entries.begin(), list.entries.end());
    ctx_.filed(f.entries.size());
}

}  // namespace

void read_mailboxes(ReadContext& ctx, std::vector<StoreFile>& usr, const StoreFile* clan,
                    PostOffice& po) {
    std::map<std::uint32_t, const DirectoryRecord*> owners;
    for (const auto& d : po.directory) {
        if (d.place.readable && d.entry.mailbox_number != 0)
            owners.emplace(d.entry.mailbox_number, &d);
    }
    Tally tally(po.messages, ctx);
    std::size_t visited = 0;
    std::set<std::uint32_t> present;
    for (auto& file : usr) {
        // An unreadable mailbox file is reported as such (PO-004, PO-006), not as missing.
        if (!file.usable()) {
            present.insert(file.usr_number);
            continue;
        }
        if (po.clandata && (file.header_source == HeaderSource::block0 ||
                            file.header_source == HeaderSource::copy)) {
            const CommonHeader& clan_common = po.clandata->common;
            if (file.common.po_id != clan_common.po_id ||
                file.common.generation != clan_common.generation) {
                const bool id = file.common.po_id != clan_common.po_id;
                ctx.report(
                    events::foreign_file, file, id ? fh::kPoId : fh::kGeneration,
                    std::string(id ? "po_id " + hex32(file.common.po_id) + ", CLANDATA has " +
                                         hex32(clan_common.po_id)
                                   : "generation " + std::to_string(file.common.generation)) +
                        "; read as separate evidence");
                continue;
            }
        }
        present.insert(file.usr_number);
        const auto it = owners.find(file.usr_number);
        MailboxWalk walk(ctx, file, it != owners.end() ? it->second : nullptr,
                         po.clandata.has_value(), tally);
        po.mailboxes.push_back(walk.read());
        // Its folder lists hold a folder entry per filing (12 bytes each): the 59 mailbox
        // files of an 8 GiB post office, 14 MiB, stayed resident to the end of the read.
        ctx.hand_back(file);
    }
    if (clan == nullptr || !po.clandata) return;
    for (const auto& [number, d] : owners) {
        if (present.count(number) != 0) continue;
        ctx.report(
            events::mailbox_missing, *clan,
            clan->offset(d->place.head(), lb::kHeaderSize + layout::clandata::dir::kMailboxNumber),
            "directory entry " + std::to_string(d->entry.entry_id) + " (" + d->entry.name +
                ") owns mailbox " + std::to_string(number) + " but there is no USR file for it");
    }
    for (const auto& m : po.messages) {
        ctx.listed(++visited);
        if (!m.place.readable || !m.place.complete) continue;
        const std::uint32_t count = tally.references(m.header.message_number);
        const std::string what = "message " + std::to_string(m.header.message_number);
        if (count == 0) {
            ctx.report(events::orphan_message, *clan, clan->offset(m.place.head()),
                       what + ": no folder entry names it (reference_count " +
                           std::to_string(m.header.reference_count) + ")");
        } else if (count != m.header.reference_count) {
            ctx.report(events::reference_count, *clan,
                       clan->offset(m.place.head(),
                                    lb::kHeaderSize + layout::clandata::msg::kReferenceCount),
                       what + ": reference_count " + std::to_string(m.header.reference_count) +
                           ", " + std::to_string(count) + " folder entries name it");
        }
    }
}

}  // namespace ccsalvage::po::detail
