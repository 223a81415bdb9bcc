#include "cli/cmd_export.hpp"

#include <fmt/format.h>

#include <cstdlib>
#include <memory>
#include <nlohmann/json.hpp>

#include "cli/output.hpp"
#include "cli/reader_flags.hpp"
#include "core/errors.hpp"
#include "core/exit_codes.hpp"
#include "export/request.hpp"

namespace ccsalvage::cli {

namespace {

// " (+ N by an earlier run)" for a resumed export's figures, or nothing.
std::string earlier_text(std::uint64_t earlier) {
    return earlier == 0 ? std::string() : fmt::format(" (+ {} by an earlier run)", earlier);
}

struct ExportArgs {
    std::vector<std::string> sources;
    std::string format = "eml";
    std::string out;
    std::string time_zone = "UTC";
    std::string domain_template = "{po}.ccmail.invalid";
    std::string ccm_code_page = "850";
    std::uint64_t batch_size = 0;
    std::uint64_t batch_count = 0;
    std::string fsync = "safe";
    std::uint64_t commit_every = 1000;
    bool export_damaged = false;
    std::uint64_t crash_after = 0;
    std::size_t scratch_minimum = ScratchSpace::kDefaultMinimum;
    std::uint64_t scratch_from = exporting::ExportRequest{}.scratch_from_bytes;
    unsigned jobs = 2;
    std::size_t record_cache = std::size_t{16} << 20U;
    std::size_t in_flight = std::size_t{16} << 20U;
    bool quiet = false;
    bool json = false;
    ReaderFlags reader;
};

exporting::Format format_of(const std::string& name) {
    if (name == "maildir") return exporting::Format::maildir;
    if (name == "mbox") return exporting::Format::mbox;
    if (name == "ccm") return exporting::Format::ccm;
    return exporting::Format::eml;
}

int run_export(const ExportArgs& args) {
    exporting::ExportRequest request;
    for (const auto& s : args.sources) request.sources.emplace_back(s);
    request.format = format_of(args.format);
    request.out = args.out;
    request.time_zone = args.time_zone;
    request.addresses.domain_template = args.domain_template;
    request.reader = args.reader.to_options();
    const auto page = parse_code_page(args.ccm_code_page);
    if (!page) throw UsageError("unknown code page: " + args.ccm_code_page);
    request.ccm_code_page = *page;
    request.batch_bytes = args.batch_size;
    request.batch_count = args.batch_count;
    request.fsync =
        args.fsync == "batch" ? exporting::FsyncPolicy::batch : exporting::FsyncPolicy::safe;
    request.commit_every = std::max<std::uint64_t>(1, args.commit_every);
    request.export_damaged = args.export_damaged;
    request.progress = !args.quiet && !args.json;
    request.jobs = args.jobs;
    request.record_cache_bytes = args.record_cache;
    request.in_flight_bytes = args.in_flight;
    request.scratch_minimum = args.scratch_minimum;
    request.scratch_from_bytes = args.scratch_from;
    if (args.crash_after != 0) {
        // Test hook: ends the process like kill -9 would, after a write and before its commit.
        request.after_write = [limit = args.crash_after](std::uint64_t written) {
            if (written >= limit) std::_Exit(137);
        };
    }

    EventLog log;
    const auto stats = exporting::run(request, log);
    const nlohmann::json totals{{"exported", stats.exported},
                                {"skipped_existing", stats.skipped_existing},
                                {"duplicates", stats.duplicates},
                                {"quarantined", stats.quarantined},
                                {"errors", stats.errors},
                                {"exported_with_warnings", stats.warnings},
                                {"earlier_duplicates", stats.earlier_duplicates},
                                {"earlier_quarantined", stats.earlier_quarantined},
                                {"earlier_exported_with_warnings", stats.earlier_warnings},
                                {"resumed", stats.resumed},
                                {"parser_errors", log.count(Severity::error)},
                                {"parser_warnings", log.count(Severity::warning)}};
    if (args.json) {
        fmt::print("{}\n", nlohmann::json{{"out", stats.out.string()}, {"totals", totals}}.dump());
    } else {
        if (!args.quiet) print_events_text(log);
        fmt::print("export {} to {}{}\n", args.format, stats.out.string(),
                   stats.resumed ? " (resumed)" : "");
        fmt::print("  exported              {}\n", stats.exported);
        fmt::print("  skipped, already there {}\n", stats.skipped_existing);
        fmt::print("  duplicates            {}{}\n", stats.duplicates,
                   earlier_text(stats.earlier_duplicates));
        fmt::print("  quarantined           {}{}\n", stats.quarantined,
                   earlier_text(stats.earlier_quarantined));
        fmt::print("  errors                {}\n", stats.errors);
        for (const auto& e : stats.source_errors) fmt::print("    {}: {}\n", e.source, e.error);
        if (!stats.scratch_unavailable.empty()) {
            fmt::print("  note: the reader's working state was kept in memory ({})\n",
                       stats.scratch_unavailable);
        }
        fmt::print(
            "  parser events: {} error(s), {} warning(s); details in export.json, "
            "every message in manifest.jsonl\n",
            log.count(Severity::error), log.count(Severity::warning));
    }
    if (stats.errors != 0) return to_int(ExitCode::io_error);
    // Problems of the whole export, not only of this run's part: a resumed run ends as an
    // uninterrupted one would.
    const bool problems = log.has_problems() ||
                          stats.quarantined + stats.earlier_quarantined != 0 ||
                          stats.warnings + stats.earlier_warnings != 0;
    return to_int(problems ? ExitCode::problems : ExitCode::clean);
}

}  // namespace

void add_export_command(CLI::App& app, int& exit_code) {
    auto args = std::make_shared<ExportArgs>();
    auto* command = app.add_subcommand(
        "export",
        "Export the messages of post office folders and Import/Export (.ccm) files as Maildir, "
        "mbox, EML or .ccm batches for IMPORT.EXE, each message exactly once. Evidence is "
        "read-only; an interrupted run is finished by running it again on the same folder.");
    command->add_option("sources", args->sources, "post office folders and .ccm files")->required();
    command->add_option("--format", args->format, "maildir, mbox, eml or ccm")
        ->check(CLI::IsMember({"maildir", "mbox", "eml", "ccm"}))
        ->capture_default_str();
    command
        ->add_option("--out", args->out,
                     "output folder: new, or one an earlier run of the same command left")
        ->required();
    command
        ->add_option("--time-zone", args->time_zone,
                     "IANA zone the cc:Mail local times were written in, e.g. Europe/Berlin")
        ->capture_default_str();
    command
        ->add_option("--domain-template", args->domain_template,
                     "mail domain for cc:Mail names; {po} is the post office")
        ->capture_default_str();
    command
        ->add_option("--ccm-code-page", args->ccm_code_page,
                     "code page of .ccm batches (--format ccm)")
        ->capture_default_str();
    command->add_option("--batch-size", args->batch_size,
                        "--format ccm: at most this many bytes per batch file");
    command->add_option("--batch-count", args->batch_count,
                        "--format ccm: at most this many messages per batch file");
    command
        ->add_option("--fsync", args->fsync,
                     "safe: flush every message and its journal record; batch: flush every "
                     "--commit-every messages")
        ->check(CLI::IsMember({"safe", "batch"}))
        ->capture_default_str();
    command
        ->add_option("--commit-every", args->commit_every, "messages per flush with --fsync batch")
        ->capture_default_str();
    command
        ->add_option("--jobs", args->jobs,
                     "threads: 1 composes MIME on the main thread, N > 1 composes on N - 1 more "
                     "while it reads and writes; the output is the same for every N")
        ->check(CLI::Range(1U, 64U))
        ->capture_default_str();
    command
        ->add_option("--record-cache", args->record_cache,
                     "memory for what a record placed in several folders (Maildir, mbox) keeps "
                     "for its next placement, which reads its bytes back from the output instead "
                     "of composing them again, e.g. 16MiB, 512k; 0 composes every placement; the "
                     "output is the same")
        ->transform(CLI::AsSizeValue(false))
        ->default_str("16MiB");
    command
        ->add_option("--in-flight", args->in_flight,
                     "with --jobs > 1, memory for messages prepared ahead of the one being "
                     "written (about 4 times their item bytes), e.g. 16MiB; one message always "
                     "fits; the output is the same")
        ->transform(CLI::AsSizeValue(false))
        ->default_str("16MiB");
    command->add_flag("--export-damaged", args->export_damaged,
                      "also export damaged messages as mail (marked X-CCSalvage-Repair-Status)");
    command->add_option("--crash-after", args->crash_after, "test hook")->group("");
    command->add_option("--scratch-minimum", args->scratch_minimum, "test hook")->group("");
    command->add_option("--scratch-from", args->scratch_from, "test hook")->group("");
    command->add_flag("--json", args->json, "print the statistics as JSON");
    command->add_flag("-q,--quiet", args->quiet, "no progress display and no event list");
    args->reader.add_to(*command);
    command->callback([args, &exit_code] { exit_code = run_export(*args); });
}

}  // namespace ccsalvage::cli
