#include "cli/cmd_inspect.hpp"

#include <fmt/format.h>

#include <cstdio>
#include <memory>
#include <nlohmann/json.hpp>

#include "cli/ccm_json.hpp"
#include "cli/output.hpp"
#include "cli/reader_flags.hpp"
#include "core/errors.hpp"
#include "core/evidence.hpp"
#include "core/exit_codes.hpp"
#include "core/progress.hpp"

namespace ccsalvage::cli {

namespace {

struct InspectArgs {
    std::vector<std::string> files;
    bool json = false;
    bool quiet = false;
    ReaderFlags reader;
};

std::string short_hash(const std::string& hex) { return hex.substr(0, 16); }

void print_message_text(const ccm::Message& m) {
    fmt::print("  message {} at offset {} (0x{:x}){}{}{}\n", m.index, m.offset, m.offset,
               m.sized ? ", with sizes" : "", m.partial ? ", PARTIAL" : "",
               m.has_contents ? "" : ", no Contents:");
    for (const auto& h : m.headers) {
        fmt::print("    {}{}{}\n", h.keyword, h.keyword.empty() ? "" : ": ", h.value);
    }
    for (std::size_t i = 0; i < m.items.size(); ++i) {
        const auto& item = m.items[i];
        std::string name = item.kind == ccm::ItemKind::file ? item.file_name : item.title;
        fmt::print("    item {} {:<9} {:>9} bytes at {:<8} sha256 {}{}{}\n", i,
                   to_string(item.kind), item.data.size(), item.data_offset,
                   short_hash(item.sha256), name.empty() ? "" : "  ", name);
    }
}

int run_inspect(const InspectArgs& args) {
    const auto options_base = args.reader.to_options();
    EventLog log;
    bool io_failed = false;
    std::uint64_t total_messages = 0, total_partial = 0, total_items = 0;

    JsonStream json(stdout, args.json);
    json.open_object();
    json.key_value("tool", tool_json());
    json.key_value("code_page", std::string(code_page_name(options_base.code_page)));
    json.open_array("files");

    for (const auto& path : args.files) {
        std::string error;
        const auto file = open_input_or_report(path, io_failed, error);
        if (!file) {
            json.array_value({{"file", path}, {"error", error}});
            continue;
        }
        const auto hash = file->sha256();
        if (!args.json) {
            fmt::print("{}: {} bytes, sha256 {}\n", file->display_name(), file->size(), hash);
        }
        json.open_object_in_array();
        json.key_value("file", file->display_name());
        json.key_value("size", file->size());
        json.key_value("sha256", hash);
        json.open_array("messages");

        Progress progress("inspect " + file->display_name(), file->size(),
                          !args.quiet && !args.json);
        auto options = options_base;
        options.on_progress = [&](std::uint64_t offset) { progress.update(offset); };
        const auto summary = ccm::read_ccm(*file, options, log, [&](const ccm::Message& m) {
            if (args.json) {
                json.array_value(to_json(m));
            } else {
                progress.finish();
                print_message_text(m);
            }
        });
        progress.finish();
        json.close_array();
        json.key_value("summary", to_json(summary));
        json.close_object();
        total_messages += summary.messages;
        total_partial += summary.partial_messages;
        total_items += summary.items;
    }
    json.close_array();

    if (args.json) {
        nlohmann::json events = nlohmann::json::array();
        for (const auto& e : log.events_in_file_order()) events.push_back(to_json(e));
        json.key_value("events", events);
        json.key_value("events_suppressed", nlohmann::json(log.suppressed()));
        json.key_value("totals", {{"messages", total_messages},
                                  {"partial_messages", total_partial},
                                  {"items", total_items},
                                  {"events", log.total()},
                                  {"errors", log.count(Severity::error)},
                                  {"warnings", log.count(Severity::warning)},
                                  {"notes", log.count(Severity::note)}});
        json.close_object();
        std::fputc('\n', stdout);
    } else {
        print_events_text(log);
        fmt::print(
            "{} message(s) ({} partial), {} item(s); events: {} error(s), {} warning(s), "
            "{} note(s)\n",
            total_messages, total_partial, total_items, log.count(Severity::error),
            log.count(Severity::warning), log.count(Severity::note));
    }
    if (io_failed) return to_int(ExitCode::io_error);
    return to_int(log.has_problems() ? ExitCode::problems : ExitCode::clean);
}

}  // namespace

void add_inspect_command(CLI::App& app, int& exit_code) {
    auto args = std::make_shared<InspectArgs>();
    auto* command = app.add_subcommand(
        "inspect",
        "List every message of Import/Export (.ccm) files with offsets, headers, "
        "items and SHA-256, and every problem found. Read-only.");
    command->add_option("files", args->files, "Import/Export files (.ccm, export files, .und)")
        ->required();  // a missing file is an I/O error (exit 3), reported per file
    command->add_flag("--json", args->json, "print JSON instead of text");
    command->add_flag("-q,--quiet", args->quiet, "no progress display");
    args->reader.add_to(*command);
    command->callback([args, &exit_code] { exit_code = run_inspect(*args); });
}

}  // namespace ccsalvage::cli
