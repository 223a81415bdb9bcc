#include "cli/cmd_ledger.hpp"

#include <fmt/format.h>

#include <memory>
#include <nlohmann/json.hpp>

#include "cli/cmd_analyze_connector.hpp"
#include "cli/flow_json.hpp"
#include "cli/output.hpp"
#include "core/errors.hpp"
#include "core/exit_codes.hpp"
#include "flow/ledger_run.hpp"

namespace ccsalvage::cli {
namespace {

struct LedgerArgs {
    std::vector<std::string> post_offices;
    std::string connector;
    std::vector<std::string> events;
    bool json = false;
    bool all = false;
    std::string code_page = "850";
};

void print_line(const flow::LedgerLine& line) {
    fmt::print("#{:<5} {:<25} \"{}\" from {} ({})\n", line.id, flow::to_string(line.state),
               line.subject, line.from.empty() ? std::string_view("?") : line.from, line.date);
    if (!line.reason.empty()) fmt::print("       {}\n", line.reason);
    if (line.duplicate_of) fmt::print("       duplicate of #{}\n", *line.duplicate_of);
    const flow::Citation citation = flow::cite_line(line);
    if (!citation.kb.empty()) fmt::print("       explained by: {}\n", citation_text(citation));
    for (const auto& copy : line.copies) {
        fmt::print("       {:<19} {}:{}{}{}{}{}\n", flow::to_string(copy.kind), copy.file,
                   copy.offset,
                   copy.message_number != 0 ? fmt::format(" #{}", copy.message_number) : "",
                   copy.complete ? "" : " (incomplete)", copy.note.empty() ? "" : " ", copy.note);
    }
}

int run_ledger(const LedgerArgs& args) {
    flow::LedgerInputs inputs;
    const auto page = parse_code_page(args.code_page);
    if (!page) throw UsageError("unknown code page: " + args.code_page);
    inputs.fallback_code_page = *page;
    inputs.connector_code_page = *page;
    for (const auto& p : args.post_offices) inputs.post_offices.emplace_back(p);
    if (!args.connector.empty()) inputs.connector = args.connector;
    if (inputs.post_offices.empty() && !inputs.connector) {
        throw UsageError("ledger needs at least one post office folder or --connector DIR");
    }

    EventLog log;
    const flow::LedgerRun run = flow::build_ledger(inputs, log);
    for (const auto& problem : run.unreadable) print_error(problem);
    const flow::Ledger& ledger = run.ledger;
    const std::vector<std::string> broken = ledger.check();
    bool io_failed = false;
    const auto event_logs =
        read_event_logs(args.events, run.store ? &*run.store : nullptr,
                        run.connector ? &*run.connector : nullptr, log, io_failed);

    if (args.json) {
        JsonStream json(stdout, true);
        json.open_object();
        json.key_value("tool", tool_json());
        json.key_value("post_offices", args.post_offices);
        json.key_value("connector", args.connector);
        json.key_value("totals", totals_json(ledger.totals));
        json.key_value("check", {{"ok", broken.empty()}, {"problems", broken}});
        json.open_array("duplicates");
        for (const auto& d : ledger.duplicates) json.array_value(duplicate_json(d));
        json.close_array();
        json.open_array("lines");
        for (const auto& line : ledger.lines) json.array_value(line_json(line));
        json.close_array();
        nlohmann::json logs = nlohmann::json::array();
        for (const auto& a : event_logs) logs.push_back(event_log_json(a));
        json.key_value("event_logs", logs);
        json.key_value("events", events_json(log));
        json.key_value("events_suppressed", log.suppressed());
        json.key_value("unreadable", run.unreadable);
        json.close_object();
        std::fputs("\n", stdout);
    } else {
        const auto& t = ledger.totals;
        fmt::print("ledger: {} line(s), {} message(s), {} cop(ies)\n", t.lines, t.messages,
                   t.copies_listed);
        for (const auto& [state, n] : t.by_state) {
            if (n != 0) fmt::print("  {:<25} {:>7}\n", state, n);
        }
        fmt::print("check: {}\n",
                   broken.empty() ? "totals add up, every copy listed once" : "FAILED");
        for (const auto& problem : broken) fmt::print("  {}\n", problem);
        if (!ledger.duplicates.empty()) {
            fmt::print("duplicates (Q184524): {} copy(ies) of a second delivery\n",
                       ledger.duplicates.size());
            for (const auto& d : ledger.duplicates) {
                fmt::print("  #{} {}:{} repeats #{} {}:{}\n", d.line, d.copy.file, d.copy.offset,
                           d.original, d.original_copy.file, d.original_copy.offset);
            }
        }
        fmt::print("{}:\n", args.all ? "lines" : "lines not simply in a post office");
        for (const auto& line : ledger.lines) {
            if (args.all || line.state != flow::LedgerState::in_post_office) print_line(line);
        }
        for (const auto& a : event_logs) print_event_log_text(a);
        fmt::print("{} error(s), {} warning(s), {} note(s) while reading\n",
                   log.count(Severity::error), log.count(Severity::warning),
                   log.count(Severity::note));
    }
    if (!broken.empty()) return to_int(ExitCode::internal_error);
    if (!run.unreadable.empty() || io_failed) return to_int(ExitCode::io_error);
    bool attention = log.has_problems();
    for (const auto& line : ledger.lines) {
        if (line.state != flow::LedgerState::in_post_office) attention = true;
    }
    return to_int(attention ? ExitCode::problems : ExitCode::clean);
}

}  // namespace

void add_ledger_command(CLI::App& app, int& exit_code) {
    auto args = std::make_shared<LedgerArgs>();
    auto* command = app.add_subcommand(
        "ledger",
        "Account for every message seen in post office folders and the connector store: one "
        "line per message with one state, every copy listed, duplicates recorded.");
    command->add_option("post_offices", args->post_offices, "post office folders");
    command->add_option("--connector", args->connector, "the connector store (Ccmcdata)");
    command->add_option("--events", args->events,
                        "Application event logs exported from Event Viewer (text or CSV)");
    command->add_flag("--json", args->json, "print JSON instead of text");
    command->add_flag("--all", args->all, "text: list lines in the post office too");
    command
        ->add_option("--code-page", args->code_page,
                     "code page of the connector files and of post offices whose header "
                     "cannot say")
        ->capture_default_str();
    command->callback([args, &exit_code] { exit_code = run_ledger(*args); });
}

}  // namespace ccsalvage::cli
