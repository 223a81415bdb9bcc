#pragma once
// One writer per target format behind one interface. The exporter hands messages in a
// deterministic order; a writer puts them somewhere and makes them durable on commit().
// The idempotency key of each message lets a writer that cannot be cut back (an IMAP server)
// find what an interrupted run already stored: an IMAP writer is one more implementation
// (begin_folder = SELECT/CREATE, write_message = APPEND with the key in a header, commit = a
// no-op after the server's OK, resume = SEARCH HEADER for keys after the last commit).
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/codepage.hpp"
#include "core/output_folder.hpp"
#include "export/request.hpp"
#include "parsers/ccm/message.hpp"

namespace ccsalvage::exporting {

// Where a message belongs on the source side (original names, UTF-8).
struct Destination {
    std::string source_label;  // post office name, or the .ccm file name
    std::string post_office;   // "" for .ccm sources
    std::string mailbox;       // the user whose folder holds it ("" when none)
    std::uint32_t mailbox_number = 0;
    std::string folder;  // cc:Mail folder name ("Inbox", ...)
    std::uint32_t folder_id = 0;
};

struct OutgoingMessage {
    std::uint64_t sequence = 0;  // position in the run's deterministic order
    std::string key;             // idempotency key (identity, plus the folder for folder targets)
    std::string identity;        // flow::message_identity
    std::uint64_t number = 0;    // record number (post office) or index (.ccm file)
    const ccm::Message* message = nullptr;
    CodePage code_page = CodePage::cp850;  // of the message's text item bytes
    const std::string* mime = nullptr;     // composed RFC 5322 bytes, CR LF (if wants_mime)
    // frame() of this message when it was made beforehand; null: a framing writer frames the
    // message itself as it writes it (the same bytes).
    const std::string* framed = nullptr;
    bool read = false;
    std::optional<std::int64_t> utc_seconds;  // the message date, when known
    std::string sender;                       // mapped addr-spec of the sender, "" when none
};

struct WriteOutcome {
    std::string target;                // relative path of the file that holds the message
    std::string sha256;                // of that file, for one-file-per-message targets
    std::uint64_t begin = 0;           // where the message starts in an appended file
    std::optional<std::uint64_t> end;  // length of an appended file after this message
};

// Reads the bytes of a message the writer stored earlier in the run (Writer::read_back).
using ReadBack = std::function<std::string()>;

// What the journal says an earlier run made durable in one appended file.
struct Committed {
    std::uint64_t length = 0;
    std::uint64_t messages = 0;
};

class Writer {
  public:
    virtual ~Writer() = default;
    // Called with what must run just before the writer hands output to the operating system
    // (the exporter writes the journal's pending `planned` records there): a writer that
    // writes each message at once calls it in write_message, one that holds output in a
    // buffer calls it when it flushes the buffer.
    virtual void set_before_output(std::function<void()> hook) = 0;
    // Whether write_message needs the composed MIME bytes.
    virtual bool wants_mime() const = 0;
    // The bytes the writer stores for a message, when they depend on the message alone (its
    // sender, date and MIME), so that they can be made on any thread ahead of write_message and
    // kept for the message's other placements: mbox's From line and mboxrd quoting. Called
    // from worker threads: reads nothing the writer changes. frames() false: none.
    virtual bool frames() const { return false; }
    virtual std::string frame(std::string_view sender, std::optional<std::int64_t> utc_seconds,
                              std::string_view mime) const {
        (void)sender;
        (void)utc_seconds;
        (void)mime;
        return {};
    }
    // Whether duplicates are counted per destination folder (Maildir, mbox: every user keeps
    // their copy) or over the whole run (eml, .ccm: one file per message).
    virtual bool per_folder() const = 0;
    // A resumed run: the committed length of every appended file (the last the journal holds).
    virtual void resume(const std::map<std::string, Committed>& committed) = 0;
    virtual void begin_folder(const Destination& destination) = 0;
    virtual WriteOutcome write_message(const OutgoingMessage& message) = 0;
    // The bytes an earlier write_message of this run stored, named by its outcome (the
    // target, and in an appended file the range begin..end). A record placed in several
    // folders is the same bytes in each (they depend on the message alone), so its later
    // placements copy them instead of loading and composing it again. The writer makes sure
    // those bytes are in the file (a buffered tail goes out first); the function it returns
    // reads them, on any thread, until finish(). Empty: the writer cannot read back.
    virtual ReadBack read_back(const WriteOutcome& stored) {
        (void)stored;
        return {};
    }
    // Says that read_back(stored) comes soon, so that a writer whose output was written long
    // ago can have it read from the disk meanwhile. A hint: may do nothing.
    virtual void prefetch(const WriteOutcome& stored) { (void)stored; }
    // Everything written since the last commit reaches stable storage.
    virtual void commit() = 0;
    // The run is over: appended files, whose hashes are known only now, with their SHA-256.
    virtual std::vector<std::pair<std::string, std::string>> finish() = 0;
};

std::unique_ptr<Writer> make_writer(const ExportRequest& request, const OutputFolder& folder);

}  // namespace ccsalvage::exporting
