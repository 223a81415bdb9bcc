#include "cli/cmd_analyze.hpp"

#include <fmt/format.h>

#include <map>
#include <memory>
#include <nlohmann/json.hpp>

#include "cli/cmd_analyze_connector.hpp"
#include "cli/output.hpp"
#include "core/errors.hpp"
#include "core/exit_codes.hpp"
#include "parsers/nfterror/reader.hpp"
#include "parsers/po/reader.hpp"

namespace ccsalvage::cli {

namespace {

struct AnalyzeArgs {
    std::string folder;
    bool json = false;
    std::string code_page = "850";
};

// NFTERROR.LOG lines kept for the output; a damaged post office can log without end.
constexpr std::size_t kMaxLogLinesShown = 1000;

nlohmann::json nfterror_json(const nfterror::Record& r) {
    nlohmann::json out{{"line", r.line_number},
                       {"offset", r.offset},
                       {"parsed", r.parsed},
                       {"raw", std::string(r.raw)}};
    if (r.parsed) {
        out["program"] = r.program;
        out["file"] = r.file;
        out["structure"] = r.structure;
        out["code"] = r.code;
        out["text"] = r.text;
        if (r.block) out["block"] = *r.block;
        if (r.block_offset) out["block_offset"] = *r.block_offset;
        out["when"] = r.when.date_raw + " " + r.when.time_raw;
    }
    return out;
}

nlohmann::json summary_json(const po::PostOffice& po) {
    nlohmann::json out{{"messages", po.messages.size()},
                       {"recovered_messages", po.recovered_messages.size()},
                       {"directory_entries", po.directory.size()},
                       {"recovered_directory_entries", po.recovered_directory.size()},
                       {"mailboxes", po.mailboxes.size()},
                       {"recovered_extents", po.recovered_extents.size()},
                       {"side_files", po.side_files},
                       {"unrecognised_files", po.unrecognised}};
    if (po.clandata) {
        const auto& h = *po.clandata;
        out["name"] = h.po_name;
        out["generation"] = h.common.generation;
        out["block_size"] = h.common.block_size;
        out["code_page"] = h.common.code_page;
        out["header_message_count"] = h.message_count;
        out["header_directory_entry_count"] = h.directory_entry_count;
    }
    return out;
}

int run_analyze(const AnalyzeArgs& args) {
    const auto page = parse_code_page(args.code_page);
    if (!page) throw UsageError("unknown code page: " + args.code_page);
    const auto folder = po::PostOfficeFolder::open(args.folder);

    EventLog log;
    po::ReadOptions options;
    options.fallback_code_page = *page;
    options.messages = po::MessageDetail::compact;  // only counts are printed
    // Pages dropped as the reader goes: analyze's peak grew with the post office's size.
    const auto post_office =
        po::read_post_office(folder.source(), po::releasing_pages(folder, options), log);

    nlohmann::json log_lines = nlohmann::json::array();
    std::uint64_t log_line_count = 0;
    for (const auto& file : folder.source().files) {
        if (po::classify_file_name(file.name) != po::PoFileRole::nfterror_log) continue;
        nfterror::read_nfterror(file.bytes, file.shown(), log, [&](const nfterror::Record& r) {
            if (++log_line_count <= kMaxLogLinesShown) log_lines.push_back(nfterror_json(r));
        });
    }

    nlohmann::json files = nlohmann::json::array();
    for (const auto& evidence : folder.evidence()) {
        files.push_back({{"file", evidence.display_name()},
                         {"size", evidence.size()},
                         {"sha256", evidence.sha256()}});
    }
    std::map<std::string, std::uint64_t> by_code;
    for (const auto& e : log.events()) ++by_code[e.code];
    for (const auto& [code, n] : log.suppressed()) by_code[code] += n;

    const auto summary = summary_json(post_office);
    if (args.json) {
        nlohmann::json events = nlohmann::json::array();
        for (const auto& e : log.events_in_file_order()) {
            const auto* entry = find_event_code(e.code);
            events.push_back({{"file", e.file},
                              {"offset", e.offset},
                              {"code", e.code},
                              {"severity", to_string(e.severity)},
                              {"title", entry != nullptr ? entry->title : ""},
                              {"detail", e.detail}});
        }
        const nlohmann::json out{
            {"tool", tool_json()},
            {"folder", args.folder},
            {"files", files},
            {"post_office", summary},
            {"nfterror_log", {{"lines", log_line_count}, {"shown", log_lines}}},
            {"events", events},
            {"events_suppressed", log.suppressed()},
            {"counts_by_code", by_code},
            {"totals",
             {{"errors", log.count(Severity::error)},
              {"warnings", log.count(Severity::warning)},
              {"notes", log.count(Severity::note)}}}};
        fmt::print("{}\n", out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace));
    } else {
        fmt::print("post office {} ({})\n",
                   summary.value("name", std::string("(no readable header)")), args.folder);
        fmt::print(
            "  {} message(s) reached, {} recovered by scanning; {} directory entries; {} "
            "mailbox(es)\n",
            post_office.messages.size(), post_office.recovered_messages.size(),
            post_office.directory.size(), post_office.mailboxes.size());
        if (log_line_count > 0) fmt::print("  NFTERROR.LOG: {} line(s)\n", log_line_count);
        if (!by_code.empty()) {
            fmt::print("findings by catalogue id:\n");
            for (const auto& [code, n] : by_code) {
                const auto* entry = find_event_code(code);
                fmt::print("  {:<8} {:>6}  {}\n", code, n, entry != nullptr ? entry->title : "");
            }
        }
        print_events_text(log);
        fmt::print("{} error(s), {} warning(s), {} note(s)\n", log.count(Severity::error),
                   log.count(Severity::warning), log.count(Severity::note));
    }
    return to_int(log.has_problems() ? ExitCode::problems : ExitCode::clean);
}

}  // namespace

void add_analyze_command(CLI::App& app, int& exit_code) {
    auto args = std::make_shared<AnalyzeArgs>();
    auto* command = app.add_subcommand(
        "analyze",
        "Check a post office folder (CLANDATA, MLANDATA, USRnnnnn, NFTERROR.LOG) "
        "read-only against ccsalvage's model and report every inconsistency.");
    command->add_option("folder", args->folder, "the post office folder");
    auto connector = std::make_shared<AnalyzeConnectorArgs>();
    command->add_option("--connector", connector->store,
                        "analyze this connector store (Ccmcdata) instead of a post office");
    command->add_option("--events", connector->events,
                        "Application event logs exported from Event Viewer (text or CSV), tied "
                        "to the connector store");
    command->add_flag("--json", args->json, "print JSON instead of text");
    command
        ->add_option("--code-page", args->code_page,
                     "code page when the CLANDATA header cannot say (850, 437, 932, ...)")
        ->capture_default_str();
    command->callback([args, connector, &exit_code] {
        if (!connector->store.empty() || !connector->events.empty()) {
            if (!args->folder.empty()) {
                throw UsageError(
                    "analyze takes a post office folder or --connector/--events, "
                    "not both; `ccsalvage ledger` combines them");
            }
            connector->json = args->json;
            connector->code_page = args->code_page;
            exit_code = run_analyze_connector(*connector);
            return;
        }
        if (args->folder.empty()) throw UsageError("analyze needs a post office folder");
        exit_code = run_analyze(*args);
    });
}

}  // namespace ccsalvage::cli
