#pragma once
// An exported Application event log read against the connector store: each MSExchangeCCMC or
// MSExchangeMig event explained from the knowledge base (src/kb), failures reported (event 70,
// Export code 3, Q166045; event 59, Import code 1, Q223772; ...), and the files events name
// (event 59's .ccm, event 87's EXPORT\msgXX.ccm) looked up in the store, with the import loop
// they belong to when there is one (docs/formats/event-log.md section 4).
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/event.hpp"
#include "flow/connector_analysis.hpp"
#include "flow/connector_store.hpp"
#include "parsers/evlog/reader.hpp"

namespace ccsalvage {
class EvidenceFile;
}

namespace ccsalvage::flow {

struct EventTie {
    std::uint64_t offset = 0;
    std::uint64_t line = 0;
    long event_id = 0;
    std::string source;
    std::string when;   // date and time as exported
    std::string title;  // the knowledge base's title for the event, if known
    std::optional<int> result_code;
    std::string named_file;                // as the description writes it
    std::vector<std::string> store_files;  // the store's files with that name
    std::string loop;                      // "CCMAIL.UND: 10 attempts" when it is looping
    bool failure = false;
};

struct EventLogAnalysis {
    std::string file;
    evlog::ReadSummary summary;
    std::map<long, std::uint64_t> connector_events;  // id -> count (connector and Migration)
    std::uint64_t failures = 0;
    std::vector<EventTie> ties;  // failures and events naming files, first 10,000
};

// True for event IDs that report a failure (the knowledge base's failure events).
bool is_failure_event(long id);

EventLogAnalysis analyze_event_log(const EvidenceFile& file, const ConnectorStore* store,
                                   const ConnectorAnalysis* analysis, EventLog& log);

}  // namespace ccsalvage::flow
