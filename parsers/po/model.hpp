#pragma once
// The post office as the reader hands it over (docs/formats/post-office.md, section 13): header
// values, directory entries, messages and mailboxes, each with where it was found. As in libpff,
// what the walks from the roots reached (the post office's contents) and what only the census
// found (recovered: lost or stale records) are separate lists; nothing recovered is mixed into
// the contents. Damage is never in here as an exception: it is in the EventLog.
#include <cstdint>
#include <memory>
#include <memory_resource>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/scratch.hpp"
#include "parsers/po/structures.hpp"

namespace ccsalvage::po {

enum class Provenance {
    reached,  // reached by a walk from the file header (index, chains, folder table)
    lost,     // found by the census in a block the allocation table marks in use
    stale,    // found by the census in a free block: a deleted or superseded record
};

// The lists a record owns (its blocks, its item states, a folder's entries) are std::pmr
// vectors: the reader makes them in the post office's record pool (PostOffice::record_pool, in
// its scratch space when it has one), so that they cost no heap allocation each and leave the
// resident set with the scratch pages. A copy of a record is made on the heap (the standard
// polymorphic allocator does not follow a copy), so it outlives the post office; a record moved
// out keeps its pool's memory and must not outlive the PostOffice.
using BlockList = std::pmr::vector<std::uint32_t>;

// Where a record's bytes are: its blocks in chain order, and what the block layer thought.
struct RecordPlace {
    RecordPlace() = default;
    explicit RecordPlace(std::pmr::memory_resource* pool) : blocks(pool) {}

    BlockList blocks;                // head first; empty when the head was unreadable
    std::uint32_t write_serial = 0;  // of the head block
    bool readable = false;           // the head was a valid block of the expected kind
    bool intact = false;             // every block's CRC matched
    bool complete = false;           // the chain ended where its last block said
    bool malformed = false;          // the payload did not parse exactly (PO-016)

    std::uint32_t head() const { return blocks.empty() ? 0 : blocks.front(); }
};

struct DirectoryRecord {
    DirectoryRecord() = default;
    explicit DirectoryRecord(std::pmr::memory_resource* pool) : place(pool) {}

    DirectoryEntry entry;
    RecordPlace place;
    Provenance provenance = Provenance::reached;
    bool indexed = false;  // reached through the directory index
    bool chained = false;  // reached through its type chain
};

// What the reader found when it reassembled an item's data (the data itself is read on demand:
// read_message_item()).
struct ItemState {
    bool present = false;  // the first extent was found (else PO-028)
    bool intact = false;   // complete, right length, every CRC matched (else PO-029)
    std::vector<std::uint32_t> extent_blocks;  // head block of each extent, in order
};

struct MessageRecord {
    MessageRecord() = default;
    explicit MessageRecord(std::pmr::memory_resource* pool) : place(pool), items(pool) {}

    MessageHeader header;  // message_number is known even when the record is unreadable
    RecordPlace place;
    Provenance provenance = Provenance::reached;
    std::pmr::vector<ItemState> items;  // parallel to header.items (reached messages only)
    // Read with MessageDetail::compact: the header's sender, subject, recipients and item table
    // were dropped once checked (its numbers, dates, flags and counts stay), and the items keep
    // no extent_blocks. load_message() decodes the header again from its blocks.
    bool compact = false;
    FileKind file = FileKind::clandata;  // where the blocks are (recovered: CLANDATA or MLANDATA)
    std::uint32_t payload_bytes = 0;     // the record's payload as read (bounded, 11)
};

// The message lists: their elements (about 220 bytes each) in the reader's scratch space when
// it has one (ReadOptions::scratch), else on the heap.
using MessageList = std::vector<MessageRecord, ScratchAllocator<MessageRecord>>;
// Records a loop over a message list in a scratch space passes between two releases of its
// pages (ScratchSpace::passed): about 220 KB.
inline constexpr std::uint64_t kMessagesPerRelease = 1024;

struct Folder {
    Folder() = default;
    explicit Folder(std::pmr::memory_resource* pool) : entries(pool), list(pool) {}

    FolderDescriptor descriptor;
    std::pmr::vector<FolderEntry> entries;
    RecordPlace list;  // the L record (no blocks for an empty folder)
};

struct Mailbox {
    Mailbox() = default;
    explicit Mailbox(std::pmr::memory_resource* pool) : table(pool) {}

    std::string file;               // the display name of the USR file
    std::uint32_t file_number = 0;  // nnnnn of USRnnnnn
    bool header_readable = false;
    UsrHeader header;
    RecordPlace table;  // the T record
    std::vector<Folder> folders;
};

// An extent head no item table reached (PO-030) or found in free space.
struct RecoveredExtent {
    std::uint32_t block = 0;
    ExtentHeader header;
    Provenance provenance = Provenance::lost;
};

enum class HeaderSource {
    block0,  // block 0 was readable
    copy,    // block 0 was not; the copy in block 1 was used (PO-004)
    voted,   // neither; the block size was found by voting (13.2) and no header values are known
    none,    // nothing usable: the file is not read by this model
};

struct FileInfo {
    std::string name;              // display name, as in events
    std::size_t source_index = 0;  // position in PostOfficeSource::files
    FileKind kind = FileKind::clandata;
    std::uint64_t size = 0;
    HeaderSource header_source = HeaderSource::none;
    std::uint32_t block_size = 0;
    std::uint32_t total_blocks = 0;  // from the header (or the blocks present when voted)
    bool belongs = true;             // false: another post office's file (PO-007), not read
};

struct PostOffice {
    PostOffice() = default;
    PostOffice(PostOffice&&) = default;
    PostOffice& operator=(PostOffice&&) = default;
    PostOffice(const PostOffice&) = default;
    PostOffice& operator=(const PostOffice&) = default;
    // Destroys the message lists from their ends with the scratch pages released every
    // kMessagesPerRelease records: destroying a record reads it, so a plain destructor made
    // the whole list resident at the end of a run (33 MiB at 153,000 messages, the 4 GiB
    // export's peak).
    ~PostOffice();

    // Where the reader made the records' own lists (the model's types above). First, so that
    // it goes last.
    std::shared_ptr<std::pmr::memory_resource> record_pool;

    std::vector<FileInfo> files;  // CLANDATA, MLANDATA, then USR files by number
    std::optional<ClandataHeader> clandata;
    std::optional<MlandataHeader> mlandata;

    // The contents: reached by the walks.
    std::vector<DirectoryRecord> directory;  // index order, then entries only a chain reached
    MessageList messages;                    // message index order
    std::vector<Mailbox> mailboxes;          // by mailbox file number

    // Recovered by the census: lost (in use, unreachable) and stale (free) records.
    std::vector<DirectoryRecord> recovered_directory;
    MessageList recovered_messages;
    std::vector<RecoveredExtent> recovered_extents;

    std::vector<std::string> side_files;    // NFTERROR.LOG, CCPODOWN, CCPOMBOX.*, ... (names)
    std::vector<std::string> unrecognised;  // other files of the folder

    // By message number / directory entry id; the first one in list order when several share
    // it. Binary searches in the lookups read_post_office() builds (index_lookups()): the export
    // calls find_message once per folder entry, so a scan made it quadratic. Only the reader
    // fills the lists; code that changes them afterwards must call index_lookups() again (a list
    // whose length no longer matches its lookup is scanned instead).
    const MessageRecord* find_message(std::uint32_t number) const;
    // The record at `position` of the two message lists taken as one: messages, then recovered
    // messages (the export's record positions).
    const MessageRecord& record_at(std::size_t position) const {
        return position < messages.size() ? messages[position]
                                          : recovered_messages[position - messages.size()];
    }
    const DirectoryRecord* find_entry(std::uint32_t entry_id) const;
    void index_lookups();
    const FileInfo* file(FileKind kind) const;  // the CLANDATA or MLANDATA file, if read

    // (number or id, position in the list), sorted: 8 bytes per record, in the message list's
    // scratch space when it has one (a lookup is a few binary-search pages faulted back after
    // each release; on the heap, every record's 8 bytes stayed resident for the whole export).
    using Lookup = std::vector<std::pair<std::uint32_t, std::uint32_t>,
                               ScratchAllocator<std::pair<std::uint32_t, std::uint32_t>>>;
    Lookup message_lookup;
    Lookup entry_lookup;
};

}  // namespace ccsalvage::po
