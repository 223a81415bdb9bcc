#pragma once
// The generator's content model (docs/generator.md, "What it generates"): post offices, people,
// bulletin boards, mailing lists and messages, and where each message lives. The model holds
// descriptions only, never attachment bytes: every item carries the seed its bytes are
// regenerated from (items.hpp), so memory does not grow with the size of what is written.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "timestamp.hpp"

namespace ccsalvage::generator {

enum class PoKind {
    hub,       // the post office the connector serves; routes between the others (Q179072)
    user,      // a post office with local users
    exchange,  // the Exchange site as cc:Mail sees it: a directory entry, no folder written
};

struct PostOffice {
    std::string name;  // "HUBPO2"
    PoKind kind = PoKind::user;
    std::uint32_t po_id = 0;  // non-zero, the same in every file of the post office
    Timestamp created;
    // Numbers below this were used by messages deleted before the snapshot: real post offices
    // never start at 1 and never reuse a number (docs/formats/post-office.md 6.1).
    std::uint32_t first_message_number = 1;
    std::uint32_t next_message_number = 1;  // advanced as messages are placed
    std::uint32_t next_mailbox_number = 1;
    // The hub's mailbox that queues messages for this post office (a P entry's mailbox, F15).
    std::uint32_t hub_queue_mailbox = 0;
    // A user post office's own queue for mail waiting for the hub (its P entry's mailbox).
    std::uint32_t uplink_mailbox = 0;
};

struct Person {
    std::string name;                  // "Müller, Jürgen" (UTF-8, CP850-encodable)
    std::size_t po = 0;                // home post office (the exchange one for Exchange users)
    std::uint32_t mailbox_number = 0;  // in the home post office; 0 for Exchange users
    std::vector<std::string> folders;  // user folders besides Inbox, Message Log and Trash
    bool keeps_message_log = true;     // a copy of each sent message in Message Log
};

struct Board {
    std::string name;  // without '#'
    std::size_t po = 0;
    std::uint32_t mailbox_number = 0;
};

struct MailingList {
    std::string name;
    std::size_t po = 0;
    std::vector<std::size_t> members;  // people
};

enum class Role { to, cc, bcc };
enum class TargetKind { person, board, list };
struct Recipient {
    Role role = Role::to;
    TargetKind kind = TargetKind::person;
    std::size_t index = 0;  // into people, boards or lists
};

enum class ItemKind { text, file, forwarded };
// The fake file formats attachments imitate: each starts with the format's real signature so
// that carving and type detection have something to find.
enum class FileType { none, wk4, doc, pcx, zip, txt, wpd };

struct ItemSpec {
    ItemKind kind = ItemKind::text;
    FileType file_type = FileType::none;
    std::string title;       // text item title (often empty), file name, forwarded title (<= 30)
    Timestamp file_time;     // file items: the sender's file date and time
    std::uint64_t size = 0;  // bytes of data
    std::uint64_t seed = 0;  // the bytes are a function of (kind, file_type, size, seed)
    // Binary data that holds lines looking like keywords ("Message:"), as real attachments do
    // (Q233054): a reader that scans item data for keywords cuts such an item short.
    bool keyword_lookalike = false;
    std::string sha256;  // of the data, computed once when the message is created
};

// Mailboxes a message can be filed in (docs/formats/post-office.md 8.2).
enum class MailboxKind {
    user,   // a local user's mailbox: Inbox, Message Log, Trash, user folders
    board,  // a bulletin board's mailbox: one folder of postings
    queue,  // the hub's queue for another post office (a P entry's mailbox, F15)
};
struct MailboxRef {
    MailboxKind kind = MailboxKind::user;
    std::size_t index = 0;  // person, board, or the post office whose queue it is
};

struct FolderEntry {
    MailboxRef mailbox;
    std::string folder;  // "Inbox", "Message Log", "Trash", a user folder, board or queue name
    bool read = false;
    bool sent = false;  // filed in the sender's Message Log
    Timestamp filed;
};

// One message header record in one post office.
struct PoCopy {
    std::size_t po = 0;
    std::uint32_t message_number = 0;
    Timestamp arrival;
    std::vector<FolderEntry> entries;
    bool duplicate = false;  // the second delivery of a message queued twice (Q184524)
    // Filled when the post office is written (when the writer reports where records went).
    std::string file;  // "HUBPO2/CLANDATA"
    std::optional<std::uint64_t> offset;
};

enum class Flow {
    local,          // between cc:Mail users; never passed the connector
    to_exchange,    // cc:Mail user -> Exchange recipients, through EXPORT
    from_exchange,  // Exchange sender -> cc:Mail users, through IMPORT
};

// Where a message stands in the connector's working store (docs/generator.md, "Connector").
enum class ConnectorState {
    none,
    queued,          // waiting in the hub's queue for the Exchange post office
    exported,        // exported and converted: only the Export.bak copy is left
    export_waiting,  // exported, not converted yet: Export and Export.bak
    bad,             // conversion failed: Bad and Export.bak
    submitted,       // converted from Exchange, waiting in Submit
    importing,       // handed to IMPORT: Import and Import.bak
    imported,        // delivered: Import.bak copy plus the post office copies
    looping,         // IMPORT fails on it again and again: Import, Import.bak, .und (Q223772)
};

// What became of a message; the totals in the ground truth add up over these.
enum class Status {
    delivered,      // in the post office(s) of its cc:Mail recipients
    exported,       // handed to Exchange (the Export.bak copy is the connector's trace)
    pending,        // waiting: hub queue, Submit, Import, Export
    bad,            // moved to Bad by the connector
    undeliverable,  // an import loop: the .ccm stuck in Import, NDRs in the .und file
    lost,           // gone without trace from the post office (Q157684); a connector copy exists
};

struct CcmCopy {
    std::string file;  // relative to the output root: "Ccmcdata/Export.bak/MSG4A27.CCM"
    std::uint64_t offset = 0;
    std::uint64_t length = 0;
    bool complete = true;  // false when damage cut or overwrote part of the copy
};

struct UndCopy {
    std::string file;
    std::uint64_t offset = 0;
    std::uint64_t length = 0;
    unsigned attempt = 0;  // 1, 2, ...: one entry per failed import attempt
};

struct MessageSpec {
    std::uint64_t id = 0;  // 1-based, in creation order; the ground truth's key
    Flow flow = Flow::local;
    std::size_t sender = 0;  // person
    std::vector<Recipient> recipients;
    std::string subject;
    Timestamp date;
    bool receipt_requested = false;
    int priority = 0;  // 0 normal, 1 urgent, 2 low
    std::vector<ItemSpec> items;

    ConnectorState connector = ConnectorState::none;
    // Messages EXPORT wrote in one run share a file; 0 = not exported.
    std::uint64_t export_batch = 0;
    Status status = Status::delivered;
    std::vector<PoCopy> po_copies;
    std::vector<CcmCopy> ccm_copies;
    std::vector<UndCopy> und_copies;
    std::vector<std::size_t> damage;  // indexes into World::damage
    std::uint64_t total_item_bytes() const;
};

struct World {
    std::vector<PostOffice> post_offices;  // hub first, then user post offices, then exchange
    std::size_t hub = 0;
    std::size_t exchange = 0;
    std::vector<Person> people;
    std::vector<Board> boards;
    std::vector<MailingList> lists;
    std::vector<MessageSpec> messages;
    Timestamp snapshot;  // when the "copy" of the system was taken: after the last message

    // "Müller, Jürgen at SALES1", "#News at HUBPO2": addresses as export files write them.
    std::string address_of(std::size_t person) const;
    std::string address_of(const Recipient& recipient) const;
    // The people a recipient reaches (a list expands to its members; a board reaches nobody).
    std::vector<std::size_t> people_reached(const Recipient& recipient) const;
    bool is_exchange(std::size_t person) const { return people[person].po == exchange; }
};

std::string_view to_string(Flow flow);
std::string_view to_string(ConnectorState state);
std::string_view to_string(Status status);
std::string_view to_string(ItemKind kind);
std::string_view to_string(FileType type);
std::string_view to_string(Role role);
std::string_view to_string(MailboxKind kind);
std::string_view to_string(PoKind kind);

}  // namespace ccsalvage::generator
