#pragma once
// The one data model of a rescue report (docs/report.md). Stages fill a Contribution each; the
// report is their merge in stage order plus what the case folder knows (custody, stages run).
// JSON, Markdown and HTML are renderings of the same Report, never separate collections. Every
// string here may come from evidence: renderers escape all of them.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace ccsalvage::report {

// The KB patterns findings are grouped by (docs/report.md, "Findings").
inline constexpr const char* kPatternConsole = "Q179072";
inline constexpr const char* kPatternImportLoop = "Q223772";
inline constexpr const char* kPatternDuplicates = "Q184524";
inline constexpr const char* kPatternLost = "Q157684";
inline constexpr const char* kPatternCodes = "codes-events";
inline constexpr const char* kPatternStructure = "structure";

struct Finding {
    std::string pattern;   // one of the kPattern* ids
    std::string code;      // catalogue id (PO-015, UND-008, SCAN-console, ...)
    std::string severity;  // note, warning, error
    std::string title;     // the catalogue title
    std::string file;      // evidence display name
    std::uint64_t offset = 0;
    std::string detail;
    std::string hex;  // hex dump around the offset, with context; empty when not taken
    std::string stage;
};

struct Cascade {
    std::size_t cause = 0;                  // index into Report::findings
    std::vector<std::size_t> consequences;  // indices into Report::findings
};

struct LoopAttempt {
    std::uint64_t index = 0;  // entry position in the .und file
    std::uint64_t offset = 0;
    std::string rejected_at;
    std::string reason;
    std::optional<int> result_code;
};

struct ImportLoop {
    std::string file;
    std::string subject;
    std::string identity;  // SHA-256 key of the message identity
    std::uint64_t attempts = 0;
    std::vector<LoopAttempt> shown;  // the first attempts (bounded)
};

// A .und file as it grew: entry i starts at offset[i]. Bounded by sampling (docs/report.md).
struct UndGrowth {
    std::string file;
    std::uint64_t size = 0;
    std::uint64_t entries = 0;
    std::vector<std::uint64_t> entry_index;
    std::vector<std::uint64_t> entry_offset;
    std::vector<int> loop;  // per point: 1-based loop number, 0 for an entry in no loop
};

// Counts over time, e.g. NFTERROR.LOG lines per day or connector events per day.
struct TimeSeries {
    std::string name;
    std::string source;             // evidence file
    std::vector<std::string> when;  // ISO 8601 date or date-time, ascending
    std::vector<std::uint64_t> count;
};

struct Explanation {
    std::string kind;  // "code" or "event"
    long id = 0;
    std::string title;
    std::string meaning;
    std::vector<std::string> causes;
    std::vector<std::string> remedy;
    std::vector<std::string> kb;
    std::string cited_by;  // what in the evidence named it
};

struct LedgerRow {
    std::string outcome;  // exported, duplicate, quarantined, missing, ...
    std::uint64_t count = 0;
    std::string note;
};

struct Ledger {
    std::uint64_t total = 0;  // every message known; the rows must add up to it
    std::vector<LedgerRow> rows;
};

struct Fact {
    std::string key;
    std::string value;
};

struct ModelNote {
    std::string part;    // "post office files (CLANDATA, MLANDATA, USRnnnnn)"
    std::string status;  // "ccsalvage model" or "documented"
    std::string doc;     // docs/formats/...
};

// What one stage adds to the report. Saved per stage in the case folder, so a resumed run
// that skips a stage still reports what it found.
struct Contribution {
    std::vector<Finding> findings;
    std::vector<Cascade> cascades;  // indices into this contribution's findings
    std::vector<ImportLoop> loops;
    std::vector<UndGrowth> und_growth;
    std::vector<TimeSeries> timelines;
    std::vector<Explanation> explanations;
    std::optional<Ledger> ledger;
    std::vector<Fact> facts;
    std::vector<std::string> limits;
    std::vector<ModelNote> model_notes;
    std::map<std::string, std::uint64_t> suppressed;  // events over the per-code cap
};

struct EvidenceRecord {
    std::string file;
    std::uint64_t size = 0;
    std::string sha256_before;
    std::string sha256_after;
    std::uint64_t size_after = 0;
};

struct StageRecord {
    std::string name;
    std::string description;
    std::string status;  // "ran" (in this run or, resumed, an earlier one on the same
                         // inputs), "not applicable", "not in this build"
};

// The whole report: the stages' contributions merged in stage order (findings of every stage,
// cascade indices into them), plus what the case folder knows.
struct Report : Contribution {
    std::string tool_version;
    std::string post_office;  // PO_DIR as given
    std::string connector;    // --connector as given, empty when none
    std::vector<StageRecord> stages;
    std::vector<EvidenceRecord> evidence;
};

// Counts used by the verdict and the renderers.
struct Totals {
    std::uint64_t errors = 0, warnings = 0, notes = 0;
    std::map<std::string, std::uint64_t> by_pattern;  // findings per pattern
    std::map<std::string, std::uint64_t> by_code;     // findings per code, suppressed included
};
Totals totals(const Report& report);

struct Verdict {
    std::string level;  // "clean", "problems", "damaged"
    std::string headline;
};
Verdict verdict(const Report& report);

void to_json(nlohmann::json& j, const Contribution& c);
void from_json(const nlohmann::json& j, Contribution& c);
// Adds a stage's contribution to the report (findings appended in order).
void merge(Report& report, const Contribution& contribution);

}  // namespace ccsalvage::report
