#pragma once
// The ledger (Q157684): every message seen anywhere, in the post offices or the connector
// store, on exactly one line with exactly one state, every copy listed under its line, and
// totals that the ledger checks itself. Nothing disappears without a line that says so.
//
// Sightings (one per copy: a post office record, a USR folder entry, a .ccm message in a
// queue or .bak folder, a .und entry) are added as they are read; the ledger keeps their
// place and their content identity (flow::message_identity), never item bytes. finish()
// groups them into lines, decides duplicates (duplicates.hpp) and gives each line its state.
// Design and state set: docs/ledger.md.
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/text_pool.hpp"
#include "flow/chunked_list.hpp"
#include "flow/connector_store.hpp"

namespace ccsalvage::flow {

enum class CopyKind : std::uint8_t {
    po_record,     // a header record the post office reaches (index, chains)
    po_recovered,  // a header record only the census found (lost or stale)
    folder_entry,  // a USR folder entry naming the message by number
    ccm,           // a message in a .ccm file of a connector queue or .bak folder
    und_entry,     // an entry of a .und file: one failed Import attempt
};
std::string_view to_string(CopyKind kind);

// One place a message was seen, as a reader describes it (strings of its own).
struct SeenCopy {
    CopyKind kind = CopyKind::po_record;
    std::string file;  // as events quote it
    std::uint64_t offset = 0;
    std::uint64_t length = 0;          // bytes of the copy, when known (.ccm, .und)
    std::string place;                 // post office name, or the queue ("Import.bak")
    std::uint32_t message_number = 0;  // post office records and folder entries
    bool complete = true;              // false: cut or damaged (items missing, file ended)
    std::string note;                  // "Inbox of USR00003", "attempt 3: Unknown Date Format"
    // Folder entries: the folder is a queue to another post office (kind 6).
    bool in_post_office_queue = false;
    // .ccm copies: which queue; .und entries: Import's reason and result code.
    Queue queue = Queue::root;
    std::string reason;
    std::optional<int> result_code;
};

// What was seen: a copy plus what identifies its content. Handed to LedgerBuilder::add, which
// keeps what the ledger needs of it.
struct Sighting {
    SeenCopy copy;
    std::string identity;             // message_identity(); empty for folder entries
    std::string header_identity;      // header_identity(): ties an incomplete copy to its message
    std::string subject, from, date;  // for people reading the ledger (UTF-8)
};

// One copy as the ledger lists it. Its text is viewed in the ledger's TextPool (Ledger::text),
// valid as long as the ledger (or a copy of it) lives: a ledger lists every copy of every
// message, and as strings of their own these fields were most of its memory.
struct Copy {
    PooledText file;  // as events quote it
    PooledText place;
    PooledText note;
    PooledText reason;
    std::uint64_t offset = 0;
    std::uint64_t length = 0;
    std::uint32_t message_number = 0;
    std::optional<int> result_code;
    CopyKind kind = CopyKind::po_record;
    Queue queue = Queue::root;
    bool complete = true;
    bool duplicate = false;  // set by finish(): this copy belongs to a second delivery
    bool in_post_office_queue = false;
};

enum class LedgerState {
    in_post_office,            // a post office reaches a whole record of it
    recovered,                 // only records the post office no longer reaches (census)
    duplicate,                 // a second delivery of another line (duplicate_of)
    undeliverable,             // Import rejected it (.und entries); reason and attempts
    stuck_in_queue,            // waiting in Submit, Import, Export, Bad or a post office queue
    missing_from_post_office,  // seen only in connector copies (.bak): the post office lost it
    quarantined,               // only incomplete copies: cut or damaged, no whole one
    record_missing,            // only USR folder entries name it; no record anywhere
};
std::string_view to_string(LedgerState state);
inline constexpr std::size_t kLedgerStates = 8;

// Its text is viewed in the ledger's TextPool, as the copies' is.
struct LedgerLine {
    std::uint64_t id = 0;  // 1-based, stable for one set of inputs
    LedgerState state = LedgerState::in_post_office;
    PooledText identity;  // empty for record_missing
    PooledText subject, from, date;
    PooledText reason;  // undeliverable: Import's reason; stuck: the queue; quarantined: why
    std::uint64_t attempts = 0;                 // undeliverable: .und entries
    std::optional<std::uint64_t> duplicate_of;  // duplicate: the line it repeats
    ChunkedRange<Copy> copies;                  // in the ledger's list of copies
};

// A duplicate decision, for exporters (export the original once, record the duplicate) and
// reports: which copy repeats which.
struct DuplicateDecision {
    std::uint64_t line = 0;      // the duplicate line
    std::uint64_t original = 0;  // the line it duplicates
    Copy copy;                   // a copy of the second delivery
    Copy original_copy;          // the copy of the first delivery in the same place
    PooledText place;            // post office or "connector inbound queues"
};

struct LedgerTotals {
    std::uint64_t lines = 0;
    std::uint64_t messages = 0;  // lines that are not duplicates
    std::map<std::string, std::uint64_t> by_state;
    std::map<std::string, std::uint64_t> copies_by_kind;
    std::uint64_t sightings = 0;  // copies added
    std::uint64_t copies_listed = 0;
    std::uint64_t duplicate_copies = 0;
    std::uint64_t incomplete_copies = 0;
};

struct Ledger {
    // What the lines', copies' and decisions' views point into; shared by copies of the ledger.
    std::shared_ptr<const TextPool> text;
    // Every copy, line after line: what each line's `copies` views.
    std::shared_ptr<const ChunkedList<Copy>> copies;
    std::vector<LedgerLine> lines;
    std::vector<DuplicateDecision> duplicates;
    LedgerTotals totals;

    // Every rule the ledger promises, checked: states sum to lines, every sighting listed
    // once, duplicates point at lines that are not duplicates, no line without copies. Empty
    // when all hold; otherwise one sentence per broken rule.
    std::vector<std::string> check() const;

    const LedgerLine* line(std::uint64_t id) const;
    // The line holding the copy at file/offset (file compared by suffix, as paths are given
    // differently), or nullptr.
    const LedgerLine* find_copy(std::string_view file, std::uint64_t offset) const;
};

class LedgerBuilder {
  public:
    LedgerBuilder();
    void add(const Sighting& sighting);
    std::uint64_t added() const { return copies_->size(); }
    Ledger finish();

  private:
    // What identifies a copy's content and what people read of it, text in the pool. Folder
    // entries have none: they are kept without one.
    struct Described {
        PooledText identity, header_identity, subject, from, date;
    };
    static constexpr std::uint32_t kUndescribed = 0xFFFFFFFFu;

    std::shared_ptr<TextPool> text_;
    // The copies in the order they were added; finish() puts them in line order where they
    // lie and hands the list to the ledger. Neither a vector (its doubling held 88 MiB of 192
    // MiB of heap at a 1 GiB post office) nor a deque (its small nodes left rescue's later
    // stages 13 MiB larger): chunks.
    std::shared_ptr<ChunkedList<Copy>> copies_;
    ChunkedList<std::uint32_t> described_at_;  // per copy: its description, or kUndescribed
    ChunkedList<Described> described_;
};

}  // namespace ccsalvage::flow
