#pragma once
// Import/Export result codes and connector event IDs, with meaning, causes, remedy and the KB
// articles behind them (data/knowledge-base.json). Findings and reports cite these entries.
#include <string>
#include <string_view>
#include <vector>

namespace ccsalvage::kb {

struct Entry {
    std::string kind;  // "code" (Import/Export result code) or "event"
    long id = 0;
    std::string source;  // events: "MSExchangeCCMC" or "MSExchangeMig"; codes: the program(s)
    std::string title;
    std::string status;  // documented, inferred or unknown
    std::string meaning;
    std::vector<std::string> causes;
    std::vector<std::string> remedy;
    std::vector<std::string> kb;            // "Q166045", ...
    std::vector<long> related;              // events of a code, codes of an event
    std::string causes_from;                // "code 1": causes and remedy taken from that entry
    std::vector<std::string> remedy_extra;  // only while loading
};

// The built-in knowledge base, parsed once.
const std::vector<Entry>& entries();

const Entry* find_code(long code);
// Connector events first; Migration Wizard events when no connector event has the id.
const Entry* find_event(long id);

}  // namespace ccsalvage::kb
