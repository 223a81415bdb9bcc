#pragma once
// `ccsalvage analyze --connector DIR [--events LOG...]`: the connector store's queues, stuck
// files, .tmp and .und files, import loops; event log exports tied to them (docs/cli.md).
#include <string>
#include <vector>

#include "core/event.hpp"
#include "flow/connector_analysis.hpp"
#include "flow/event_ties.hpp"

namespace ccsalvage::cli {

struct AnalyzeConnectorArgs {
    std::string store;
    std::vector<std::string> events;
    bool json = false;
    std::string code_page = "850";
};

int run_analyze_connector(const AnalyzeConnectorArgs& args);

// Reads each exported event log against the store (either may be null); a log the operating
// system refuses is reported, sets `io_failed` and is skipped.
std::vector<flow::EventLogAnalysis> read_event_logs(const std::vector<std::string>& paths,
                                                    const flow::ConnectorStore* store,
                                                    const flow::ConnectorAnalysis* analysis,
                                                    EventLog& log, bool& io_failed);

}  // namespace ccsalvage::cli
