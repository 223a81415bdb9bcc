#pragma once
// One step of `ccsalvage rescue` (docs/case-folder.md, "Stages"). A stage names the evidence it
// reads; run() reads it and fills a report Contribution, and may write files into the case
// folder through the context. The runner saves the contribution with the hashes of the
// inputs, so a resumed run skips a stage whose inputs (and tool build) have not changed and
// reuses what it found. Stages must not keep state between runs: everything they produce is
// in the contribution or in files they write.
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "case/evidence_set.hpp"
#include "core/codepage.hpp"
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
};

struct StageContext {
    const RescueOptions& options;
    const EvidenceSet& evidence;
    const report::Report& so_far;  // what the stages before this one found
    report::Contribution& contribution;
    CaseFolder& folder;

    // Writes an output of this stage into the case folder (atomically, audited).
    std::string write(std::string_view relative, std::string_view bytes) const;
    std::string_view stage_name;
};

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
