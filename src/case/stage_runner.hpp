#pragma once
// Runs the stages of a rescue into the case folder (docs/case-folder.md, "Stages"): each one
// not applicable, resumed from an earlier run's saved result, or run and its result saved. With
// options.jobs > 1 the stages run on that many threads, each as soon as the stages it needs()
// have finished; what each stage sees (so_far), what it writes and the audit trail (in stage
// order, OrderedAudit) are the same as on one thread, which runs them in list order. A stage
// with reads_later() may start before those stages finish when a thread is left for them.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "case/case_folder.hpp"
#include "case/stage.hpp"
#include "case/stage_state.hpp"
#include "report/model.hpp"

namespace ccsalvage::casefolder {

struct StageOutcome {
    std::string name;
    std::string description;
    std::string action;                                // "ran", "resumed" or "not applicable"
    std::optional<report::Contribution> contribution;  // unless not applicable
};

struct StageRunInput {
    const RescueOptions& options;
    const EvidenceSet& evidence;
    CaseFolder& folder;
    const Recorded& recorded;  // the outputs the last manifest recorded (resume)
    bool resumed = false;
    const report::Report& base;  // the report before any stage: the start of every so_far
};

// The outcome of every stage, in stage order. When stages throw, no further stage starts, the
// ones running finish, every record of every stage that ran is in the audit trail (a failed
// stage's ends with "stage.failed"), and the exception of the first failed stage in stage
// order is rethrown. Throws std::logic_error when a stage needs one that is not before it.
std::vector<StageOutcome> run_stages(const std::vector<std::unique_ptr<Stage>>& stages,
                                     const StageRunInput& input);

// Indexes of the stages each stage needs (kEveryEarlierStage expanded), checked to be earlier,
// in stage order; the same for reads_later().
std::vector<std::vector<std::size_t>> stage_needs(
    const std::vector<std::unique_ptr<Stage>>& stages);
std::vector<std::vector<std::size_t>> stage_later_needs(
    const std::vector<std::unique_ptr<Stage>>& stages);

}  // namespace ccsalvage::casefolder
