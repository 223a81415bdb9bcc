#pragma once
// What a caller asks export::run for, and what it reports back (docs/export.md).
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "core/codepage.hpp"
#include "core/event.hpp"
#include "core/scratch.hpp"
#include "mime/address_mapping.hpp"
#include "parsers/ccm/reader.hpp"

namespace ccsalvage::exporting {

enum class Format { maildir, mbox, eml, ccm };
std::string_view to_string(Format format);

// safe: every message is made durable on its own (its file and directory fsync'd, then its
// journal record). batch: outputs and journal are fsync'd together every `commit_every`
// messages; a crash between two commits loses at most that batch, which the next run redoes.
// Nothing is ever written without being flushed at some commit point.
enum class FsyncPolicy { safe, batch };

struct ExportRequest {
    std::vector<std::filesystem::path> sources;  // post office folders and .ccm files
    Format format = Format::eml;
    std::filesystem::path out;
    std::string time_zone = "UTC";
    mime::AddressMapping addresses;
    ccm::ReaderOptions reader;                 // for .ccm sources (code page, date order)
    CodePage ccm_code_page = CodePage::cp850;  // target code page of .ccm batches
    std::uint64_t batch_bytes = 0;             // .ccm batches: 0 = no size limit
    std::uint64_t batch_count = 0;             // .ccm batches: 0 = no count limit
    FsyncPolicy fsync = FsyncPolicy::safe;
    std::uint64_t commit_every = 1000;  // messages per commit with FsyncPolicy::batch
    bool export_damaged = false;        // also export quarantined messages, marked
    bool progress = true;               // draw progress on a terminal
    // Threads: 1 does everything on the exporter's thread; N > 1 loads messages (item reads,
    // CRC checks), computes identities and composes MIME on N - 1 more threads while it settles
    // and writes in order. The output is the same bytes for every N.
    unsigned jobs = 1;
    // Bytes of per-record work (identity, manifest fields, where the message's bytes were
    // written) kept for a record's later placements in folder targets, which read those bytes
    // back instead of composing them again (record_cache.hpp); 0 does that work again for
    // every placement. The output is the same bytes for every size.
    std::size_t record_cache_bytes = std::size_t{16} << 20U;
    // With jobs > 1: what the messages prepared ahead of the one being written may be expected
    // to hold (exporter.cpp, the window in flight); one message is always let in, however
    // large. The output is the same bytes for every size.
    std::size_t in_flight_bytes = std::size_t{16} << 20U;
    // The smallest array the post office reader and the exported keys place in the scratch
    // file (core/scratch.hpp); the tests set 0 so that the samples, whose arrays are all small,
    // go there too. The output is the same bytes for every value.
    std::size_t scratch_minimum = ScratchSpace::kDefaultMinimum;
    // The scratch file is used for a post office whose files hold this many bytes or more, and
    // for the exported keys once their table is 1/512 of it (1 MiB, which the table reaches
    // at about 25,000 keys): below, the state is small and the heap is cheaper (a scratch page
    // costs a page-cache page, written back: 10-30 % more CPU time on the 91,777-message set of
    // three 100-140 MiB post offices, docs/performance.md "Session 11"; the keys, read with
    // positioned reads, cost a system call per lookup instead). The tests set 0.
    std::uint64_t scratch_from_bytes = std::uint64_t{512} << 20U;
    // Called after each message was written and before it was committed, with the number
    // written by this run (the crash tests end the process here).
    std::function<void(std::uint64_t)> after_write;
};

struct ExportStatistics {
    std::uint64_t exported = 0;          // written by this run
    std::uint64_t skipped_existing = 0;  // written by an earlier run into the same folder
    std::uint64_t duplicates = 0;        // same identity already exported: recorded, not written
    std::uint64_t quarantined = 0;       // damaged or unreachable: listed with a reason
    std::uint64_t errors = 0;            // inputs or messages that could not be handled
    std::uint64_t warnings = 0;          // messages exported with a warning
    // What an earlier run into the same folder settled (a resumed run; skipped_existing is its
    // exported): the whole export's figures are these plus this run's.
    std::uint64_t earlier_duplicates = 0;
    std::uint64_t earlier_quarantined = 0;
    std::uint64_t earlier_warnings = 0;
    // Placements whose bytes were read back from an earlier placement of the same record
    // instead of being composed again. Not reported: it depends on --record-cache, which
    // changes no output (the tests and the performance notes read it).
    std::uint64_t read_back = 0;
    bool resumed = false;
    bool complete = false;
    std::filesystem::path out;
    // Why the post office reader's per-block state was kept in memory rather than in a scratch
    // file in the output folder (core/scratch.hpp); empty when the scratch file was used.
    std::string scratch_unavailable;
    // Each source that could not be read and why (also in export.json).
    struct SourceError {
        std::string source;
        std::string error;
    };
    std::vector<SourceError> source_errors;
};

// Runs the export. Evidence is only read; the output folder is new, or one an earlier run of
// the same request left (the journal says what is left). Parser findings go to `log`.
// Throws UsageError (bad request, other arguments than the folder's journal) and IoError.
ExportStatistics run(const ExportRequest& request, EventLog& log);

}  // namespace ccsalvage::exporting
