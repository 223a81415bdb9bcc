#pragma once
// Reads an Application event log exported from Event Viewer as text (tab delimited) or CSV,
// one record at a time (docs/formats/event-log.md). Damage never stops it: lines that are not
// records, missing fields and unclosed quotes become EVL- events with their offset.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string_view>

#include "core/event.hpp"
#include "parsers/evlog/record.hpp"

namespace ccsalvage {
class EvidenceFile;
}

namespace ccsalvage::evlog {

struct ReaderOptions {
    std::size_t max_record_bytes = 1 << 20;  // a description runs to a few KB at most
};

struct ReadSummary {
    Layout layout = Layout::tab;
    std::uint64_t records = 0;
    std::uint64_t connector_records = 0;
    std::uint64_t migration_records = 0;
    std::uint64_t skipped_lines = 0;
    bool utf16 = false;
};

using RecordHandler = std::function<void(const Record&)>;

ReadSummary read_event_log(std::string_view bytes, std::string_view file_name,
                           const ReaderOptions& options, EventLog& log,
                           const RecordHandler& on_record);
ReadSummary read_event_log(const EvidenceFile& file, const ReaderOptions& options, EventLog& log,
                           const RecordHandler& on_record);

// "Lotus cc:Mail EXPORT to file msg4987.ccm returned result code 3." -> files {"msg4987.ccm"},
// result code 3. Exposed for the tests.
void read_description(Record& record);

}  // namespace ccsalvage::evlog
