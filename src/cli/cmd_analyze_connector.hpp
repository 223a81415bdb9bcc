#pragma once
// `ccsalvage analyze --connector DIR [--events LOG...]`: the connector store's queues, stuck
// files, .tmp and .und files, import loops; event log exports tied to them (docs/cli.md).
#include <string>
#include <vector>

namespace ccsalvage::cli {

struct AnalyzeConnectorArgs {
    std::string store;
    std::vector<std::string> events;
    bool json = false;
    std::string code_page = "850";
};

int run_analyze_connector(const AnalyzeConnectorArgs& args);

}  // namespace ccsalvage::cli
