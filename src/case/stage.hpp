#pragma once
// One step of `ccsalvage rescue` (docs/case-folder.md, "Stages"). A stage names the evidence it
// reads; run() reads it and fills a report Contribution, and may write files into the case
// folder through the context. The runner saves the contribution with the hashes of the
// inputs, so a resumed run skips a stage whose inputs (and tool build) have not changed and
// reuses what it found. Stages must not keep state between runs: everything they produce is
// in the contribution or in files they write.
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "case/evidence_set.hpp"
#include "case/ordered_audit.hpp"
#include "core/codepage.hpp"
#include "core/output_folder.hpp"
#include "export/request.hpp"
#include "report/model.hpp"

namespace ccsalvage::casefolder {

class CaseFolder;

struct RescueOptions {
    std::filesystem::path post_office;
    std::optional<std::filesystem::path> connector;
    std::vector<std::filesystem::path> events;  // exported event logs (--events)
    std::filesystem::path case_dir;
    bool dry_run = false;
    CodePage code_page = CodePage::cp850;  // when the CLANDATA header cannot say
    std::size_t hex_context = 16;          // bytes of context around each hex dump
    std::string command_line;              // as typed, for the manifest
    // Formats the export stage writes (maildir, mbox, eml, ccm); empty: no export.
    std::vector<std::string> export_formats{"mbox"};
    // Threads (--jobs): stages that do not need each other run at the same time, and stages
    // that split their work (hashing, scan, export) use them. The case folder is the same bytes
    // for every value (times aside), so it is recorded nowhere in it.
    unsigned jobs = 1;
    // --fsync: safe flushes every file of the case folder on its own (and each audit line);
    // batch flushes with one syncfs at the end of each step (the export: per commit).
    exporting::FsyncPolicy fsync = exporting::FsyncPolicy::safe;
};

struct StageContext {
    const RescueOptions& options;
    const EvidenceSet& evidence;
    // What the stages this one needs() found, merged in stage order: the same whatever ran at
    // the same time, so the result does not depend on --jobs.
    const report::Report& so_far;
    report::Contribution& contribution;
    // For reading what earlier stages wrote; writes go through write() and output().
    const CaseFolder& folder;
    std::string_view stage_name;
    AuditSlot audit_trail;
    // The case folder for this stage's writers: files are flushed one by one under --fsync
    // safe; under batch not, and the runner flushes the file system when the stage ends.
    const OutputFolder& output;

    // Writes an output of this stage into the case folder (atomically, audited).
    std::string write(std::string_view relative, std::string_view bytes) const;
    // Records an event in the audit trail, in this stage's place in the stage order.
    void audit(std::string_view event, nlohmann::json fields = nlohmann::json::object()) const {
        audit_trail.record(event, std::move(fields));
    }
    // Returns once the stages of Stage::reads_later() have finished; a stage calls it before
    // reading their results. Throws when one of them cannot finish (a stage failed).
    void wait_for_later_needs() const {
        if (later_needs) later_needs();
    }
    std::function<void()> later_needs;  // set by the runner
};

// needs() of a stage that uses what every stage before it found.
inline constexpr std::string_view kEveryEarlierStage = "*";

class Stage {
  public:
    virtual ~Stage() = default;
    virtual std::string_view name() const = 0;
    virtual std::string_view description() const = 0;
    // Display names of the evidence files this stage reads (its resume key). A stage that
    // reads nothing here returns an empty list; it then runs only when `applies` says so.
    virtual std::vector<std::string> inputs(const RescueOptions& options,
                                            const EvidenceSet& evidence) const = 0;
    // False when the stage has nothing to do for these options (e.g. no connector folder);
    // the report then lists it as not applicable.
    virtual bool applies(const RescueOptions& options) const {
        (void)options;
        return true;
    }
    virtual void run(StageContext& context) const = 0;
    // Names of earlier stages whose results this one uses: their findings in `so_far`, or
    // files they wrote into the case folder ({kEveryEarlierStage} for all of them). With
    // --jobs, a stage starts once these have finished and may run beside any other.
    virtual std::vector<std::string_view> needs() const { return {}; }
    // Earlier stages whose results this one reads only after its own main work, once it has
    // called context.wait_for_later_needs(). With two threads or more it may start before
    // they finish and do that work beside them; on one thread it runs after them.
    virtual std::vector<std::string_view> reads_later() const { return {}; }
};

// Every stage of rescue, in the order they run (stage_list.cpp).
std::vector<std::unique_ptr<Stage>> make_stages();

// Stages rescue will have but this build does not: named in the report so that nobody reads
// their absence as "nothing to report".
struct MissingStage {
    std::string_view name;
    std::string_view description;
};
std::vector<MissingStage> stages_not_in_this_build();

}  // namespace ccsalvage::casefolder
