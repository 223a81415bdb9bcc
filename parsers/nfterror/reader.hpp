#pragma once
// Reader for NFTERROR.LOG, the log IMPORT writes into the post office folder when it meets a
// damaged CLANDATA (Q179072). The line format is ccsalvage's model (docs/formats/nfterror.md);
// the reader is tolerant: every non-blank line becomes a Record, lines outside the model are
// kept verbatim and reported, and nothing the log holds stops the reader.
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "core/codepage.hpp"
#include "core/event.hpp"
#include "parsers/nfterror/record.hpp"

namespace ccsalvage {
class EvidenceFile;
}

namespace ccsalvage::nfterror {

struct ReaderOptions {
    // The model's lines are ASCII; other bytes in the text are decoded from this page.
    CodePage code_page = CodePage::cp850;
    // A line longer than this keeps only its first bytes (NFT-007): a log that lost its line
    // ends, or a binary file read as a log, must not become one huge record.
    std::size_t max_line_bytes = 4096;
    // Called now and then with the offset reached, for progress displays.
    std::function<void(std::uint64_t)> on_progress;
};

struct ReadSummary {
    std::uint64_t bytes = 0;
    std::uint64_t lines = 0;           // every line, blank ones included
    std::uint64_t records = 0;         // lines handed to the handler (all non-blank lines)
    std::uint64_t parsed = 0;          // records that fit the grammar
    std::uint64_t unparsed = 0;        // records kept verbatim (NFT-001)
    std::uint64_t blank_lines = 0;     // skipped (NFT-009)
    std::uint64_t lf_lines = 0;        // lines ending in LF alone (NFT-008)
    std::optional<DateTime> earliest;  // among records with a valid date and time
    std::optional<DateTime> latest;
    std::map<std::string, std::uint64_t> codes;  // parsed records per fault code
};

// Records hold a view (raw) into the input: valid while the input is.
using RecordHandler = std::function<void(const Record&)>;

// Reads every line of an NFTERROR.LOG in one pass, handing each non-blank line to `on_record`
// as soon as it is read. Findings go to `log`, tied to `file_name` and byte offsets.
ReadSummary read_nfterror(std::string_view bytes, std::string_view file_name, EventLog& log,
                          const RecordHandler& on_record);
ReadSummary read_nfterror(std::string_view bytes, std::string_view file_name,
                          const ReaderOptions& options, EventLog& log,
                          const RecordHandler& on_record);

// The same over a mapped evidence file; pages already read are released as the reader goes.
ReadSummary read_nfterror(const EvidenceFile& file, EventLog& log, const RecordHandler& on_record);
ReadSummary read_nfterror(const EvidenceFile& file, const ReaderOptions& options, EventLog& log,
                          const RecordHandler& on_record);

}  // namespace ccsalvage::nfterror
