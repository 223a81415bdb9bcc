// Stage "export": exporting::run (docs/export.md) from the REPAIRED post office the repair
// stage wrote (CASE/repair/post-office), once per format of `--export` (default mbox), into
// CASE/export/<format>/. The export keeps its own journal there, so a rerun finishes an
// interrupted export instead of starting again; duplicates (same identity) are recorded, not
// written twice; damaged messages are quarantined with a reason. The nothing-is-lost check:
// for each format, every message of the repaired post office must have at least one placement
// in the export's manifest.jsonl (exported, duplicate or quarantined; a message is placed once
// per folder holding it), and the manifest's placements must equal exported + written by an
// earlier run + duplicates + quarantined; otherwise an error finding.
#include <fmt/format.h>

#include <cstddef>
#include <future>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "case/case_folder.hpp"
#include "case/stages/stages.hpp"
#include "core/errors.hpp"
#include "export/request.hpp"
#include "parsers/po/reader.hpp"

namespace ccsalvage::casefolder {

namespace {

std::optional<exporting::Format> format_named(std::string_view name) {
    for (const auto f : {exporting::Format::maildir, exporting::Format::mbox,
                         exporting::Format::eml, exporting::Format::ccm}) {
        if (exporting::to_string(f) == name) return f;
    }
    return std::nullopt;
}

struct ManifestCounts {
    std::uint64_t placements = 0;
    std::map<std::string, std::uint64_t> by_outcome;
    std::set<std::uint64_t> numbers;  // message numbers of post office placements
};

ManifestCounts read_manifest(const StageContext& context, const std::string& format) {
    ManifestCounts out;
    // Line by line: the manifest has a line per placement (44 MB at a 1 GiB post office).
    const bool read = context.folder.read_lines(
        fmt::format("export/{}/manifest.jsonl", format), [&out](std::string_view line) {
            const auto j = nlohmann::json::parse(line, nullptr, false);
            if (!j.is_object()) return;
            ++out.placements;
            ++out.by_outcome[j.value("outcome", std::string("?"))];
            if (j.contains("number") && j["number"].is_number_unsigned()) {
                out.numbers.insert(j["number"].get<std::uint64_t>());
            }
        });
    if (!read) return {};  // unreadable: nothing counted, as when it is missing
    return out;
}

class ExportStage final : public Stage {
  public:
    std::string_view name() const override { return "export"; }
    std::string_view description() const override {
        return "export every message of the repaired post office (--export: mbox by default; "
               "maildir, eml, ccm) into CASE/export/<format>, duplicates once";
    }
    std::vector<std::string> inputs(const RescueOptions&,
                                    const EvidenceSet& evidence) const override {
        return evidence.all_files();
    }
    bool applies(const RescueOptions& options) const override {
        return !options.export_formats.empty();
    }
    // It exports the post office the repair stage wrote.
    std::vector<std::string_view> needs() const override { return {"repair"}; }
    void run(StageContext& context) const override {
        auto& out = context.contribution;
        const auto stage = std::string(name());
        const auto repaired = context.output.resolve("repair/post-office");

        // What the export must account for: every message the repaired post office holds.
        // A read of its own, which with --jobs 2 or more runs beside the first export.
        const auto count_messages = [repaired] {
            std::set<std::uint64_t> numbers;
            const auto folder = po::PostOfficeFolder::open(repaired);
            EventLog ignored;
            po::ReadOptions compact;  // only the numbers are needed
            compact.messages = po::MessageDetail::compact;
            const auto po = po::read_post_office(folder.source(),
                                                 po::releasing_pages(folder, compact), ignored);
            for (const auto& m : po.messages) numbers.insert(m.header.message_number);
            for (const auto& m : po.recovered_messages) numbers.insert(m.header.message_number);
            return numbers;
        };
        auto counting = std::async(
            context.options.jobs > 1 ? std::launch::async : std::launch::deferred, count_messages);
        std::set<std::uint64_t> found;
        bool counted = false;
        const auto facts_start = out.facts.size();
        const auto await_count = [&] {
            if (counted) return;
            found = counting.get();
            counted = true;
            out.facts.insert(
                out.facts.begin() + static_cast<std::ptrdiff_t>(facts_start),
                {"export: messages in the repaired post office", std::to_string(found.size())});
        };

        for (const auto& name_text : context.options.export_formats) {
            const auto format = format_named(name_text);
            if (!format) throw UsageError("unknown export format: " + name_text);
            exporting::ExportRequest request;
            request.sources.push_back(repaired);
            request.format = *format;
            request.out = context.output.resolve(fmt::format("export/{}", name_text));
            request.progress = false;
            // The same bytes for any number of threads (docs/export.md); batch flushes once
            // per commit of the journal. The export gets every thread of the rescue: it runs
            // last but for the ledger and the knowledge base, and its main thread runs queued
            // messages itself when the workers are busy, so a core another stage still holds
            // is not wasted.
            request.jobs = context.options.jobs;
            request.fsync = context.options.fsync;
            request.reader.code_page = context.options.code_page;
            EventLog log;
            const auto stats = exporting::run(request, log);
            await_count();
            context.audit("export.finished", {{"format", name_text},
                                              {"exported", stats.exported},
                                              {"skipped_existing", stats.skipped_existing},
                                              {"duplicates", stats.duplicates},
                                              {"earlier_duplicates", stats.earlier_duplicates},
                                              {"quarantined", stats.quarantined},
                                              {"earlier_quarantined", stats.earlier_quarantined},
                                              {"errors", stats.errors},
                                              {"complete", stats.complete}});
            // A message is placed once per folder that holds it (docs/export.md); the manifest
            // lists every placement with its outcome.
            // The whole export's figures, whichever run settled each message: a rescue that
            // resumes an interrupted export reports what an uninterrupted one does.
            const auto exported = stats.exported + stats.skipped_existing;
            const auto duplicates = stats.duplicates + stats.earlier_duplicates;
            const auto quarantined = stats.quarantined + stats.earlier_quarantined;
            const auto warnings = stats.warnings + stats.earlier_warnings;
            const auto ended = exported + duplicates + quarantined;
            const auto manifest = read_manifest(context, name_text);
            std::uint64_t unaccounted = 0;
            for (const auto n : found) unaccounted += manifest.numbers.contains(n) ? 0U : 1U;
            const auto outcome = [&manifest](const char* o) {
                const auto it = manifest.by_outcome.find(o);
                return it == manifest.by_outcome.end() ? std::uint64_t{0} : it->second;
            };
            const auto key = fmt::format("export {}", name_text);
            out.facts.push_back(
                {key, fmt::format("{} placement(s) exported, {} duplicate(s) recorded, {} "
                                  "quarantined, {} error(s), {} warning(s); into export/{}{}",
                                  exported, duplicates, quarantined, stats.errors, warnings,
                                  name_text, stats.complete ? "" : " (NOT complete)")});
            const bool holds = unaccounted == 0 && manifest.placements == ended;
            out.facts.push_back(
                {key + ": nothing lost",
                 holds ? fmt::format("holds: all {} messages placed; {} placements = {} exported + "
                                     "{} duplicate + {} quarantined",
                                     found.size(), manifest.placements, outcome("exported"),
                                     outcome("duplicate"), outcome("quarantined"))
                       : fmt::format("BROKEN: {} message(s) in no placement; {} placements in "
                                     "manifest.jsonl, {} counted by the export",
                                     unaccounted, manifest.placements, ended)});
            if (!holds || !stats.complete || stats.errors > 0) {
                report::Finding f;
                f.pattern = report::kPatternLost;
                f.code = "EXPORT-totals";
                f.severity = "error";
                f.title = "the export does not account for every message (nothing-is-lost check)";
                f.detail = fmt::format(
                    "{}: {} exported + {} duplicates + {} quarantined = {} placements ({} in "
                    "manifest.jsonl); {} of the {} messages in no placement; complete: {}; "
                    "errors: {}",
                    name_text, exported, duplicates, quarantined, ended, manifest.placements,
                    unaccounted, found.size(), stats.complete, stats.errors);
                f.stage = stage;
                out.findings.push_back(std::move(f));
            }
        }
        await_count();  // no format listed: still counted, as before
        out.limits.push_back(
            "export reads the repaired post office only: messages the ledger shows only in the "
            "connector store (missing-from-post-office, stuck-in-queue) are in the ledger and "
            "the connector's own files, not in CASE/export.");
    }
};

}  // namespace

std::unique_ptr<Stage> make_export_stage() { return std::make_unique<ExportStage>(); }

}  // namespace ccsalvage::casefolder
