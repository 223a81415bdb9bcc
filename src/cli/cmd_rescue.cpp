#include "cli/cmd_rescue.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <memory>
#include <nlohmann/json.hpp>

#include "case/rescue.hpp"
#include "cli/cores.hpp"
#include "core/errors.hpp"
#include "report/render.hpp"

namespace ccsalvage::cli {

namespace {

struct RescueArgs {
    std::string post_office;
    std::string connector;
    std::string case_dir;
    bool dry_run = false;
    bool json = false;
    std::string code_page = "850";
    std::size_t hex_context = 16;
    std::string export_formats = "mbox";
    std::vector<std::string> events;
    unsigned jobs = 0;  // 0: default_jobs()
    std::string fsync = "safe";
};

// Threads that can help: the widest step of the stage graph is four stages (post office,
// NFTERROR.LOG, console scan, .und files), and the scan splits in two. More would only wait.
constexpr unsigned kMostJobsThatHelp = 4;

unsigned default_jobs() { return std::clamp(usable_cores(), 1U, kMostJobsThatHelp); }

// The command line as parsed, for the manifest: the same options give the same text.
std::string command_line(const RescueArgs& a) {
    auto text = fmt::format("ccsalvage rescue {}", a.post_office);
    if (!a.connector.empty()) text += " --connector " + a.connector;
    for (const auto& e : a.events) text += " --events " + e;
    text += " --case " + a.case_dir;
    if (a.code_page != "850") text += " --code-page " + a.code_page;
    if (a.hex_context != 16) text += fmt::format(" --hex-context {}", a.hex_context);
    if (a.export_formats != "mbox") text += " --export " + a.export_formats;
    // Not --jobs: it changes no byte of the case folder, whose command line must not differ.
    if (a.fsync != "safe") text += " --fsync " + a.fsync;
    if (a.dry_run) text += " --dry-run";
    if (a.json) text += " --json";
    return text;
}

std::string dump(const nlohmann::json& j) {
    return j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
}

int run_rescue_command(const RescueArgs& args) {
    casefolder::RescueOptions options;
    options.post_office = args.post_office;
    if (!args.connector.empty()) options.connector = args.connector;
    for (const auto& e : args.events) options.events.emplace_back(e);
    options.case_dir = args.case_dir;
    options.dry_run = args.dry_run;
    options.hex_context = args.hex_context;
    options.jobs = args.jobs == 0 ? default_jobs() : args.jobs;
    options.fsync =
        args.fsync == "batch" ? exporting::FsyncPolicy::batch : exporting::FsyncPolicy::safe;
    options.command_line = command_line(args);
    options.export_formats.clear();
    if (args.export_formats != "none") {
        std::string_view rest = args.export_formats;
        while (!rest.empty()) {
            const auto comma = rest.find(',');
            const auto one = std::string(rest.substr(0, comma));
            if (one != "maildir" && one != "mbox" && one != "eml" && one != "ccm") {
                throw UsageError("unknown export format: " + one + " (maildir, mbox, eml, ccm)");
            }
            if (std::find(options.export_formats.begin(), options.export_formats.end(), one) ==
                options.export_formats.end()) {
                options.export_formats.push_back(one);
            }
            rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
        }
    }
    const auto page = parse_code_page(args.code_page);
    if (!page) throw UsageError("unknown code page: " + args.code_page);
    options.code_page = *page;

    if (args.dry_run) {
        const auto plan = casefolder::plan_rescue(options);
        if (args.json) {
            fmt::print("{}\n", dump(plan));
        } else {
            fmt::print("dry run: nothing is written. Case folder {} ({}).\n", args.case_dir,
                       plan["case_folder"].get<std::string>());
            fmt::print("{} evidence file(s) would be hashed and read.\n", plan["evidence"].size());
            for (const auto& s : plan["stages"]) {
                fmt::print("  {:<16} {:<18} {}\n", s["name"].get<std::string>(),
                           s["action"].get<std::string>(), s["description"].get<std::string>());
            }
            fmt::print("would write:");
            for (const auto& f : plan["would_write"]) fmt::print(" {}", f.get<std::string>());
            fmt::print("\n");
        }
        return 0;
    }

    const auto result = casefolder::run_rescue(options);
    const auto& report = result.report;
    if (args.json) {
        fmt::print("{}\n", dump(report::render_json(report)));
    } else {
        const auto v = report::verdict(report);
        fmt::print("{}: {}\n", v.level, v.headline);
        fmt::print("  {:<16} {}\n", "evidence", "ran");
        for (const auto& [name, action] : result.stage_actions) {
            fmt::print("  {:<16} {}\n", name, action);
        }
        for (const auto& s : report.stages) {
            if (s.status == "not in this build") fmt::print("  {:<16} {}\n", s.name, s.status);
        }
        if (result.evidence_changed) {
            fmt::print(stderr,
                       "ccsalvage: the evidence changed during the run; see the chain of "
                       "custody in the report\n");
        }
        fmt::print(
            "case folder {}{}: report.html, report.md, report.json, manifest.json, "
            "audit.jsonl, SHA256SUMS\n",
            args.case_dir, result.resumed ? " (resumed)" : "");
    }
    return result.exit_code;
}

}  // namespace

void add_rescue_command(CLI::App& app, int& exit_code) {
    auto args = std::make_shared<RescueArgs>();
    auto* command = app.add_subcommand(
        "rescue",
        "The main job: hash the evidence, analyse the post office (and the connector's .und "
        "files), scan for console output, explain codes, and write a case folder with the "
        "report (HTML, Markdown, JSON), manifest, audit trail and SHA256SUMS. Running it "
        "again into the same case folder resumes.");
    command->add_option("post_office", args->post_office, "the post office folder")->required();
    command->add_option("--connector", args->connector,
                        "the connector's working folder (Ccmcdata); read for its .und files");
    command->add_option("--case", args->case_dir, "the case folder (new, or one to resume)")
        ->required();
    command->add_flag("--dry-run", args->dry_run,
                      "hash and list what would run and be written; write nothing");
    command->add_flag("--json", args->json, "print the report (or the plan) as JSON");
    command
        ->add_option("--code-page", args->code_page,
                     "code page when the evidence cannot say (850, 437, 932, ...)")
        ->capture_default_str();
    command->add_option("--hex-context", args->hex_context, "bytes of context in hex dumps")
        ->check(CLI::Range(0, 4096))
        ->capture_default_str();
    command->add_option("--events", args->events,
                        "exported Application event logs (text or CSV) of the connector's host: "
                        "connector events explained, tied to the store's files, per day");
    command
        ->add_option("--export", args->export_formats,
                     "formats the export stage writes into CASE/export/<format>, comma-separated "
                     "(maildir, mbox, eml, ccm), or none")
        ->capture_default_str();
    command
        ->add_option("-j,--jobs", args->jobs,
                     fmt::format("threads: stages that do not need each other run at the same "
                                 "time, hashing, scan and export split their work; 1 runs "
                                 "everything on one thread. The case folder is the same bytes "
                                 "for any value (default: the cores, at most {}: {})",
                                 kMostJobsThatHelp, default_jobs()))
        ->check(CLI::Range(1, 64));
    command
        ->add_option("--fsync", args->fsync,
                     "safe: every file of the case folder flushed to disk on its own; batch: one "
                     "syncfs per step (the export: per commit), much faster, a power loss can "
                     "lose the step being written (recorded in the manifest and the report)")
        ->check(CLI::IsMember({"safe", "batch"}))
        ->capture_default_str();
    command->callback([args, &exit_code] { exit_code = run_rescue_command(*args); });
}

}  // namespace ccsalvage::cli
