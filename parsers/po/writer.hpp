#pragma once
// Writing a post office in the canonical layout of docs/formats/post-office.md, section 14.1.
// Used by the generator of damaged post offices and by the repair engine; both give the primary
// data (PostOfficeSpec) and the writer derives everything else: block numbers, chains, indexes,
// chain table, counters, reference counts, item lengths and CRCs, scrambling, checksums.
//
// What it writes is healthy: reading it back gives the same contents and no event at all
// (tests/unit/test_po_roundtrip.cpp). Damage is added afterwards by changing bytes of the
// result (and, where a test needs a valid checksum over a wrong value, seal_block() in
// block.hpp); the writer itself only ever produces a consistent post office, except that
// WriterOptions can let out-of-limit or inconsistent (but well-formed) input through for the
// generator's evidence.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/output_folder.hpp"
#include "parsers/po/dos_time.hpp"

namespace ccsalvage::po {

struct PostOffice;
struct PostOfficeSource;
struct DirectoryEntry;
struct MessageHeader;

// Text fields are raw bytes in the post office code page (not UTF-8), unscrambled.

struct DirectoryEntrySpec {
    std::uint32_t entry_id = 0;         // >= 1, unique
    char type_code = 'L';               // P p L l R r A a G B (6.2)
    std::uint32_t mailbox_number = 0;   // P, L, R, B: 1-99,999, unique; other types: 0
    std::uint32_t po_entry_id = 0;      // l, r, a, p: the P or p entry they are reached through
    std::uint32_t alias_target_id = 0;  // A, a: the entry the alias stands for
    DosDateTime created;
    std::string name;  // at most 126 bytes (limit)
    std::string address;
    std::string comments;
    std::string foreign_alias;
    std::vector<std::uint32_t> members;  // G: entry ids, at most 200
};

struct RecipientSpec {
    std::uint8_t role = 1;       // 1 To, 2 Cc, 3 Bcc
    std::uint32_t entry_id = 0;  // 0 when not in the directory
    std::string address;         // as written: "Admin at HUBPO2"; at most 255 bytes
};

// Item bytes read on demand instead of held in the spec, so that the items of a large post
// office never sit in memory together: repair hands over references into the evidence. The
// writer calls read() once, when it writes the item, and refuses (UsageError) bytes whose
// length or CRC-32 differ from what was promised.
struct ItemSource {
    std::uint32_t length = 0;  // bytes read() returns
    std::uint32_t crc = 0;     // their CRC-32 (section 4.6)
    std::function<std::string()> read;
    // True when read() itself returns only bytes whose CRC-32 it has checked to be `crc` (and
    // throws UsageError otherwise), as a reader that verifies the item on the way does: the
    // writer then does not compute it again. The length is checked either way.
    bool checked = false;
};

struct ItemSpec {
    std::uint8_t kind = 1;   // 1 text, 2 file, 3 fax, 4 graphics, 5 forwarded, 6 OLE (DB8)
    std::uint8_t flags = 0;  // bit 0 RTF text (DB8), bit 1 MacBinary II
    DosDateTime file_stamp;  // file items: the sender's file date; else 0
    std::string title;       // title or file name; at most 255 bytes (forwarded: 30)
    std::string data;        // the item's bytes, unscrambled; may be empty
    std::optional<ItemSource> source;  // when set, the bytes come from here and `data` is unused
};

// The item's length and bytes, whichever way the spec holds them.
std::uint64_t item_length(const ItemSpec& item);
std::string item_data(const ItemSpec& item);

struct MessageSpec {
    std::uint32_t message_number = 0;  // >= 1, unique
    DosDateTime date;
    DosDateTime arrival;
    std::uint16_t flags = 0;  // 6.5: bit 0 receipt requested, ... (reference counts derived)
    std::uint32_t sender_entry_id = 0;
    std::string sender;
    std::string subject;
    std::vector<RecipientSpec> recipients;
    std::vector<ItemSpec> items;  // at most 20
};

struct FolderEntrySpec {
    std::uint32_t message_number = 0;
    DosDateTime filed;
    std::uint8_t flags = 0;  // bit 0 read, bit 1 sent, bit 2 receipt sent
};

struct FolderSpec {
    std::uint16_t folder_id = 1;  // unique in the mailbox, >= 1; Inbox is 1
    std::uint8_t kind = 0;        // 8.2: 0 Inbox, 1 Message Log, 2 Drafts, 3 Trash, 4 user, ...
    DosDateTime created;
    std::string name;                      // at most 47 bytes
    std::vector<FolderEntrySpec> entries;  // filing order
};

struct MailboxSpec {
    std::uint32_t mailbox_number = 0;  // the USRnnnnn number; its owner is the directory entry
                                       // holding that mailbox_number
    std::vector<FolderSpec> folders;   // display order
};

struct PostOfficeSpec {
    std::string name;               // post office name, at most 63 bytes
    std::uint8_t generation = 6;    // 6 (DB6) or 8 (DB8)
    std::uint16_t code_page = 850;  // 437, 850, 932, 936, 949, 950
    std::uint8_t date_order = 0;    // 0 M/D/Y, 1 D/M/Y, 2 Y/M/D
    std::uint32_t po_id = 0;        // non-zero, the same in every file
    DosDateTime created;
    DosDateTime modified;                     // a parameter, so that output is reproducible
    std::uint32_t previous_write_serial = 0;  // the input's serial; the files get this + 1
    std::uint32_t block_size = 0;             // 0: 512 for DB6, 1024 for DB8
    // Counters that cannot be derived from what exists (numbers are never reused): 0 means the
    // highest in use + 1; a lower value is raised to that.
    std::uint32_t next_message_number = 0;
    std::uint32_t next_directory_id = 0;
    std::uint32_t next_mailbox_number = 0;
    std::vector<DirectoryEntrySpec> directory;
    std::vector<MessageSpec> messages;
    std::vector<MailboxSpec> mailboxes;
};

struct WriterOptions {
    // Let values over a documented limit through (section 11; the reader reports PO-048).
    bool allow_out_of_limit = false;
    // Let well-formed but inconsistent contents through: dangling references, a folder entry
    // naming no message, a message filed nowhere, a mailbox without its entry or an entry
    // without its mailbox, folder kinds not fit for the owner, duplicate names. Used by the
    // generator for damage that lives in the contents rather than in the bytes.
    bool allow_inconsistent = false;
    // Free blocks (zeroed, NFT state 00) appended to every file, as a live post office has; the
    // canonical layout of 14.1 has none. The generator puts stale records there.
    std::uint32_t free_blocks = 0;
    // write_post_office: MLANDATA's blocks handed to a thread of their own to be written
    // (core/write_behind.hpp) while this one encodes and hashes the next ones (rescue with
    // --jobs 2 or more). The same bytes either way.
    bool write_behind = false;
};

// The bytes of the three kinds of files, named as a post office folder names them.
struct PostOfficeFiles {
    std::string clandata;
    std::string mlandata;
    std::vector<std::pair<std::string, std::string>> mailboxes;  // {"USR00001", bytes}, by number
};

// Builds the files in memory (every item's bytes included: for tests, the generator's small
// sets and the fuzz target; write_post_office streams instead). Throws UsageError naming the first
// problem when the spec breaks a rule of the model that the options do not relax.
PostOfficeFiles build_post_office(const PostOfficeSpec& spec, const WriterOptions& options = {});

struct WrittenFile {
    std::string relative;  // path in the output folder
    std::uint64_t size = 0;
    std::string sha256;
};

// Builds and writes CLANDATA, MLANDATA and every USRnnnnn under `subfolder` of `out` ("" for
// the folder itself), each atomically. Returns what was written, in that order. MLANDATA is
// streamed to its file block by block, one item in memory at a time (items given by an
// ItemSource are read then); CLANDATA and the mailbox files, which hold no item data, are built
// in memory first.
std::vector<WrittenFile> write_post_office(const OutputFolder& out, std::string_view subfolder,
                                           const PostOfficeSpec& spec,
                                           const WriterOptions& options = {});

// One record of the model in the writer's input form: a directory entry; a message header
// without its items (their data lives in MLANDATA, read separately).
DirectoryEntrySpec directory_entry_spec(const DirectoryEntry& entry);
MessageSpec message_spec_without_items(const MessageHeader& header);
// Identity and the counters that are never lowered, from the CLANDATA header (MLANDATA's when
// CLANDATA has none).
void header_spec_from_model(const PostOffice& post_office, PostOfficeSpec& spec);

// The spec of a post office as read: its reached contents, item data read from MLANDATA
// (whatever could be read, intact or not), counters and identity from the headers. This is how
// repair hands a read post office back to the writer, and how the round-trip test compares.
PostOfficeSpec spec_from_model(const PostOffice& post_office, const PostOfficeSource& source);

}  // namespace ccsalvage::po
