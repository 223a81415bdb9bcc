#pragma once
// The ledger stage in one call, for `ccsalvage ledger` and for any command that needs the
// ledger (rescue, export): read each post office folder and the connector store, hand every
// copy to a LedgerBuilder, finish. Inputs the operating system refuses are listed and the
// others still read.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/codepage.hpp"
#include "core/event.hpp"
#include "flow/connector_analysis.hpp"
#include "flow/connector_store.hpp"
#include "flow/ledger.hpp"
#include "flow/po_sightings.hpp"

namespace ccsalvage::flow {

struct LedgerInputs {
    std::vector<std::filesystem::path> post_offices;
    std::optional<std::filesystem::path> connector;
    CodePage fallback_code_page = CodePage::cp850;   // post offices whose header cannot say
    CodePage connector_code_page = CodePage::cp850;  // the connector writes the PO's page
};

struct LedgerRun {
    Ledger ledger;
    std::vector<PostOfficeSightings> post_offices;
    std::optional<ConnectorStore> store;
    std::optional<ConnectorAnalysis> connector;
    std::vector<std::string> unreadable;  // "path: reason", for exit code 3
};

LedgerRun build_ledger(const LedgerInputs& inputs, EventLog& log);

}  // namespace ccsalvage::flow
