#include "case/rescue.hpp"

#include <pwd.h>
#include <unistd.h>

#include <array>
#include <ccsalvage/build_info.hpp>
#include <map>

#include <fmt/format.h>

#include "case/case_folder.hpp"
#include "core/errors.hpp"
#include "core/exit_codes.hpp"
#include "core/sha256.hpp"
#include "report/render.hpp"

namespace ccsalvage::casefolder {

namespace fs = std::filesystem;

namespace {

constexpr int kManifestFormat = 1;
constexpr std::string_view kCaseKind = "ccsalvage-case";

std::string tool_build() {
    return fmt::format("{} ({})", build_info::version, build_info::git_describe);
}

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

// What makes a stage's earlier result reusable: the build and the hashes of what it reads.
nlohmann::json stage_key(const Stage& stage, const RescueOptions& options,
                         const EvidenceSet& evidence) {
    nlohmann::json inputs = nlohmann::json::object();
    for (const auto& name : stage.inputs(options, evidence)) {
        const auto* item = evidence.find(name);
        inputs[name] = item != nullptr ? item->sha256 : "";
    }
    return {{"tool", tool_build()},
            {"code_page", std::string(code_page_name(options.code_page))},
            {"hex_context", options.hex_context},
            {"export", options.export_formats},
            {"inputs", inputs}};
}

std::string state_path(const Stage& stage) { return fmt::format("stages/{}.json", stage.name()); }

// path -> SHA-256 of the outputs the last manifest recorded.
using Recorded = std::map<std::string, std::string>;

Recorded recorded_outputs(const nlohmann::json& manifest) {
    Recorded out;
    if (!manifest.is_object() || !manifest.contains("outputs")) return out;
    for (const auto& o : manifest["outputs"]) {
        if (o.is_object() && o.contains("path") && o.contains("sha256") && o["path"].is_string() &&
            o["sha256"].is_string()) {
            out[o["path"].get<std::string>()] = o["sha256"].get<std::string>();
        }
    }
    return out;
}

// A stage's saved result is reused only when it is the file the manifest recorded (a file
// edited since, or left by a run that did not finish, is not) and was computed for the same key.
std::optional<report::Contribution> earlier_result(const CaseFolder& folder, const Stage& stage,
                                                   const nlohmann::json& key,
                                                   const Recorded& recorded) {
    const auto text = folder.read(state_path(stage));
    if (!text) return std::nullopt;
    const auto it = recorded.find(state_path(stage));
    if (it == recorded.end() || it->second != sha256_hex(*text)) return std::nullopt;
    const auto state = nlohmann::json::parse(*text, nullptr, false);
    if (state.is_discarded() || !state.is_object() || state.value("key", nlohmann::json()) != key) {
        return std::nullopt;
    }
    try {
        return state.at("contribution").get<report::Contribution>();
    } catch (const nlohmann::json::exception&) {
        return std::nullopt;  // an unreadable state is run again, never trusted
    }
}

std::string dump(const nlohmann::json& j) {
    return j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
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
            {"dry_run", o.dry_run}};
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
    return folder.write(relative, bytes, stage_name);
}

RescueResult run_rescue(const RescueOptions& options) {
    check_separate(options);
    const auto started = utc_now();
    const auto evidence = EvidenceSet::open(options.post_office, options.connector, options.events);

    auto folder = CaseFolder::open(options.case_dir);
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
        folder.write(kManifest, dump(manifest), "case");
    };
    folder.audit("run.started", {{"command_line", options.command_line},
                                 {"resumed", result.resumed},
                                 {"tool", tool_identity()},
                                 {"host", host_name()},
                                 {"user", user_name()}});
    for (const auto& item : evidence.items()) {
        folder.audit("evidence.hashed", {{"file", item.file},
                                         {"role", item.role},
                                         {"size", item.size},
                                         {"sha256", item.sha256}});
    }

    nlohmann::json inputs_before = nlohmann::json::array();
    for (const auto& item : evidence.items()) {
        inputs_before.push_back({{"file", item.file},
                                 {"role", item.role},
                                 {"size_before", item.size},
                                 {"sha256_before", item.sha256}});
    }
    write_manifest(nullptr, nlohmann::json::array(), inputs_before, previous_outputs);

    auto& report = result.report;
    report = new_report(options);
    report.stages.push_back(
        {"evidence", "hash every input file (SHA-256) before and after the run", "ran"});
    nlohmann::json stages_json = nlohmann::json::array();
    for (const auto& stage : make_stages()) {
        report::StageRecord record{std::string(stage->name()), std::string(stage->description()),
                                   ""};
        std::string action = "not applicable";
        if (!stage->applies(options)) {
            record.status = "not applicable";
            folder.audit("stage.not_applicable", {{"stage", stage->name()}});
        } else {
            const auto key = stage_key(*stage, options, evidence);
            auto contribution =
                result.resumed ? earlier_result(folder, *stage, key, recorded) : std::nullopt;
            if (contribution) {
                // The report says "ran" either way, so that a resumed run reports the same
                // bytes; which run did the work is in the manifest and the audit trail.
                record.status = "ran";
                action = "resumed";
                folder.audit("stage.resumed",
                             {{"stage", stage->name()}, {"inputs", key["inputs"]}});
            } else {
                folder.audit("stage.started",
                             {{"stage", stage->name()}, {"inputs", key["inputs"]}});
                contribution.emplace();
                StageContext context{options,       evidence, report,
                                     *contribution, folder,   stage->name()};
                stage->run(context);
                const nlohmann::json state{
                    {"stage", stage->name()}, {"key", key}, {"contribution", *contribution}};
                folder.write(state_path(*stage), dump(state), stage->name());
                record.status = "ran";
                action = "ran";
                folder.audit("stage.finished", {{"stage", stage->name()},
                                                {"findings", contribution->findings.size()}});
            }
            report::merge(report, *contribution);
        }
        stages_json.push_back({{"name", record.name}, {"action", action}});
        result.stage_actions.emplace_back(record.name, action);
        report.stages.push_back(std::move(record));
    }
    for (const auto& missing : stages_not_in_this_build()) {
        report.stages.push_back(
            {std::string(missing.name), std::string(missing.description), "not in this build"});
    }

    // Chain of custody: every input read again after the stages.
    const auto after = evidence.rehash();
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

    folder.write("report.json", dump(report::render_json(report)), "report");
    folder.write("report.md", report::render_markdown(report), "report");
    folder.write("report.html", report::render_html(report), "report");

    const auto ended = utc_now();
    const std::vector<std::string> bookkeeping{std::string(kManifest), std::string(kAudit),
                                               std::string(kSums)};
    nlohmann::json outputs = nlohmann::json::array();
    for (const auto& o : folder.list_outputs(bookkeeping)) {
        outputs.push_back({{"path", o.path}, {"size", o.size}, {"sha256", o.sha256}});
    }
    write_manifest(ended, stages_json, inputs, outputs);

    // SHA256SUMS covers every file, the manifest and the audit trail included, so the audit
    // trail's last line announces it.
    const std::vector<std::string> only_sums{std::string(kSums)};
    folder.audit("sums.writing", {{"path", kSums}, {"ended", ended}});
    const auto sums = folder.list_outputs(only_sums);
    folder.output().write_file(kSums, sha256sums_text(sums));

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
    const auto evidence = EvidenceSet::open(options.post_office, options.connector, options.events);
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
    for (const auto* f : {"report.json", "report.md", "report.html"}) writes.push_back(f);
    for (const auto f : {kManifest, kAudit, kSums}) writes.push_back(f);
    plan["stages"] = stages;
    plan["would_write"] = writes;
    return plan;
}

}  // namespace ccsalvage::casefolder
