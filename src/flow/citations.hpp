#pragma once
// What the knowledge base (src/kb, data/knowledge-base.json) says about a finding: the KB
// articles, connector event IDs and Import/Export result codes a CONN- event or a ledger state
// rests on. Reports look the numbers up with kb::find_event / kb::find_code for their text.
#include <string>
#include <string_view>
#include <vector>

#include "flow/ledger.hpp"

namespace ccsalvage::flow {

struct Citation {
    std::vector<std::string> kb;  // "Q223772", ...
    std::vector<long> events;     // MSExchangeCCMC event IDs
    std::vector<long> codes;      // Import/Export result codes
};

// For a CONN- event id; empty for ids without a public source.
Citation cite_event_code(std::string_view id);
// For a ledger line (undeliverable lines cite the result code their entries carry).
Citation cite_line(const LedgerLine& line);

}  // namespace ccsalvage::flow
