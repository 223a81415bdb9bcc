#pragma once
// `ccsalvage rescue`: hash the evidence, run every stage (stage_list.cpp) into the case folder,
// resume what an earlier run on the same inputs finished, write the report in three forms, the
// manifest, the audit trail and SHA256SUMS (docs/case-folder.md).
#include <nlohmann/json.hpp>

#include "case/stage.hpp"
#include "report/model.hpp"

namespace ccsalvage::casefolder {

struct RescueResult {
    report::Report report;
    bool resumed = false;
    bool evidence_changed = false;
    int exit_code = 0;  // core/exit_codes.hpp
    // What this run did per stage: "ran", "resumed" (done by an earlier run on the same
    // inputs) or "not applicable". The report itself does not say, so it stays the same.
    std::vector<std::pair<std::string, std::string>> stage_actions;
};

// Throws UsageError for a case folder inside the evidence (or the evidence inside it), or one
// made for another post office; IoError when evidence cannot be read or outputs not written.
RescueResult run_rescue(const RescueOptions& options);

// What run_rescue would do, without writing anything: the evidence with its hashes, each stage
// with "run", "resume" or "not applicable", and the files it would write.
nlohmann::json plan_rescue(const RescueOptions& options);

}  // namespace ccsalvage::casefolder
