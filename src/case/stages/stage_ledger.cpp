// Stage "ledger": flow::build_ledger (docs/ledger.md) over the case's post office and, when
// given, its connector store: every message seen on one line with one state. Like the repair
// stage, only PO_DIR is read as a post office (sibling folders are not evidence of this case).
// The report's ledger table is the ledger's states, with one post-processing: a line the repair
// stage restored (a message of this post office whose fields came from another source, in
// CASE/repair/repair-log.jsonl) is counted as "repaired" instead of its ledger state. Lines are
// moved between rows, never added or dropped, so the rows still add up to the ledger's lines,
// and the ledger's own self-check (flow::Ledger::check) is run and shown.
#include <fmt/format.h>

#include <optional>
#include <set>

#include <nlohmann/json.hpp>

#include "case/case_folder.hpp"
#include "case/stages/stages.hpp"
#include "core/heap_release.hpp"
#include "flow/ledger_run.hpp"

namespace ccsalvage::casefolder {

namespace {

// Findings listed per code; the rest are counted as suppressed (the ledger has them all).
constexpr std::uint64_t kFindingsPerCode = 200;

// Message numbers whose fields the repair restored from another source than their record.
std::set<std::uint32_t> restored_by_repair(const CaseFolder& folder) {
    std::set<std::uint32_t> out;
    const bool read = folder.read_lines("repair/repair-log.jsonl", [&out](std::string_view line) {
        const auto j = nlohmann::json::parse(line, nullptr, false);
        if (!j.is_object() || !j.contains("message") || !j["message"].is_number_unsigned()) {
            return;
        }
        if (j.value("source", std::string("record")) != "record") {
            out.insert(j["message"].get<std::uint32_t>());
        }
    });
    if (!read) return {};  // unreadable: nothing restored, as when it is missing
    return out;
}

// What the repaired count needs of each line, kept when the ledger itself is freed: its state
// and the message numbers of its post office records, flat (a few bytes a line).
struct LinesForRows {
    std::vector<flow::LedgerState> states;
    std::vector<std::size_t> ends;  // line i's numbers: numbers[ends[i-1] .. ends[i])
    std::vector<std::uint32_t> numbers;

    explicit LinesForRows(const flow::Ledger& ledger) {
        states.reserve(ledger.lines.size());
        ends.reserve(ledger.lines.size());
        for (const auto& line : ledger.lines) {
            states.push_back(line.state);
            for (const auto& c : line.copies) {
                if (c.kind == flow::CopyKind::po_record || c.kind == flow::CopyKind::po_recovered) {
                    numbers.push_back(c.message_number);
                }
            }
            ends.push_back(numbers.size());
        }
    }
    bool repaired(std::size_t i, const std::set<std::uint32_t>& restored) const {
        if (states[i] == flow::LedgerState::duplicate) return false;  // counted once, as duplicate
        for (auto n = i == 0 ? 0 : ends[i - 1]; n < ends[i]; ++n) {
            if (restored.contains(numbers[n])) return true;
        }
        return false;
    }
};

std::string_view state_note(flow::LedgerState state) {
    switch (state) {
        case flow::LedgerState::in_post_office:
            return "a post office reaches a whole record";
        case flow::LedgerState::recovered:
            return "only records the indexes no longer reach";
        case flow::LedgerState::duplicate:
            return "a second delivery of another line (Q184524)";
        case flow::LedgerState::undeliverable:
            return "Import rejected it (.und entries)";
        case flow::LedgerState::stuck_in_queue:
            return "waiting in a connector queue";
        case flow::LedgerState::missing_from_post_office:
            return "only connector copies: the post office lost it (Q157684)";
        case flow::LedgerState::quarantined:
            return "only incomplete copies";
        case flow::LedgerState::record_missing:
            return "only folder entries name it";
    }
    return "";
}

class LedgerStage final : public Stage {
  public:
    std::string_view name() const override { return "ledger"; }
    std::string_view description() const override {
        return "every message of the post office and the connector store on one ledger line "
               "(duplicates, missing messages; as `ledger` does)";
    }
    std::vector<std::string> inputs(const RescueOptions&,
                                    const EvidenceSet& evidence) const override {
        return evidence.all_files();
    }
    // It reads the repair log (CASE/repair/repair-log.jsonl) for the lines repair restored,
    // but only once the ledger is built from the evidence: that can run beside the repair.
    std::vector<std::string_view> reads_later() const override { return {"repair"}; }
    void run(StageContext& context) const override {
        auto& out = context.contribution;
        // Everything but the repaired count is taken from the ledger before the wait for the
        // repair, and the ledger (about 100 MiB at a 1 GiB post office) is freed first: with
        // --jobs 2 the wait overlapped the repair's own peak, and the two peaks added up.
        std::optional<LinesForRows> lines;
        std::uint64_t total_lines = 0, copies_listed = 0;
        std::vector<std::string> broken;
        {
            flow::LedgerInputs inputs;
            inputs.post_offices.push_back(context.options.post_office);
            inputs.connector = context.options.connector;
            inputs.fallback_code_page = context.options.code_page;
            inputs.connector_code_page = context.options.code_page;
            EventLog log;
            const flow::LedgerRun run = flow::build_ledger(inputs, log);
            lines.emplace(run.ledger);
            total_lines = run.ledger.totals.lines;
            copies_listed = run.ledger.totals.copies_listed;
            broken = run.ledger.check();
            add_findings(context, run, broken);
        }
        release_free_heap();

        context.wait_for_later_needs();
        const auto restored = restored_by_repair(context.folder);
        std::map<std::string, std::uint64_t> rows;
        std::uint64_t moved = 0;
        for (std::size_t i = 0; i < lines->states.size(); ++i) {
            if (lines->repaired(i, restored)) {
                ++rows["repaired"];
                ++moved;
            } else {
                ++rows[std::string(flow::to_string(lines->states[i]))];
            }
        }
        report::Ledger table;
        table.total = total_lines;
        for (std::size_t i = 0; i < flow::kLedgerStates; ++i) {
            const auto state = static_cast<flow::LedgerState>(i);
            const auto key = std::string(flow::to_string(state));
            table.rows.push_back({key, rows[key], std::string(state_note(state))});
        }
        table.rows.push_back({"repaired", rows["repaired"],
                              "restored by the repair stage (CASE/repair/repair-log.jsonl)"});
        out.ledger = table;

        out.facts.push_back(
            {"ledger: lines (messages and duplicates)", std::to_string(total_lines)});
        out.facts.push_back({"ledger: copies listed", std::to_string(copies_listed)});
        out.facts.push_back({"ledger: lines counted as repaired", std::to_string(moved)});
        out.facts.push_back({"ledger: self-check",
                             broken.empty() ? "holds (states sum to lines, every copy "
                                              "listed once, duplicates point at originals)"
                                            : fmt::format("{} rule(s) broken", broken.size())});
    }

  private:
    // The findings, limits and suppressed counts of the ledger (none depends on the repair).
    void add_findings(StageContext& context, const flow::LedgerRun& run,
                      const std::vector<std::string>& broken) const {
        const flow::Ledger& ledger = run.ledger;
        auto& out = context.contribution;
        const auto stage = std::string(name());
        for (const auto& sentence : broken) {
            report::Finding f;
            f.pattern = report::kPatternStructure;
            f.code = "LEDGER-check";
            f.severity = "error";
            f.title = "the ledger's self-check failed (a ccsalvage defect)";
            f.detail = sentence;
            f.stage = stage;
            out.findings.push_back(std::move(f));
        }
        for (const auto& problem : run.unreadable) {
            out.limits.push_back("ledger: input left out: " + problem);
        }

        std::map<std::string, std::uint64_t> per_code;
        const auto add = [&](report::Finding f) {
            if (per_code[f.code]++ >= kFindingsPerCode) {
                out.suppressed[f.code]++;
                return;
            }
            f.stage = stage;
            out.findings.push_back(std::move(f));
        };
        for (const auto& d : ledger.duplicates) {
            report::Finding f;
            f.pattern = report::kPatternDuplicates;
            f.code = "LEDGER-duplicate";
            f.severity = "warning";
            f.title = "a message delivered twice";
            f.file = d.copy.file;
            f.offset = d.copy.offset;
            f.detail = fmt::format(
                "ledger line {} repeats line {} in {}; the first delivery is "
                "at {}@{}",
                d.line, d.original, d.place, d.original_copy.file, d.original_copy.offset);
            add(std::move(f));
        }
        for (const auto& line : ledger.lines) {
            using S = flow::LedgerState;
            if (line.state != S::missing_from_post_office && line.state != S::record_missing &&
                line.state != S::quarantined && line.state != S::recovered) {
                continue;
            }
            report::Finding f;
            f.pattern = report::kPatternLost;
            f.code = fmt::format("LEDGER-{}", flow::to_string(line.state));
            // Missing from the post office is what a post office without a Message Log shows for
            // every exported message; its copies are still in the case, so a note.
            f.severity = line.state == S::recovered || line.state == S::missing_from_post_office
                             ? "note"
                             : "warning";
            f.title = std::string(state_note(line.state));
            if (!line.copies.empty()) {
                f.file = line.copies.front().file;
                f.offset = line.copies.front().offset;
            }
            f.detail = fmt::format("ledger line {}: \"{}\" from {} ({}), {} cop{}{}{}", line.id,
                                   line.subject, line.from, line.date, line.copies.size(),
                                   line.copies.size() == 1 ? "y" : "ies",
                                   line.reason.empty() ? "" : "; ", line.reason);
            add(std::move(f));
        }
    }
};

}  // namespace

std::unique_ptr<Stage> make_ledger_stage() { return std::make_unique<LedgerStage>(); }

}  // namespace ccsalvage::casefolder
