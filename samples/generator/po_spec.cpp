#include "po_spec.hpp"

#ifdef CCSALVAGE_GENERATOR_HAVE_PO
#include <algorithm>
#include <set>

#include "core/codepage.hpp"
#include "items.hpp"

namespace ccsalvage::generator {

namespace {

// Post office text is raw code-page bytes (docs/formats/post-office.md, section 2).
std::string cp850(std::string_view utf8) { return encode_from_utf8(utf8, CodePage::cp850).bytes; }

// Folder kinds (docs/formats/post-office.md 8.2).
constexpr std::uint8_t kInbox = 0, kMessageLog = 1, kTrash = 3, kUserFolder = 4, kBoardFolder = 5,
                       kQueueFolder = 6;

class SpecBuilder {
  public:
    SpecBuilder(const World& world, std::size_t po, std::uint32_t write_serial)
        : world_(world), po_(po) {
        const PostOffice& office = world.post_offices[po];
        auto& s = result_.spec;
        s.name = cp850(office.name);
        s.generation = 6;
        s.code_page = 850;
        s.date_order = 0;
        s.po_id = office.po_id;
        s.created = dos_time(office.created);
        s.modified = dos_time(world.snapshot);
        s.previous_write_serial = write_serial;
        s.next_message_number = office.next_message_number;
        s.next_mailbox_number = office.next_mailbox_number;
    }

    PoSpecResult build() {
        add_directory();
        add_messages();
        add_mailboxes();
        return std::move(result_);
    }

  private:
    std::uint32_t add_entry(char type, std::string name_utf8, std::uint32_t mailbox,
                            std::uint32_t po_entry, const Timestamp& created,
                            std::string comments = {}) {
        po::DirectoryEntrySpec e;
        e.entry_id = next_id_++;
        e.type_code = type;
        e.mailbox_number = mailbox;
        e.po_entry_id = po_entry;
        e.created = dos_time(created);
        e.name = cp850(name_utf8);
        e.comments = std::move(comments);
        result_.spec.directory.push_back(e);
        result_.directory.push_back({e.entry_id, type, std::move(name_utf8), mailbox});
        return e.entry_id;
    }

    // Post office entries first (they were set up first), then local users, boards, lists,
    // and the remote users dirsync brought in.
    void add_directory() {
        const PostOffice& self = world_.post_offices[po_];
        Timestamp when = self.created;
        const bool is_hub = po_ == world_.hub;
        std::uint32_t hub_entry = 0;
        if (!is_hub) {
            // The hub is directly connected; its entry's mailbox queues mail for the hub.
            hub_entry =
                add_entry('P', world_.post_offices[world_.hub].name, self.uplink_mailbox, 0, when);
            po_entries_[world_.hub] = hub_entry;
        }
        for (std::size_t other = 0; other < world_.post_offices.size(); ++other) {
            if (other == po_ || other == world_.hub) continue;
            if (is_hub) {
                po_entries_[other] =
                    add_entry('P', world_.post_offices[other].name,
                              world_.post_offices[other].hub_queue_mailbox, 0, when);
            } else {
                po_entries_[other] =
                    add_entry('p', world_.post_offices[other].name, 0, hub_entry, when);
            }
        }
        for (std::size_t p = 0; p < world_.people.size(); ++p) {
            const Person& person = world_.people[p];
            if (person.po != po_) continue;
            person_entries_[p] = add_entry('L', person.name, person.mailbox_number, 0, when);
        }
        for (std::size_t b = 0; b < world_.boards.size(); ++b) {
            if (world_.boards[b].po != po_) continue;
            board_entries_[b] =
                add_entry('B', world_.boards[b].name, world_.boards[b].mailbox_number, 0, when);
        }
        for (std::size_t l = 0; l < world_.lists.size(); ++l) {
            if (world_.lists[l].po != po_) continue;
            const std::uint32_t id =
                add_entry('G', world_.lists[l].name, 0, 0, when, "public list");
            list_entries_[l] = id;
            auto& entry = result_.spec.directory.back();
            for (const std::size_t member : world_.lists[l].members) {
                entry.members.push_back(person_entries_.at(member));
            }
        }
        for (std::size_t p = 0; p < world_.people.size(); ++p) {
            const Person& person = world_.people[p];
            if (person.po == po_) continue;
            const std::string comments =
                person.po == world_.exchange ? "MSExchangeCCMC EXCHSRV1" : std::string();
            person_entries_[p] =
                add_entry('l', person.name, 0, po_entries_.at(person.po), when, comments);
        }
    }

    std::uint32_t recipient_entry(const Recipient& r) const {
        switch (r.kind) {
            case TargetKind::person: {
                const auto it = person_entries_.find(r.index);
                return it == person_entries_.end() ? 0 : it->second;
            }
            case TargetKind::board: {
                const auto it = board_entries_.find(r.index);
                return it == board_entries_.end() ? 0 : it->second;
            }
            case TargetKind::list: {
                const auto it = list_entries_.find(r.index);
                return it == list_entries_.end() ? 0 : it->second;
            }
        }
        return 0;
    }

    void add_messages() {
        for (std::size_t i = 0; i < world_.messages.size(); ++i) {
            const MessageSpec& m = world_.messages[i];
            for (std::size_t c = 0; c < m.po_copies.size(); ++c) {
                const PoCopy& copy = m.po_copies[c];
                if (copy.po != po_) continue;
                result_.copies[copy.message_number] = {i, c};
            }
        }
        // Message-number order, as the index lists them.
        for (const auto& [number, where] : result_.copies) {
            const MessageSpec& m = world_.messages[where.first];
            const PoCopy& copy = m.po_copies[where.second];
            po::MessageSpec out;
            out.message_number = number;
            out.date = dos_time(m.date);
            out.arrival = dos_time(copy.arrival);
            std::uint16_t flags = m.receipt_requested ? 0x0001 : 0;
            flags = static_cast<std::uint16_t>(flags | ((m.priority & 3) << 2));
            for (const auto& r : m.recipients) {
                if (r.kind == TargetKind::board) flags |= 0x0020;
            }
            out.flags = flags;
            out.sender_entry_id = person_entries_.at(m.sender);
            // A local sender is shown by name, others with their post office (6.5).
            out.sender = cp850(world_.people[m.sender].po == po_ ? world_.people[m.sender].name
                                                                 : world_.address_of(m.sender));
            out.subject = cp850(m.subject);
            for (const auto& r : m.recipients) {
                const std::uint8_t role = r.role == Role::to ? 1 : (r.role == Role::cc ? 2 : 3);
                out.recipients.push_back({role, recipient_entry(r), cp850(world_.address_of(r))});
            }
            for (const auto& item : m.items) {
                po::ItemSpec it;
                it.kind = item.kind == ItemKind::text ? 1 : (item.kind == ItemKind::file ? 2 : 5);
                if (item.kind == ItemKind::file) it.file_stamp = dos_time(item.file_time);
                it.title = cp850(item.title);
                it.data = item_bytes(item);
                out.items.push_back(std::move(it));
            }
            result_.spec.messages.push_back(std::move(out));
        }
    }

    void add_mailboxes() {
        // (mailbox number) -> folders, filled from every copy's folder entries in number order.
        std::map<std::uint32_t, std::vector<po::FolderSpec>> boxes;
        const Timestamp& created = world_.post_offices[po_].created;
        const auto folder = [&](std::uint32_t box, std::uint8_t kind,
                                const std::string& name) -> po::FolderSpec& {
            auto& folders = boxes[box];
            const std::string encoded = cp850(name);
            for (auto& f : folders) {
                if (f.name == encoded) return f;
            }
            po::FolderSpec f;
            f.folder_id = static_cast<std::uint16_t>(folders.size() + 1);
            f.kind = kind;
            f.created = dos_time(created);
            f.name = encoded;
            folders.push_back(std::move(f));
            return folders.back();
        };
        // Every mailbox exists with its standard folders, even when empty.
        for (const auto& [p, entry] : person_entries_) {
            const Person& person = world_.people[p];
            if (person.po != po_) continue;
            folder(person.mailbox_number, kInbox, "Inbox");
            folder(person.mailbox_number, kMessageLog, "Message Log");
            folder(person.mailbox_number, kTrash, "Trash");
            for (const auto& name : person.folders)
                folder(person.mailbox_number, kUserFolder, name);
        }
        for (const auto& [b, entry] : board_entries_) {
            folder(world_.boards[b].mailbox_number, kBoardFolder, world_.boards[b].name);
        }
        if (po_ == world_.hub) {
            for (std::size_t other = 0; other < world_.post_offices.size(); ++other) {
                if (other == po_) continue;
                folder(world_.post_offices[other].hub_queue_mailbox, kQueueFolder,
                       world_.post_offices[other].name);
            }
        } else {
            folder(world_.post_offices[po_].uplink_mailbox, kQueueFolder,
                   world_.post_offices[world_.hub].name);
        }
        for (const auto& [number, where] : result_.copies) {
            const PoCopy& copy = world_.messages[where.first].po_copies[where.second];
            for (const auto& e : copy.entries) {
                std::uint32_t box = 0;
                std::uint8_t kind = kUserFolder;
                switch (e.mailbox.kind) {
                    case MailboxKind::user:
                        box = world_.people[e.mailbox.index].mailbox_number;
                        break;
                    case MailboxKind::board:
                        box = world_.boards[e.mailbox.index].mailbox_number;
                        kind = kBoardFolder;
                        break;
                    case MailboxKind::queue:
                        box = world_.post_offices[e.mailbox.index].hub_queue_mailbox;
                        kind = kQueueFolder;
                        break;
                }
                const std::uint8_t flags =
                    static_cast<std::uint8_t>((e.read ? 1 : 0) | (e.sent ? 2 : 0));
                folder(box, kind, e.folder).entries.push_back({number, dos_time(e.filed), flags});
            }
        }
        for (auto& [number, folders] : boxes) {
            result_.spec.mailboxes.push_back({number, std::move(folders)});
        }
    }

    const World& world_;
    std::size_t po_;
    PoSpecResult result_;
    std::uint32_t next_id_ = 1;
    std::map<std::size_t, std::uint32_t> po_entries_;
    std::map<std::size_t, std::uint32_t> person_entries_;
    std::map<std::size_t, std::uint32_t> board_entries_;
    std::map<std::size_t, std::uint32_t> list_entries_;
};

}  // namespace

po::DosDateTime dos_time(const Timestamp& t) {
    return po::pack(t.year, t.month, t.day, t.hour, t.minute, t.second);
}

PoSpecResult make_post_office_spec(const World& world, std::size_t po, std::uint32_t write_serial) {
    return SpecBuilder(world, po, write_serial).build();
}

}  // namespace ccsalvage::generator
#endif
