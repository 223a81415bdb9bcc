// Stage "repair": the repair engine (repair/, docs/repair.md) as `ccsalvage repair --no-case
// --connector` runs it, into CASE/repair/: the repaired post office (repair/post-office/), the
// repair log, the findings, the field sources, the quarantine and the lost-and-found. Sibling
// folders of PO_DIR are NOT read as other copies: rescue reads only the evidence it hashed for
// the chain of custody (docs/case-folder.md). The repaired post office is read back and must
// be clean; the report shows what was repaired, every quarantined span (file, offset, hex, and
// the console-output finding it belongs to) and every lost-and-found entry with its reason.
#include <fmt/format.h>

#include <map>
#include <optional>

#include "case/case_folder.hpp"
#include "case/repair_records.hpp"
#include "case/stages/stages.hpp"
#include "core/errors.hpp"
#include "core/heap_release.hpp"
#include "parsers/po/reader.hpp"
#include "parsers/po/writer.hpp"
#include "repair/change_log.hpp"
#include "repair/connector_copies.hpp"
#include "repair/detector.hpp"
#include "repair/salvage.hpp"
#include "repair/scan/text_scanner.hpp"

namespace ccsalvage::casefolder {

namespace {

// Bytes of a quarantined span shown as hex in the report (the whole span is in the file).
constexpr std::uint64_t kQuarantineShown = 64;

bool only_notes(const repair::Findings& findings) {
    for (const auto& f : findings) {
        const auto* entry = find_event_code(f.code);
        if (entry == nullptr || entry->severity != Severity::note) return false;
    }
    return true;
}

bool ends_with_file(std::string_view shown, std::string_view name) {
    if (!shown.ends_with(name)) return false;
    const auto before = shown.size() - name.size();
    return before == 0 || shown[before - 1] == '/';
}

// The console-output finding of an earlier stage that covers a quarantined span, as
// "SCAN-console at FILE@OFFSET", so the report ties what the console wrote to what was cut out.
std::string console_finding_of(const report::Report& so_far, const repair::QuarantineEntry& q) {
    for (const auto& f : so_far.findings) {
        if (f.pattern != report::kPatternConsole || !ends_with_file(f.file, q.file)) continue;
        if (f.offset >= q.offset && f.offset < q.offset + std::max<std::uint64_t>(q.length, 1)) {
            return fmt::format("{} at {}@{}", f.code, f.file, f.offset);
        }
        if (q.offset >= f.offset && q.offset < f.offset + 512) {
            return fmt::format("{} at {}@{}", f.code, f.file, f.offset);
        }
    }
    return {};
}

class RepairStage final : public Stage {
  public:
    std::string_view name() const override { return "repair"; }
    std::string_view description() const override {
        return "detect, salvage and rebuild the post office into CASE/repair/post-office, with "
               "the repair log, quarantine and lost-and-found (as `repair --no-case` does)";
    }
    std::vector<std::string> inputs(const RescueOptions&,
                                    const EvidenceSet& evidence) const override {
        return evidence.all_files();
    }
    // Their console-output findings tie each quarantined span to what the console wrote.
    std::vector<std::string_view> needs() const override { return {"post-office", "console-scan"}; }
    void run(StageContext& context) const override {
        const auto& source = context.evidence.post_office().source();
        po::ReadOptions read_options;
        read_options.fallback_code_page = context.options.code_page;
        EventLog read_log;
        const po::PostOffice input = po::read_post_office(
            source, po::releasing_pages(context.evidence.post_office(), read_options), read_log);

        std::optional<repair::ConnectorStore> connector;
        if (context.options.connector) {
            connector = repair::ConnectorStore::open(*context.options.connector);
        }
        const repair::Findings findings = repair::run_detectors(
            repair::reading_through(context.evidence.post_office(), input, read_log));
        const bool clean = only_notes(findings);
        repair::Salvage salvage =
            clean ? repair::Salvage{}
                  : repair::salvage_post_office(source, input, findings, {},
                                                connector ? &*connector : nullptr);

        const auto& folder = context.output;
        const std::string_view into = "repair/post-office";
        std::vector<po::WrittenFile> written;
        std::string rebuild_error;
        if (clean) {
            // Nothing to repair: the files are copied byte for byte (as `repair` does).
            for (const auto& f : source.files) {
                const auto role = po::classify_file_name(f.name);
                if (role != po::PoFileRole::clandata && role != po::PoFileRole::mlandata &&
                    role != po::PoFileRole::usr) {
                    continue;
                }
                const std::string rel = fmt::format("{}/{}", into, f.name);
                written.push_back({rel, f.bytes.size(), context.write(rel, f.bytes)});
            }
        } else {
            try {
                po::WriterOptions writer;
                writer.write_behind = context.options.jobs > 1;
                written = po::write_post_office(folder, into, salvage.spec, writer);
            } catch (const UsageError& e) {
                rebuild_error = e.what();  // a ccsalvage defect; reported, the run goes on
            }
            for (const auto& w : written) {
                context.audit(
                    "file.written",
                    {{"path", w.relative}, {"size", w.size}, {"sha256", w.sha256}, {"by", name()}});
            }
        }
        // The spec is written: only its message count is reported. Freed before the repaired
        // post office is read back, the stage's peak (beside the ledger with --jobs 2).
        const std::size_t rebuilt_messages = clean ? 0U : salvage.spec.messages.size();
        salvage.spec = {};
        release_free_heap();

        std::vector<repair::Change> changes;
        std::optional<bool> verified;
        EventLog verify_log;
        if (rebuild_error.empty()) {
            const auto result_folder = po::PostOfficeFolder::open(folder.resolve(into));
            const po::PostOffice result = po::read_post_office(
                result_folder.source(), po::releasing_pages(result_folder), verify_log);
            verified = !verify_log.has_problems();
            if (!clean) {
                changes = repair::diff_post_offices(input, result);
                const auto tables =
                    repair::diff_allocation_tables(input, source, result, result_folder.source());
                changes.insert(changes.end(), tables.begin(), tables.end());
            }
        }
        write_repair_records(
            [&context](std::string_view rel, std::string_view bytes) {
                return context.write(fmt::format("repair/{}", rel), bytes);
            },
            findings, salvage, changes);

        report_repair(context, findings, salvage, rebuilt_messages, changes, clean, verified,
                      verify_log, rebuild_error, connector ? connector->messages() : 0);
    }

  private:
    void report_repair(StageContext& context, const repair::Findings& findings,
                       const repair::Salvage& salvage, std::size_t rebuilt_messages,
                       const std::vector<repair::Change>& changes, bool clean,
                       std::optional<bool> verified, const EventLog& verify_log,
                       const std::string& rebuild_error, std::size_t connector_messages) const {
        auto& out = context.contribution;
        const auto& source = context.evidence.post_office().source();
        const auto stage = std::string(name());
        out.facts.push_back(
            {"repair: detector findings", fmt::format("{} finding(s), {} cause(s)", findings.size(),
                                                      repair::count_causes(findings))});
        out.facts.push_back(
            {"repair: plan", clean ? "copied unchanged (nothing to repair)"
                                   : "rebuilt from the salvaged records into repair/post-office"});
        out.facts.push_back(
            {"repair: messages in the repaired post office", std::to_string(rebuilt_messages)});
        out.facts.push_back(
            {"repair: messages restored", std::to_string(salvage.messages_restored)});
        out.facts.push_back(
            {"repair: changes in repair/repair-log.txt", std::to_string(changes.size())});
        out.facts.push_back(
            {"repair: quarantined spans", std::to_string(salvage.quarantine.size())});
        out.facts.push_back(
            {"repair: lost-and-found entries", std::to_string(salvage.lost_and_found.size())});
        out.facts.push_back({"repair: connector copies consulted",
                             context.options.connector
                                 ? fmt::format("{} message(s)", connector_messages)
                                 : std::string("none (no --connector)")});
        out.facts.push_back(
            {"repair: repaired post office read back",
             !verified ? "not rebuilt" : (*verified ? "clean" : "NOT clean (a ccsalvage defect)")});

        // What was repaired, by structure kind and field (the log has every line).
        std::map<std::string, std::uint64_t> by_field;
        for (const auto& c : changes) {
            auto kind = c.structure.substr(0, c.structure.find_first_of("0123456789"));
            while (!kind.empty() && kind.back() == ' ') kind.pop_back();
            by_field[fmt::format("{} {}", kind, c.field)]++;
        }
        for (const auto& [what, n] : by_field) {
            out.facts.push_back({fmt::format("repair: changed {}", what), std::to_string(n)});
        }

        for (std::size_t i = 0; i < salvage.quarantine.size(); ++i) {
            const auto& q = salvage.quarantine[i];
            report::Finding f;
            f.pattern = report::kPatternConsole;
            f.code = "REPAIR-quarantine";
            f.severity = "note";
            f.title = "foreign bytes cut out of a record and quarantined";
            f.file = q.file;
            f.offset = q.offset;
            const auto tie = console_finding_of(context.so_far, q);
            f.detail = fmt::format(
                "{} bytes in {} {} (key {}) saved as repair/quarantine/span-{:04}.bin; {}{}",
                q.length, q.structure, q.field, q.key, i + 1, q.reason,
                tie.empty() ? "" : "; the console output of finding " + tie);
            for (const auto& file : source.files) {
                if ((file.name == q.file || file.shown() == q.file) &&
                    q.offset < file.bytes.size()) {
                    f.hex = scan::hex_dump(file.bytes, q.offset,
                                           std::min<std::uint64_t>(q.length, kQuarantineShown),
                                           context.options.hex_context);
                }
            }
            if (f.hex.empty() && !q.bytes.empty()) {
                f.hex = scan::hex_dump(q.bytes, 0,
                                       std::min<std::uint64_t>(q.length, kQuarantineShown), 0);
            }
            f.stage = stage;
            out.findings.push_back(std::move(f));
        }
        for (std::size_t i = 0; i < salvage.lost_and_found.size(); ++i) {
            const auto& l = salvage.lost_and_found[i];
            report::Finding f;
            f.pattern = report::kPatternLost;
            f.code = "REPAIR-lost-and-found";
            f.severity = "note";
            f.title = "record not in the repaired post office, kept in lost-and-found";
            f.detail = fmt::format("{} {} ({}): {}; entry {} of repair/lost-and-found/", l.kind,
                                   l.key, l.provenance, l.reason, i + 1);
            f.stage = stage;
            out.findings.push_back(std::move(f));
        }
        if (!rebuild_error.empty() || (verified && !*verified)) {
            report::Finding f;
            f.pattern = report::kPatternStructure;
            f.code = "REPAIR-verify";
            f.severity = "error";
            f.title = "the repaired post office is not clean (a ccsalvage defect)";
            f.detail = !rebuild_error.empty()
                           ? "the salvaged records could not be rebuilt: " + rebuild_error
                           : fmt::format("read back with {} error(s), {} warning(s)",
                                         verify_log.count(Severity::error),
                                         verify_log.count(Severity::warning));
            f.stage = stage;
            out.findings.push_back(std::move(f));
        }
        out.limits.push_back(
            "repair reads only the evidence of this case (PO_DIR and --connector); unlike "
            "`ccsalvage repair`, sibling post office folders are not read as other copies, "
            "since they are not hashed in the chain of custody.");
    }
};

}  // namespace

std::unique_ptr<Stage> make_repair_stage() { return std::make_unique<RepairStage>(); }

}  // namespace ccsalvage::casefolder
