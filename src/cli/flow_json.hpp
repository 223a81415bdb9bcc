#pragma once
// JSON and text forms of the message-flow results (src/flow): connector store analysis, the
// ledger, duplicate decisions, and their knowledge-base citations (src/kb).
#include <nlohmann/json.hpp>

#include "core/event.hpp"
#include "flow/citations.hpp"
#include "flow/connector_analysis.hpp"
#include "flow/event_ties.hpp"
#include "flow/ledger.hpp"

namespace ccsalvage::cli {

// KB articles plus each cited event and result code with its knowledge-base title.
nlohmann::json citation_json(const flow::Citation& citation);
nlohmann::json copy_json(const flow::Copy& copy);
nlohmann::json line_json(const flow::LedgerLine& line);
nlohmann::json duplicate_json(const flow::DuplicateDecision& decision);
nlohmann::json totals_json(const flow::LedgerTotals& totals);
nlohmann::json connector_json(const flow::ConnectorStore& store,
                              const flow::ConnectorAnalysis& analysis);
nlohmann::json event_log_json(const flow::EventLogAnalysis& analysis);
void print_event_log_text(const flow::EventLogAnalysis& analysis);
// Events in file order, each with its catalogue title and, for CONN- ids, its citation.
nlohmann::json events_json(const EventLog& log);
// "Q223772; event 59 (Import returned code 1); code 1 (...)": one line for text output.
std::string citation_text(const flow::Citation& citation);

}  // namespace ccsalvage::cli
