#pragma once
// Reading a post office folder (docs/formats/post-office.md, section 13) into the model of
// model.hpp, with every finding reported to an EventLog under the PO- catalogue (events.hpp).
// Damaged bytes never throw and never crash the reader; every count, length and chain is
// bounded (section 11). Files are read through views: nothing is loaded whole, and item data
// are read on demand, one item at a time (read_message_item).
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/codepage.hpp"
#include "core/event.hpp"
#include "core/evidence.hpp"
#include "core/scratch.hpp"
#include "parsers/po/extent.hpp"
#include "parsers/po/model.hpp"

namespace ccsalvage::po {

// One file of the post office folder. The reader recognises CLANDATA, MLANDATA, USRnnnnn and
// the side files by `name`, case-insensitively (DOS names); `display` is what events quote
// (a path), `name` when empty. `bytes` must stay valid while the model is used with
// read_message_item().
struct SourceFile {
    std::string name;
    std::string display;
    std::string_view bytes;
    // The file `bytes` maps, when the source was opened from files (PostOfficeFolder): the
    // census, the allocation table's chain and the item walk read it with pread instead of
    // touching the mapping (StoreFile::reads). None: views only.
    const EvidenceFile* evidence = nullptr;

    const std::string& shown() const { return display.empty() ? name : display; }
};

// All the files of a post office folder, in any order; this is what the in-memory reader (and
// the fuzz target) takes.
struct PostOfficeSource {
    std::vector<SourceFile> files;
};

// How much of each message record the reader keeps once it has checked it.
enum class MessageDetail {
    full,     // the whole decoded header of every record (repair, the writer, the tests)
    compact,  // per record only what whole-list consumers need (number, dates, flags, counts,
              // place, provenance, item states), about 300 bytes less per record; the
              // header's text, recipients and item table are decoded again on demand
              // (load_message)
};

struct ReadOptions {
    // Code page for text when the CLANDATA header cannot give one (unreadable or unknown value).
    CodePage fallback_code_page = CodePage::cp850;
    // Check every text field against the code page (PO-050). Costs an ICU conversion per field.
    bool check_text_decoding = true;
    // Called with byte ranges of a file (identified by its view, as given in the source) the
    // reader has finished checking, so that a caller holding memory maps can drop those pages
    // (EvidenceFile::release_range) and keep memory flat: today, after each item's extents.
    std::function<void(std::string_view file, std::uint64_t from, std::uint64_t to)> done_with;
    // Every check and event is the same in both; only what the model keeps differs.
    MessageDetail messages = MessageDetail::full;
    // Where the reader keeps its per-block state (the census, the allocation states, the
    // claims: about 7 bytes per block and a header per structural block) instead of the heap,
    // so that its memory does not grow with the post office (core/scratch.hpp). None: the heap.
    // releasing_pages() also takes the space's pages out of the resident set as it goes.
    std::shared_ptr<ScratchSpace> scratch;
};

PostOffice read_post_office(const PostOfficeSource& source, const ReadOptions& options,
                            EventLog& log);

// A post office folder opened as evidence: every regular file mapped read-only through
// EvidenceFile. Throws IoError when the folder or a file cannot be opened; damage inside files
// is the reader's business.
class PostOfficeFolder {
  public:
    static PostOfficeFolder open(const std::filesystem::path& folder);
    const PostOfficeSource& source() const { return source_; }
    const std::vector<EvidenceFile>& evidence() const { return files_; }
    // Drops every mapped page of the folder's files from the resident set (residency only: a
    // page touched again is read again from the page cache, with the same bytes).
    void release_pages() const;

  private:
    std::vector<EvidenceFile> files_;
    PostOfficeSource source_;
};

// `options` with a done_with that drops the folder's mapped pages as the reader finishes with
// them, so that reading a post office does not leave it all resident: each range widened to
// whole pages (extents start and end inside pages, and the pages cut at both ends used to stay,
// about one per item), ranges that touch dropped together (up to 1 MiB; the last range of each
// file waits for the next drop), a whole file at once (each mailbox file is handed back whole
// once walked), and every 1024 ranges all pages of the folder (the walks also read CLANDATA's
// records, which report no ranges). The folder must outlive the options.
ReadOptions releasing_pages(const PostOfficeFolder& folder, ReadOptions options = {});

// The unscrambled data of item `item_index` of a reached (or recovered) message, read from
// MLANDATA with every check of section 7.2 (extent owner, sequence, CRCs, length). The result
// says whether the data is intact; an item whose data cannot be found has no data and a
// `missing` problem. Nothing is reported to a log: the reader already did. With `read`,
// MLANDATA's bytes come from positioned reads instead of its mapping (ExtentSource).
ItemRead read_message_item(const PostOfficeSource& source, const PostOffice& post_office,
                           const MessageRecord& message, std::size_t item_index,
                           const PositionedRead& read = {});

// The record with its whole header: `record` itself when it was read in full, else its
// header decoded again from its blocks with the decoder the reader used (same bytes, same
// bound), so the result equals what MessageDetail::full keeps, but for the items'
// extent_blocks. Reports nothing (the reader did), writes nothing shared: safe to call from
// several threads at once. `source` must be the one the post office was read from. With
// `record_reads` (positioned reads of the record's file, as EvidenceFile::Reader gives them)
// the blocks are read with them rather than through the file's mapping: a pass over every
// message then adds none of the file's cached pages to the resident set.
MessageRecord load_message(const PostOfficeSource& source, const PostOffice& post_office,
                           const MessageRecord& record, const PositionedRead& record_reads = {});

// Recognising file names (exposed for the CLI's folder listing and the tests).
enum class PoFileRole { clandata, mlandata, usr, nfterror_log, ccpodown, side_file, other };
PoFileRole classify_file_name(std::string_view name, std::uint32_t* usr_number = nullptr);

}  // namespace ccsalvage::po
