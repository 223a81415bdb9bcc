#include "case/rescue.hpp"

#include <pwd.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <ccsalvage/build_info.hpp>
#include <map>
#include <set>

#include <fmt/format.h>

#include "case/case_folder.hpp"
#include "case/parallel_for.hpp"
#include "case/stage_runner.hpp"
#include "case/stage_state.hpp"
#include "core/errors.hpp"
#include "core/exit_codes.hpp"
#include "core/sha256.hpp"
#include "repair/page_releaser.hpp"
#include "report/render.hpp"

namespace ccsalvage::casefolder {

namespace fs = std::filesystem;

namespace {

constexpr int kManifestFormat = 1;
constexpr std::array<const char*, 3> kReports{"report.json", "report.md", "report.html"};
constexpr std::string_view kCaseKind = "ccsalvage-case";

std::string host_name() {
    std::array<char, 256> name{};
    if (::gethostname(name.data(), name.size() - 1) != 0) return "unknown";
    return name.data();
}

std::string user_name() {
    if (const auto* pw = ::getpwuid(::geteuid()); pw != nullptr && pw->pw_name != nullptr) {
        return pw->pw_name;
    }
    return std::to_string(::geteuid());
}

bool inside(const fs::path& inner, const fs::path& outer) {
    std::error_code ec;
    const auto a = fs::weakly_canonical(inner, ec);
    const auto b = fs::weakly_canonical(outer, ec);
    const auto rel = a.lexically_relative(b);
    return !rel.empty() && *rel.begin() != "..";
}

void check_separate(const RescueOptions& o) {
    for (const auto* evidence : {&o.post_office, o.connector ? &*o.connector : nullptr}) {
        if (evidence == nullptr) continue;
        if (inside(o.case_dir, *evidence) || inside(*evidence, o.case_dir)) {
            throw UsageError(
                fmt::format("the case folder {} and the evidence {} must not contain one another",
                            o.case_dir.string(), evidence->string()));
        }
    }
}

std::string absolute_text(const fs::path& p) {
    std::error_code ec;
    return fs::weakly_canonical(p, ec).string();
}

nlohmann::json tool_identity() {
    return {{"name", "ccsalvage"},
            {"version", build_info::version},
            {"build", build_info::git_describe},
            {"compiler", build_info::compiler},
            {"build_type", build_info::build_type}};
}

nlohmann::json options_json(const RescueOptions& o) {
    return {{"post_office", o.post_office.string()},
            {"connector", o.connector ? nlohmann::json(o.connector->string()) : nlohmann::json()},
            {"case", o.case_dir.string()},
            {"code_page", std::string(code_page_name(o.code_page))},
            {"hex_context", o.hex_context},
            {"export", o.export_formats},
            {"events",
             [&o] {
                 auto list = nlohmann::json::array();
                 for (const auto& e : o.events) list.push_back(e.string());
                 return list;
             }()},
            {"dry_run", o.dry_run},
            {"fsync", o.fsync == exporting::FsyncPolicy::batch ? "batch" : "safe"}};
}

report::Report new_report(const RescueOptions& o) {
    report::Report r;
    r.tool_version = tool_build();
    r.post_office = o.post_office.string();
    r.connector = o.connector ? o.connector->string() : "";
    return r;
}

}  // namespace

std::string StageContext::write(std::string_view relative, std::string_view bytes) const {
    const auto sha = output.write_file(relative, bytes);
    audit("file.written",
          {{"path", relative}, {"size", bytes.size()}, {"sha256", sha}, {"by", stage_name}});
    return sha;
}

RescueResult run_rescue(const RescueOptions& options) {
    check_separate(options);
    const auto started = utc_now();
    const auto evidence =
        EvidenceSet::open(options.post_office, options.connector, options.events, options.jobs);

    auto folder = CaseFolder::open(options.case_dir);
    // --fsync batch: nothing is flushed file by file (or audit line by line); each step ends
    // with one syncfs instead (flush_step).
    const bool batch = options.fsync == exporting::FsyncPolicy::batch;
    folder.set_durable(!batch);
    const auto flush_step = [&folder, batch] {
        if (batch) folder.output().sync_file_system();
    };
    nlohmann::json previous_runs = nlohmann::json::array();
    nlohmann::json previous_outputs = nlohmann::json::array();
    Recorded recorded;
    if (folder.resumed()) {
        const auto text = folder.read(kManifest);
        const auto manifest = nlohmann::json::parse(text.value_or(""), nullptr, false);
        if (manifest.is_discarded() || manifest.value("kind", "") != kCaseKind) {
            throw UsageError(options.case_dir.string() +
                             ": its manifest.json is not a ccsalvage case manifest");
        }
        if (manifest.value("post_office_path", "") != absolute_text(options.post_office)) {
            throw UsageError(
                fmt::format("{} is the case folder of {}, not of {}; give a new case folder",
                            options.case_dir.string(), manifest.value("post_office_path", "?"),
                            absolute_text(options.post_office)));
        }
        previous_runs = manifest.value("runs", nlohmann::json::array());
        recorded = recorded_outputs(manifest);
        previous_outputs = manifest.value("outputs", nlohmann::json::array());
    }

    RescueResult result;
    result.resumed = folder.resumed();
    // Written at the start too (not ended, the earlier run's outputs), so that a run that dies
    // leaves a case folder the next run can resume.
    const auto write_manifest = [&](const nlohmann::json& ended, const nlohmann::json& stages,
                                    const nlohmann::json& inputs, const nlohmann::json& outputs) {
        auto runs = previous_runs;
        runs.push_back({{"started", started},
                        {"ended", ended},
                        {"command_line", options.command_line},
                        {"host", host_name()},
                        {"user", user_name()},
                        {"resumed", result.resumed},
                        {"stages", stages}});
        const nlohmann::json manifest{{"kind", kCaseKind},
                                      {"format", kManifestFormat},
                                      {"tool", tool_identity()},
                                      {"command_line", options.command_line},
                                      {"options", options_json(options)},
                                      {"post_office_path", absolute_text(options.post_office)},
                                      {"started", started},
                                      {"ended", ended},
                                      {"host", host_name()},
                                      {"user", user_name()},
                                      {"inputs", inputs},
                                      {"outputs", outputs},
                                      {"runs", runs}};
        // The manifest decides what a resumed run trusts, so it is flushed on its own in
        // both modes, and under batch only once everything it lists is on disk.
        flush_step();
        folder.set_durable(true);
        folder.write(kManifest, dump_json(manifest), "case");
        folder.set_durable(!batch);
    };
    folder.audit("run.started", {{"command_line", options.command_line},
                                 {"resumed", result.resumed},
                                 {"tool", tool_identity()},
                                 {"host", host_name()},
                                 {"user", user_name()}});
    if (folder.restarted()) {
        folder.audit("run.restarted",
                     {{"reason",
                       "the earlier run was interrupted before it wrote its first manifest: "
                       "nothing of it is reused"}});
    }
    if (folder.torn_audit_line() != 0) {
        folder.audit("audit.torn_line", {{"line", folder.torn_audit_line()},
                                         {"reason",
                                          "the earlier run was interrupted while writing this "
                                          "line of the audit trail; it is kept as it was cut"}});
    }
    if (folder.removed_temporaries() > 0) {
        folder.audit("temporaries.removed", {{"count", folder.removed_temporaries()}});
    }
    for (const auto& item : evidence.items()) {
        folder.audit("evidence.hashed", {{"file", item.file},
                                         {"role", item.role},
                                         {"size", item.size},
                                         {"sha256", item.sha256}});
    }

    {
        // Freed once written: a JSON object per evidence file (about 320 bytes each, 3.8 MiB
        // for a connector store of 12,000 files) would otherwise last the whole run.
        nlohmann::json inputs_before = nlohmann::json::array();
        for (const auto& item : evidence.items()) {
            inputs_before.push_back({{"file", item.file},
                                     {"role", item.role},
                                     {"size_before", item.size},
                                     {"sha256_before", item.sha256}});
        }
        write_manifest(nullptr, nlohmann::json::array(), inputs_before, previous_outputs);
    }
    // The earlier run's outputs (a resumed run: a line per exported file) are not read again.
    previous_outputs = nlohmann::json();

    auto& report = result.report;
    report = new_report(options);
    report.stages.push_back(
        {"evidence", "hash every input file (SHA-256) before and after the run", "ran"});
    const auto base = report;
    const auto stages = make_stages();
    // The stages read the post office several times over (post-office, repair, ledger), each
    // through read-only mappings; without this, every page they touched would stay in the
    // resident set and rescue's peak would grow with the post office (twice its size was
    // measured). Dropping the mapped pages every 10 ms changes residency, never content.
    std::vector<StageOutcome> outcomes;
    {
        repair::PageReleaser pages(std::chrono::milliseconds(10));
        pages.watch(evidence.post_office().evidence());
        pages.watch(evidence.und_files());
        pages.watch(evidence.event_logs());
        pages.start();
        outcomes = run_stages(stages, {options, evidence, folder, recorded, result.resumed, base});
    }
    nlohmann::json stages_json = nlohmann::json::array();
    for (const auto& outcome : outcomes) {
        // The report says "ran" for a resumed stage too, so that a resumed run reports the same
        // bytes; which run did the work is in the manifest and the audit trail.
        const bool applied = outcome.contribution.has_value();
        if (applied) report::merge(report, *outcome.contribution);
        stages_json.push_back({{"name", outcome.name}, {"action", outcome.action}});
        result.stage_actions.emplace_back(outcome.name, outcome.action);
        report.stages.push_back(
            {outcome.name, outcome.description, applied ? "ran" : "not applicable"});
    }
    for (const auto& missing : stages_not_in_this_build()) {
        report.stages.push_back(
            {std::string(missing.name), std::string(missing.description), "not in this build"});
    }

    if (batch) {
        report.limits.push_back(
            "written with --fsync batch: the files of the case folder and the lines of "
            "audit.jsonl were not flushed to disk one by one but with one syncfs at the end of "
            "each step (evidence hashing, each stage, the report, the checksums; the export per "
            "commit of its journal). A power loss during the run could lose what was written "
            "since the last flush; the next run into the same folder redoes every stage whose "
            "result the final manifest does not record.");
    }

    // Chain of custody, once every stage has finished: every input read again, and every
    // file the stages wrote read back for the outputs' hashes, in one pool of --jobs threads,
    // largest file first (the evidence's MLANDATA and the repaired one are most of the bytes;
    // hashed in two passes, each pass ended on one thread). The reports, written next since
    // they state these results, are read back after them.
    const std::set<std::string> bookkeeping{std::string(kManifest), std::string(kAudit),
                                            std::string(kSums)};
    // The reports are left out here: an earlier run's may be in the folder, and the ones
    // written below replace them.
    std::set<std::string> written_later = bookkeeping;
    written_later.insert(std::begin(kReports), std::end(kReports));
    std::vector<EvidenceItem> after(evidence.items().size());
    auto listed = folder.list_output_files(written_later);
    const auto order = largest_first(after.size() + listed.size(), [&](std::size_t i) {
        return i < after.size() ? evidence.items()[i].size : listed[i - after.size()].size;
    });
    parallel_for_in_order(order, options.jobs, [&](std::size_t i) {
        if (i < after.size()) {
            after[i] = evidence.rehash_item(i);
        } else {
            folder.hash_output(listed[i - after.size()]);
        }
    });
    nlohmann::json inputs = nlohmann::json::array();
    for (std::size_t i = 0; i < after.size(); ++i) {
        const auto& before = evidence.items()[i];
        const bool same = before.sha256 == after[i].sha256 && before.size == after[i].size;
        result.evidence_changed = result.evidence_changed || !same;
        report.evidence.push_back(
            {before.file, before.size, before.sha256, after[i].sha256, after[i].size});
        inputs.push_back({{"file", before.file},
                          {"role", before.role},
                          {"size_before", before.size},
                          {"sha256_before", before.sha256},
                          {"size_after", after[i].size},
                          {"sha256_after", after[i].sha256},
                          {"unchanged", same}});
        folder.audit("evidence.rehashed",
                     {{"file", before.file}, {"sha256", after[i].sha256}, {"unchanged", same}});
    }

    folder.write(kReports[0], dump_json(report::render_json(report)), "report");
    folder.write(kReports[1], report::render_markdown(report), "report");
    folder.write(kReports[2], report::render_html(report), "report");

    const auto ended = utc_now();
    // The reports, read back like every output (the folder is not listed again: nothing else
    // was written since).
    for (const char* name : kReports) {
        OutputRecord record{name, 0, {}};
        folder.hash_output(record);
        listed.push_back(std::move(record));
    }
    std::sort(listed.begin(), listed.end(),
              [](const OutputRecord& a, const OutputRecord& b) { return a.path < b.path; });
    nlohmann::json outputs = nlohmann::json::array();
    for (const auto& o : listed) {
        outputs.push_back({{"path", o.path}, {"size", o.size}, {"sha256", o.sha256}});
    }
    write_manifest(ended, stages_json, inputs, outputs);

    // SHA256SUMS covers every file, the manifest and the audit trail included, so the audit
    // trail's last line announces it. Nothing but those two was written since the listing
    // above, whose hashes are reused rather than read again.
    folder.audit("sums.writing", {{"path", kSums}, {"ended", ended}});
    std::set<std::string> hashed{std::string(kSums)};
    for (const auto& o : listed) hashed.insert(o.path);
    auto sums = listed;
    for (const auto& o : folder.list_outputs(hashed, options.jobs)) sums.push_back(o);
    std::sort(sums.begin(), sums.end(),
              [](const OutputRecord& a, const OutputRecord& b) { return a.path < b.path; });
    folder.output().write_file(kSums, sha256sums_text(sums));
    flush_step();

    const auto t = report::totals(report);
    std::uint64_t suppressed = 0;
    for (const auto& [code, n] : report.suppressed) suppressed += n;
    if (result.evidence_changed) {
        result.exit_code = to_int(ExitCode::io_error);
    } else if (t.errors + t.warnings + suppressed > 0) {
        result.exit_code = to_int(ExitCode::problems);
    } else {
        result.exit_code = to_int(ExitCode::clean);
    }
    return result;
}

nlohmann::json plan_rescue(const RescueOptions& options) {
    check_separate(options);
    const auto evidence =
        EvidenceSet::open(options.post_office, options.connector, options.events, options.jobs);
    std::error_code ec;
    const bool existing = fs::exists(options.case_dir, ec) && !fs::is_empty(options.case_dir, ec);
    std::optional<CaseFolder> folder;
    Recorded recorded;
    if (existing) {
        folder.emplace(CaseFolder::open(options.case_dir));  // checks, writes nothing
        recorded = recorded_outputs(
            nlohmann::json::parse(folder->read(kManifest).value_or(""), nullptr, false));
    }

    nlohmann::json plan{{"dry_run", true},
                        {"tool", tool_identity()},
                        {"options", options_json(options)},
                        {"case_folder", existing ? "resume" : "new"}};
    nlohmann::json files = nlohmann::json::array();
    for (const auto& item : evidence.items()) {
        files.push_back({{"file", item.file},
                         {"role", item.role},
                         {"size", item.size},
                         {"sha256", item.sha256}});
    }
    plan["evidence"] = files;
    nlohmann::json stages = nlohmann::json::array();
    nlohmann::json writes = nlohmann::json::array();
    for (const auto& stage : make_stages()) {
        std::string action = "run";
        if (!stage->applies(options)) {
            action = "not applicable";
        } else if (folder && earlier_result(*folder, *stage, stage_key(*stage, options, evidence),
                                            recorded)) {
            action = "resume";
        }
        if (action == "run") writes.push_back(state_path(*stage));
        stages.push_back({{"name", stage->name()},
                          {"description", stage->description()},
                          {"action", action},
                          {"inputs", stage->inputs(options, evidence).size()}});
    }
    for (const auto& missing : stages_not_in_this_build()) {
        stages.push_back({{"name", missing.name},
                          {"description", missing.description},
                          {"action", "not in this build"}});
    }
    for (const auto* f : kReports) writes.push_back(f);
    for (const auto f : {kManifest, kAudit, kSums}) writes.push_back(f);
    plan["stages"] = stages;
    plan["would_write"] = writes;
    return plan;
}

}  // namespace ccsalvage::casefolder
