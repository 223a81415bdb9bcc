// The writer's refusal of input that would not make a healthy post office (section 14.1):
// every rule here is one the reader checks, so that what the writer writes reads back clean.
#include "parsers/po/writer_validate.hpp"

#include <map>
#include <set>

#include "core/errors.hpp"
#include "parsers/po/block.hpp"
#include "parsers/po/directory_record.hpp"
#include "parsers/po/layout_clandata.hpp"
#include "parsers/po/layout_usr.hpp"
#include "parsers/po/limits.hpp"
#include "parsers/po/text_field.hpp"

namespace ccsalvage::po::detail {

namespace lm = layout::clandata::msg;
namespace lu = layout::usr;

namespace {

[[noreturn]] void refuse(const std::string& why) { throw UsageError("post office writer: " + why); }

class Validator {
  public:
    Validator(const PostOfficeSpec& spec, const WriterOptions& options)
        : spec_(spec), options_(options) {}

    void run() {
        identity();
        directory();
        messages();
        mailboxes();
    }

  private:
    void limit(bool over, const std::string& why) const {
        if (over && !options_.allow_out_of_limit) refuse(why + " (documented limit)");
    }
    void consistent(bool ok, const std::string& why) const {
        if (!ok && !options_.allow_inconsistent) refuse(why);
    }
    bool db8() const { return spec_.generation == 8; }

    void identity() {
        if (spec_.name.size() > 63) refuse("post office name longer than 63 bytes");
        if (spec_.generation != 6 && spec_.generation != 8) refuse("generation must be 6 or 8");
        static const std::set<std::uint16_t> kPages = {437, 850, 932, 936, 949, 950};
        if (kPages.count(spec_.code_page) == 0)
            refuse("code page " + std::to_string(spec_.code_page));
        if (spec_.date_order > 2) refuse("date_order must be 0, 1 or 2");
        if (spec_.po_id == 0) refuse("po_id must be non-zero");
        if (spec_.block_size != 0 && !valid_block_size(spec_.block_size)) refuse("block size");
        if (spec_.previous_write_serial == 0xFFFFFFFFu) refuse("write serial would wrap");
    }

    void directory() {
        std::set<std::string> names;
        for (const auto& e : spec_.directory) {
            const std::string what = "directory entry " + std::to_string(e.entry_id);
            if (e.entry_id == 0 || !entries_.emplace(e.entry_id, &e).second)
                refuse(what + ": id 0 or repeated");
            if (!known_type_code(e.type_code)) refuse(what + ": unknown type code");
            if (type_owns_mailbox(e.type_code) != (e.mailbox_number != 0)) {
                refuse(what + ": a mailbox number exactly for types P, L, R and B");
            }
            if (e.mailbox_number > limits::kMaxMailboxNumber)
                refuse(what + ": mailbox number over 99999");
            if (e.mailbox_number != 0 && !owners_.emplace(e.mailbox_number, &e).second) {
                refuse(what + ": mailbox number " + std::to_string(e.mailbox_number) + " repeated");
            }
            for (const auto* text : {&e.name, &e.address, &e.comments, &e.foreign_alias}) {
                if (text->size() > 0xFFFF) refuse(what + ": text longer than 65535 bytes");
                limit(text->size() > limits::kDirectoryText, what + ": text over 126 bytes");
            }
            if (e.members.size() > 0xFFFF) refuse(what + ": more than 65535 members");
            limit(e.members.size() > limits::kMembersPerList, what + ": more than 200 members");
            consistent(names.insert(fold_name(e.name)).second, what + ": name already used");
        }
        limit(spec_.directory.size() >
                  (db8() ? limits::kDirectoryEntriesDb8 : limits::kDirectoryEntriesDb6),
              "too many directory entries");
        for (const auto& e : spec_.directory) {
            const std::string what = "directory entry " + std::to_string(e.entry_id);
            const auto resolves = [&](std::uint32_t id, std::string_view types) {
                if (id == 0) return true;
                const auto it = entries_.find(id);
                return it != entries_.end() &&
                       (types.empty() ||
                        types.find(it->second->type_code) != std::string_view::npos);
            };
            consistent(resolves(e.po_entry_id, "Pp"),
                       what + ": po_entry_id does not name a P or p entry");
            consistent(resolves(e.alias_target_id, ""), what + ": alias_target_id names no entry");
            for (const auto m : e.members)
                consistent(resolves(m, ""), what + ": member names no entry");
        }
    }

    void messages() {
        for (const auto& m : spec_.messages) {
            const std::string what = "message " + std::to_string(m.message_number);
            if (m.message_number == 0 || !messages_.insert(m.message_number).second) {
                refuse(what + ": number 0 or repeated");
            }
            if (m.items.size() > limits::kBoundItemsPerMessage)
                refuse(what + ": more than 255 items");
            if (m.recipients.size() > 0xFFFF) refuse(what + ": more than 65535 recipients");
            limit(m.items.size() > limits::kItemsPerMessage, what + ": more than 20 items");
            limit(!db8() && m.recipients.size() > limits::kRecipientsDb6,
                  what + ": more than 200 recipients");
            limit(!db8() && (m.flags & lm::kFlagRtf) != 0, what + ": RTF flag in DB6");
            if ((m.flags & ~lm::kKnownFlags) != 0) refuse(what + ": undefined flag bits");
            if ((m.flags & lm::kPriorityMask) == lm::kPriorityMask) refuse(what + ": priority 3");
            limit(m.sender.size() > limits::kMessageText || m.subject.size() > limits::kMessageText,
                  what + ": sender or subject over 255 bytes");
            std::uint64_t total = 0;
            for (const auto& r : m.recipients) {
                if (r.role < lm::kRoleTo || r.role > lm::kRoleBcc)
                    refuse(what + ": recipient role");
                limit(r.address.size() > limits::kMessageText, what + ": address over 255 bytes");
            }
            for (const auto& item : m.items) {
                if (item.kind < lm::kItemText || item.kind > lm::kItemOle)
                    refuse(what + ": item kind");
                if ((item.flags & ~lm::kItemKnownFlags) != 0)
                    refuse(what + ": undefined item flag bits");
                const std::uint64_t length = item_length(item);
                if (length > 0xFFFFFFFFu - 64) refuse(what + ": item too large");
                total += length;
                limit(item.kind == lm::kItemText && length > limits::kTextItemBytes,
                      what + ": text item over 20480 bytes");
                limit(item.title.size() > limits::kMessageText,
                      what + ": item title over 255 bytes");
                limit(
                    item.kind == lm::kItemForwarded && item.title.size() > limits::kForwardedTitle,
                    what + ": forwarded item title over 30 bytes");
                limit(!db8() && (item.kind == lm::kItemOle || (item.flags & lm::kItemFlagRtf) != 0),
                      what + ": OLE item or RTF text in DB6");
            }
            if (total > 0xFFFFFFFFu) refuse(what + ": items total more than 4 GB");
        }
    }

    void mailboxes() {
        std::set<std::uint32_t> numbers;
        std::map<std::uint32_t, std::uint32_t> filed;  // message -> folders filing it
        for (const auto& mb : spec_.mailboxes) {
            const std::string what = "mailbox " + std::to_string(mb.mailbox_number);
            if (mb.mailbox_number == 0 || mb.mailbox_number > limits::kMaxMailboxNumber ||
                !numbers.insert(mb.mailbox_number).second) {
                refuse(what + ": number 0, over 99999 or repeated");
            }
            const auto owner = owners_.find(mb.mailbox_number);
            consistent(owner != owners_.end(), what + ": no directory entry owns it");
            const char type = owner != owners_.end() ? owner->second->type_code : 0;
            if (mb.folders.size() > 0xFFFF) refuse(what + ": more than 65535 folders");
            limit(mb.folders.size() > limits::kFoldersPerMailbox, what + ": more than 201 folders");
            std::set<std::uint16_t> ids;
            std::size_t inboxes = 0;
            for (const auto& f : mb.folders) {
                const std::string fw = what + " folder " + std::to_string(f.folder_id);
                if (f.folder_id == 0 || !ids.insert(f.folder_id).second)
                    refuse(fw + ": id 0 or repeated");
                if (f.name.size() > lu::table::kNameSize - 1) refuse(fw + ": name over 47 bytes");
                if (f.kind > lu::kRules) refuse(fw + ": kind");
                limit(!db8() && f.kind >= lu::kStationery, fw + ": folder kind is DB8 only");
                if (f.entries.size() > 0xFFFF) refuse(fw + ": more than 65535 entries");
                limit(f.entries.size() > limits::kMessagesPerFolder,
                      fw + ": more than 32767 entries");
                inboxes += f.kind == lu::kInbox;
                const bool fits = type == 0 || (type == 'B'   ? f.kind == lu::kBulletin
                                                : type == 'P' ? f.kind == lu::kPoQueue
                                                              : f.kind != lu::kBulletin &&
                                                                    f.kind != lu::kPoQueue);
                consistent(fits,
                           fw + ": kind not allowed for a '" + std::string(1, type) + "' owner");
                std::set<std::uint32_t> in_folder;
                for (const auto& e : f.entries) {
                    consistent(
                        messages_.count(e.message_number) != 0,
                        fw + ": message " + std::to_string(e.message_number) + " does not exist");
                    consistent(
                        in_folder.insert(e.message_number).second,
                        fw + ": message " + std::to_string(e.message_number) + " filed twice");
                    if ((e.flags & ~lu::list::kKnownFlags) != 0)
                        refuse(fw + ": undefined entry flag bits");
                    ++filed[e.message_number];
                }
            }
            consistent(!(type == 'L' || type == 'R') || inboxes == 1,
                       what + ": needs exactly one Inbox");
        }
        for (const auto& [number, entry] : owners_) {
            consistent(numbers.count(number) != 0,
                       "directory entry " + std::to_string(entry->entry_id) + ": mailbox " +
                           std::to_string(number) + " has no MailboxSpec");
        }
        for (const auto number : messages_) {
            consistent(filed.count(number) != 0,
                       "message " + std::to_string(number) + " is filed in no folder (an orphan)");
        }
    }

    const PostOfficeSpec& spec_;
    const WriterOptions& options_;
    std::map<std::uint32_t, const DirectoryEntrySpec*> entries_;
    std::map<std::uint32_t, const DirectoryEntrySpec*> owners_;
    std::set<std::uint32_t> messages_;
};

}  // namespace

void validate_spec(const PostOfficeSpec& spec, const WriterOptions& options) {
    Validator(spec, options).run();
}

}  // namespace ccsalvage::po::detail
