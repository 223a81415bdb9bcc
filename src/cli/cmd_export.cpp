#include "cli/cmd_export.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>

#include "cli/output.hpp"
#include "cli/reader_flags.hpp"
#include "core/errors.hpp"
#include "core/evidence.hpp"
#include "core/exit_codes.hpp"
#include "core/output_folder.hpp"
#include "core/progress.hpp"
#include "core/safe_name.hpp"
#include "mime/eml_composer.hpp"

namespace ccsalvage::cli {

namespace {

struct ExportArgs {
    std::vector<std::string> files;
    std::string format = "eml";
    std::string out;
    std::string time_zone = "UTC";
    std::string domain_template = "{po}.ccmail.invalid";
    std::string post_office;
    bool quiet = false;
    bool json = false;
    ReaderFlags reader;
};

int run_export(const ExportArgs& args) {
    const auto reader_options = args.reader.to_options();
    const auto folder = OutputFolder::create_new(args.out);

    mime::ComposeOptions compose;
    compose.code_page = reader_options.code_page;
    compose.time_zone = args.time_zone;
    compose.addresses.domain_template = args.domain_template;
    compose.post_office = args.post_office;

    EventLog log;
    bool io_failed = false;
    nlohmann::json index = nlohmann::json::array();
    std::string sums;
    std::uint64_t exported = 0, partial = 0;
    // Two inputs whose names are alike once made safe must not share (and overwrite) a folder,
    // nor may an input take the name of the index files.
    UniqueNames folder_names;
    folder_names.claim("export.json");
    folder_names.claim("SHA256SUMS");

    for (const auto& path : args.files) {
        std::string error;
        const auto file = open_input_or_report(path, io_failed, error);
        if (!file) {
            index.push_back({{"file", path}, {"error", error}});
            continue;
        }
        const auto source_hash = file->sha256();
        // One folder per input file, named after it but made safe; the index keeps the original.
        const auto stem =
            folder_names.claim(safe_file_name(std::filesystem::path(path).filename().string()));
        compose.source_file = file->display_name();
        nlohmann::json messages = nlohmann::json::array();

        Progress progress("export " + file->display_name(), file->size(), !args.quiet);
        auto options = reader_options;
        options.on_progress = [&](std::uint64_t offset) { progress.update(offset); };
        ccm::read_ccm(*file, options, log, [&](const ccm::Message& message) {
            const auto composed = mime::compose_eml(message, compose);
            const auto name = fmt::format("{}/{:06}.eml", stem, message.index);
            const auto hash = folder.write_file(name, composed.bytes);
            sums += fmt::format("{}  {}\n", hash, name);
            ++exported;
            if (message.partial) ++partial;
            nlohmann::json entry{{"index", message.index},
                                 {"offset", message.offset},
                                 {"output", name},
                                 {"sha256", hash},
                                 {"message_id", composed.message_id},
                                 {"status", message.partial ? "exported_partial" : "exported"}};
            if (!composed.warnings.empty()) entry["warnings"] = composed.warnings;
            // Attachment names as the evidence gave them (the mail may carry them changed).
            nlohmann::json attachments = nlohmann::json::array();
            for (std::size_t i = 0; i < message.items.size(); ++i) {
                const auto& item = message.items[i];
                if (item.kind != ccm::ItemKind::file) continue;
                attachments.push_back(
                    {{"item", i + 1}, {"original_name", item.file_name}, {"line", item.title}});
            }
            if (!attachments.empty()) entry["attachments"] = std::move(attachments);
            messages.push_back(std::move(entry));
        });
        progress.finish();
        index.push_back({{"file", file->display_name()},
                         {"sha256", source_hash},
                         {"size", file->size()},
                         {"folder", stem},
                         {"messages", std::move(messages)}});
    }

    nlohmann::json events = nlohmann::json::array();
    for (const auto& e : log.events_in_file_order()) {
        events.push_back({{"file", e.file},
                          {"offset", e.offset},
                          {"code", e.code},
                          {"severity", to_string(e.severity)},
                          {"detail", e.detail}});
    }
    const nlohmann::json totals{{"exported", exported},
                                {"exported_partial", partial},
                                {"errors", log.count(Severity::error)},
                                {"warnings", log.count(Severity::warning)},
                                {"notes", log.count(Severity::note)}};
    const nlohmann::json report{
        {"tool", tool_json()}, {"format", args.format}, {"time_zone", args.time_zone},
        {"inputs", index},     {"events", events},      {"events_suppressed", log.suppressed()},
        {"totals", totals}};
    const auto report_text =
        report.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
    const auto report_hash = folder.write_file("export.json", report_text);
    sums += fmt::format("{}  {}\n", report_hash, "export.json");
    folder.write_file("SHA256SUMS", sums);

    if (args.json) {
        fmt::print("{}\n",
                   nlohmann::json{{"out", folder.root().string()}, {"totals", totals}}.dump());
    } else {
        print_events_text(log);
        fmt::print("exported {} message(s) ({} partial) to {}\n", exported, partial,
                   folder.root().string());
        fmt::print("events: {} error(s), {} warning(s), {} note(s); details in export.json\n",
                   log.count(Severity::error), log.count(Severity::warning),
                   log.count(Severity::note));
    }
    if (io_failed) return to_int(ExitCode::io_error);
    return to_int(log.has_problems() ? ExitCode::problems : ExitCode::clean);
}

}  // namespace

void add_export_command(CLI::App& app, int& exit_code) {
    auto args = std::make_shared<ExportArgs>();
    auto* command =
        app.add_subcommand("export",
                           "Export the messages of Import/Export (.ccm) files as Internet mail. "
                           "Evidence is read-only; outputs go to a new folder.");
    command->add_option("files", args->files, "Import/Export files (.ccm, export files)")
        ->required();
    command
        ->add_option("--format", args->format,
                     "output format (eml for now; Maildir, mbox and "
                     ".ccm batches are planned)")
        ->check(CLI::IsMember({"eml"}))
        ->capture_default_str();
    command->add_option("--out", args->out, "new output folder (must not exist or be empty)")
        ->required();
    command
        ->add_option("--time-zone", args->time_zone,
                     "IANA zone the cc:Mail local times were written in, e.g. Europe/Berlin")
        ->capture_default_str();
    command
        ->add_option("--domain-template", args->domain_template,
                     "mail domain for cc:Mail names; {po} is the post office")
        ->capture_default_str();
    command->add_option("--post-office", args->post_office,
                        "name of the post office the files came from (recorded in headers)");
    command->add_flag("--json", args->json, "print the totals as JSON");
    command->add_flag("-q,--quiet", args->quiet, "no progress display");
    args->reader.add_to(*command);
    command->callback([args, &exit_code] { exit_code = run_export(*args); });
}

}  // namespace ccsalvage::cli
