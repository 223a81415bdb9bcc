#pragma once
// One event of an Application log exported from Event Viewer as text or CSV
// (docs/formats/event-log.md): the nine columns Event Viewer writes, in its order, plus what
// ccsalvage reads out of the description.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ccsalvage::evlog {

enum class Layout {
    tab,         // "Text file (tab delimited)": Date, Time, Source, Type, Category, Event, User,
                 // Computer, Description
    csv,         // "Comma delimited text": the same columns
    csv_header,  // a CSV whose first row names the columns (later Event Viewers) [G]
    tab_header,  // the same, tab delimited [G]
};

struct Record {
    std::uint64_t line = 0;    // 1-based line of the record's first line
    std::uint64_t offset = 0;  // byte offset of that line (of the UTF-8 text, see EVL-010)
    std::string date, time;    // as written (the exporting machine's locale)
    std::string source;        // "MSExchangeCCMC", "MSExchangeMig", ...
    std::string type;          // "Error", "Warning", "Information", ...
    std::string category;
    std::optional<long> event_id;
    std::string user, computer;
    std::string description;  // line breaks inside it kept as "\n"

    // From the description: Import/Export file names it mentions ("msg4987.ccm",
    // "EXPORT\\MSG4A27.CCM", "CCMDIR.EXP"), as written, and "result code N".
    std::vector<std::string> files;
    std::optional<int> result_code;

    bool from_connector() const;  // source MSExchangeCCMC (any case)
    bool from_migration() const;  // source MSExchangeMig
};

}  // namespace ccsalvage::evlog
