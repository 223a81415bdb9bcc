#include "cli/cmd_analyze_connector.hpp"

#include <fmt/format.h>

#include <map>
#include <nlohmann/json.hpp>

#include "cli/flow_json.hpp"
#include "cli/output.hpp"
#include "core/errors.hpp"
#include "core/exit_codes.hpp"
#include "flow/connector_analysis.hpp"
#include "flow/event_ties.hpp"

namespace ccsalvage::cli {

std::vector<flow::EventLogAnalysis> read_event_logs(const std::vector<std::string>& paths,
                                                    const flow::ConnectorStore* store,
                                                    const flow::ConnectorAnalysis* analysis,
                                                    EventLog& log, bool& io_failed) {
    std::vector<flow::EventLogAnalysis> out;
    std::string error;
    for (const auto& path : paths) {
        const auto file = open_input_or_report(path, io_failed, error);
        if (file) out.push_back(flow::analyze_event_log(*file, store, analysis, log));
    }
    return out;
}

int run_analyze_connector(const AnalyzeConnectorArgs& args) {
    const auto page = parse_code_page(args.code_page);
    if (!page) throw UsageError("unknown code page: " + args.code_page);
    EventLog log;
    nlohmann::json out{{"tool", tool_json()}};
    std::optional<flow::ConnectorStore> store;
    std::optional<flow::ConnectorAnalysis> analysis;
    if (!args.store.empty()) {
        store = flow::list_connector_store(args.store, log);
        ccm::ReaderOptions reader;
        reader.code_page = *page;
        analysis = flow::analyze_connector_store(*store, reader, log);
        out["connector"] = connector_json(*store, *analysis);
        for (const auto& u : analysis->unreadable) print_error(u);
    }
    bool io_failed = false;
    const auto event_logs = read_event_logs(args.events, store ? &*store : nullptr,
                                            analysis ? &*analysis : nullptr, log, io_failed);
    if (!args.events.empty()) {
        nlohmann::json logs = nlohmann::json::array();
        for (const auto& a : event_logs) logs.push_back(event_log_json(a));
        out["event_logs"] = logs;
    }

    std::map<std::string, std::uint64_t> by_code;
    for (const auto& e : log.events()) ++by_code[e.code];
    for (const auto& [code, n] : log.suppressed()) by_code[code] += n;
    if (args.json) {
        out["events"] = events_json(log);
        out["events_suppressed"] = log.suppressed();
        out["counts_by_code"] = by_code;
        out["totals"] = {{"errors", log.count(Severity::error)},
                         {"warnings", log.count(Severity::warning)},
                         {"notes", log.count(Severity::note)}};
        fmt::print("{}\n", out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace));
    } else {
        if (store && analysis) {
            fmt::print("connector store {}\n", store->display);
            for (const auto& q : analysis->queues) {
                fmt::print("  {:<11} {:>6} file(s) {:>6} message(s) {:>12} bytes\n",
                           flow::to_string(q.queue), q.files, q.messages, q.bytes);
            }
            fmt::print("  .und: {} file(s), {} entr(ies); {} import loop(s); {} zero-byte .tmp\n",
                       analysis->und_files, analysis->und_entries, analysis->loops.size(),
                       analysis->zero_byte_tmp);
        }
        if (!by_code.empty()) {
            fmt::print("findings by catalogue id:\n");
            for (const auto& [code, n] : by_code) {
                const auto* entry = find_event_code(code);
                const std::string cites = citation_text(flow::cite_event_code(code));
                fmt::print("  {:<9} {:>6}  {}{}\n", code, n, entry != nullptr ? entry->title : "",
                           cites.empty() ? "" : "  [" + cites + "]");
            }
        }
        for (const auto& a : event_logs) print_event_log_text(a);
        print_events_text(log);
        fmt::print("{} error(s), {} warning(s), {} note(s)\n", log.count(Severity::error),
                   log.count(Severity::warning), log.count(Severity::note));
    }
    if (io_failed || (analysis && !analysis->unreadable.empty())) {
        return to_int(ExitCode::io_error);
    }
    return to_int(log.has_problems() ? ExitCode::problems : ExitCode::clean);
}

}  // namespace ccsalvage::cli
