#include "cli/cmd_repair.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>

#include "case/repair_records.hpp"
#include "cli/output.hpp"
#include "core/errors.hpp"
#include "core/exit_codes.hpp"
#include "core/output_folder.hpp"
#include "parsers/po/reader.hpp"
#include "parsers/po/writer.hpp"
#include "repair/change_log.hpp"
#include "repair/connector_copies.hpp"
#include "repair/detector.hpp"
#include "repair/page_releaser.hpp"
#include "repair/salvage.hpp"

namespace ccsalvage::cli {

namespace {

namespace fs = std::filesystem;

struct RepairArgs {
    std::string folder;
    std::string out;
    bool dry_run = false;
    bool json = false;
    bool no_case = false;
    std::string connector;  // Ccmcdata folder; default: PO_DIR/../Ccmcdata when it exists
};

// A post office of the same case, kept open while the repair reads its copies.
struct OpenCopy {
    std::string name;
    po::PostOfficeFolder folder;
    po::PostOffice model;
};

bool holds_clandata(const fs::path& dir) {
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(dir, ec)) {
        if (po::classify_file_name(e.path().filename().string()) == po::PoFileRole::clandata)
            return true;
    }
    return false;
}

// The other post offices of the case: the sibling folders of PO_DIR that hold a CLANDATA.
std::vector<std::unique_ptr<OpenCopy>> open_case(const fs::path& folder) {
    std::vector<std::unique_ptr<OpenCopy>> out;
    const fs::path self = fs::weakly_canonical(folder);
    std::error_code ec;
    std::vector<fs::path> siblings;
    for (const auto& e : fs::directory_iterator(self.parent_path(), ec)) {
        if (!e.is_directory(ec) || fs::weakly_canonical(e.path()) == self) continue;
        if (holds_clandata(e.path())) siblings.push_back(e.path());
    }
    std::sort(siblings.begin(), siblings.end());
    for (const auto& path : siblings) {
        // Another post office is a source of copies, not the evidence being repaired: one that
        // cannot be opened is left out (and named on stderr), the repair goes on.
        try {
            auto copy = std::make_unique<OpenCopy>(
                OpenCopy{path.filename().string(), po::PostOfficeFolder::open(path), {}});
            EventLog ignored;
            copy->model = po::read_post_office(copy->folder.source(), {}, ignored);
            out.push_back(std::move(copy));
        } catch (const IoError& e) {
            print_error(std::string("other post office left out: ") + e.what());
        }
    }
    return out;
}

// Mapped pages of the evidence are dropped every 10 ms (repair/page_releaser.hpp): memory stays
// flat whatever the post office's size.
struct PageReleaserGuard {
    repair::PageReleaser releaser{std::chrono::milliseconds(10)};
};

bool only_notes(const repair::Findings& findings) {
    for (const auto& f : findings) {
        const auto* entry = find_event_code(f.code);
        if (entry == nullptr || entry->severity != Severity::note) return false;
    }
    return true;
}

int run_repair(const RepairArgs& args) {
    const auto folder = po::PostOfficeFolder::open(args.folder);
    std::vector<std::unique_ptr<OpenCopy>> copies;
    if (!args.no_case) copies = open_case(args.folder);
    std::optional<repair::ConnectorStore> connector;
    fs::path connector_dir = args.connector;
    if (connector_dir.empty() && !args.no_case) {
        const fs::path guess = fs::weakly_canonical(args.folder).parent_path() / "Ccmcdata";
        if (fs::is_directory(guess)) connector_dir = guess;
    }
    if (!connector_dir.empty()) {
        if (!fs::is_directory(connector_dir))
            throw IoError("connector folder not found: " + connector_dir.string());
        connector = repair::ConnectorStore::open(connector_dir);
    }
    std::optional<po::PostOfficeFolder> result_folder;
    // Declared after every folder it watches, so it stops before they close.
    PageReleaserGuard pages;
    pages.releaser.watch(folder.evidence());
    for (const auto& c : copies) pages.releaser.watch(c->folder.evidence());
    pages.releaser.start();

    EventLog read_log;
    const po::PostOffice input =
        po::read_post_office(folder.source(), po::releasing_pages(folder), read_log);
    std::vector<repair::OtherCopy> others;
    for (const auto& c : copies) others.push_back({c->name, &c->folder.source(), &c->model});

    const repair::Findings findings =
        repair::run_detectors(repair::reading_through(folder, input, read_log));
    const bool clean = only_notes(findings);
    repair::Salvage salvage =
        clean ? repair::Salvage{}
              : repair::salvage_post_office(folder.source(), input, findings, others,
                                            connector ? &*connector : nullptr);

    nlohmann::json summary{{"tool", tool_json()},
                           {"input", args.folder},
                           {"out", args.out},
                           {"dry_run", args.dry_run},
                           {"other_post_offices", nlohmann::json::array()},
                           {"findings", findings.size()},
                           {"causes", repair::count_causes(findings)},
                           {"clean", clean},
                           {"quarantined_spans", salvage.quarantine.size()},
                           {"lost_and_found", salvage.lost_and_found.size()},
                           {"messages_restored", salvage.messages_restored}};
    for (const auto& o : others) summary["other_post_offices"].push_back(o.name);
    summary["connector"] = connector_dir.string();
    summary["connector_messages"] = connector ? connector->messages() : 0;

    if (args.dry_run) {
        summary["plan"] = clean ? "copy the post office unchanged (nothing to repair)"
                                : "rebuild from the salvaged records";
        summary["messages_planned"] = clean ? input.messages.size() : salvage.spec.messages.size();
        if (args.json) {
            nlohmann::json f = nlohmann::json::array();
            for (std::size_t i = 0; i < findings.size(); ++i)
                f.push_back(casefolder::finding_json(findings[i], i));
            summary["finding_list"] = f;
            fmt::print("{}\n",
                       summary.dump(2, ' ', false, nlohmann::json::error_handler_t::replace));
        } else {
            fmt::print("repair (dry run) of {}: {} finding(s), {} cause(s); {}\n", args.folder,
                       findings.size(), repair::count_causes(findings),
                       summary["plan"].get<std::string>());
            for (const auto& f : findings) {
                if (!f.cause) {
                    fmt::print("  {}@{} {} {} {}{}: {}\n", f.file, f.offset, f.code, f.structure,
                               f.field, f.key != 0 ? fmt::format(" (key {})", f.key) : "",
                               f.detail);
                }
            }
        }
        return to_int(clean ? ExitCode::clean : ExitCode::problems);
    }

    // summary.json is written last: a folder without it (a killed or failed repair) is never a
    // finished repair. Refused like any used folder, with a message that says so; a repair is
    // not resumed (docs/reliability.md).
    if (std::error_code ec; std::filesystem::is_directory(args.out, ec) &&
                            !std::filesystem::is_empty(args.out, ec) &&
                            !std::filesystem::exists(args.out + "/summary.json", ec)) {
        throw IoError(args.out +
                      ": output folder is not empty and holds no summary.json (an interrupted "
                      "repair, or other files): not a finished repair; remove it and run again, "
                      "or give a new folder");
    }
    const OutputFolder out = OutputFolder::create_new(args.out);
    std::vector<po::WrittenFile> written;
    if (clean) {
        // Nothing to repair: the post office files are copied byte for byte; rewriting a
        // healthy post office would be a change nobody asked for.
        for (std::size_t i = 0; i < folder.source().files.size(); ++i) {
            const auto& f = folder.source().files[i];
            const auto role = po::classify_file_name(f.name);
            if (role != po::PoFileRole::clandata && role != po::PoFileRole::mlandata &&
                role != po::PoFileRole::usr)
                continue;
            const std::string rel = "post-office/" + f.name;
            AtomicFile file(out, rel);
            file.write(f.bytes);
            written.push_back({rel, f.bytes.size(), file.commit()});
        }
    } else {
        try {
            written = po::write_post_office(out, "post-office", salvage.spec);
            // The rebuilt files hold it now: the read-back need not share memory with it.
            salvage.spec = po::PostOfficeSpec{};
        } catch (const UsageError& e) {
            // The salvage handed the writer something the model forbids: a ccsalvage defect,
            // not a usage error of the person running it.
            print_error(std::string("the salvaged records could not be rebuilt: ") + e.what());
            return to_int(ExitCode::internal_error);
        }
    }

    // Read the result back: the log is the difference of the two models, and the result must
    // be clean (section 17, step 7).
    result_folder = po::PostOfficeFolder::open(out.resolve("post-office"));
    pages.releaser.watch(result_folder->evidence());
    EventLog verify_log;
    const po::PostOffice result = po::read_post_office(
        result_folder->source(), po::releasing_pages(*result_folder), verify_log);
    std::vector<repair::Change> changes;
    if (!clean) {
        changes = repair::diff_post_offices(input, result);
        const auto tables =
            repair::diff_allocation_tables(input, folder.source(), result, result_folder->source());
        changes.insert(changes.end(), tables.begin(), tables.end());
    }

    casefolder::write_repair_records(
        [&out](std::string_view rel, std::string_view bytes) { return out.write_file(rel, bytes); },
        findings, salvage, changes);

    nlohmann::json files = nlohmann::json::array();
    for (const auto& w : written)
        files.push_back({{"path", w.relative}, {"size", w.size}, {"sha256", w.sha256}});
    summary["written"] = files;
    summary["changes"] = changes.size();
    summary["verify_errors"] = verify_log.count(Severity::error);
    summary["verify_warnings"] = verify_log.count(Severity::warning);
    const bool verified = !verify_log.has_problems();
    summary["verified_clean"] = verified;
    out.write_file("summary.json",
                   summary.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");

    if (args.json) {
        fmt::print("{}\n", summary.dump(2, ' ', false, nlohmann::json::error_handler_t::replace));
    } else {
        fmt::print("repair of {} into {}\n", args.folder, args.out);
        fmt::print(
            "  {} finding(s), {} cause(s); {} change(s); {} span(s) quarantined; {} in "
            "lost-and-found\n",
            findings.size(), repair::count_causes(findings), changes.size(),
            salvage.quarantine.size(), salvage.lost_and_found.size());
        fmt::print("  repaired post office read back: {}\n",
                   verified ? "clean" : "NOT clean (a ccsalvage defect; see below)");
    }
    if (!verified) {
        print_error("the repaired post office is not clean:");
        print_events_text(verify_log);
        return to_int(ExitCode::internal_error);
    }
    return to_int(clean ? ExitCode::clean : ExitCode::problems);
}

}  // namespace

void add_repair_command(CLI::App& app, int& exit_code) {
    auto args = std::make_shared<RepairArgs>();
    auto* command = app.add_subcommand(
        "repair",
        "Repair a post office offline: detect, salvage, rebuild into a new folder, log every "
        "change; the input is only read.");
    command->add_option("folder", args->folder, "the post office folder")->required();
    command->add_option("--out", args->out, "new output folder")->required();
    command->add_flag("--dry-run", args->dry_run,
                      "write nothing; report the findings and the plan");
    command->add_flag("--json", args->json, "print the summary as JSON");
    command->add_flag("--no-case", args->no_case,
                      "do not read the sibling post office folders (nor ../Ccmcdata) as other "
                      "copies");
    command->add_option("--connector", args->connector,
                        "the connector's Ccmcdata folder, whose .ccm and .und copies restore "
                        "headers (default: ../Ccmcdata beside PO_DIR when it exists)");
    command->callback([args, &exit_code] { exit_code = run_repair(*args); });
}

}  // namespace ccsalvage::cli
