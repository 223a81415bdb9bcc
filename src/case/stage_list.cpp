// The stages of `ccsalvage rescue`, in the order they run. Adding a stage: one file in
// stages/, its factory in stages/stages.hpp, one line here (docs/case-folder.md).
#include "case/stage.hpp"
#include "case/stages/stages.hpp"

namespace ccsalvage::casefolder {

std::vector<std::unique_ptr<Stage>> make_stages() {
    std::vector<std::unique_ptr<Stage>> stages;
    stages.push_back(make_post_office_stage());
    stages.push_back(make_nfterror_stage());
    stages.push_back(make_console_scan_stage());
    stages.push_back(make_und_stage());
    stages.push_back(make_repair_stage());
    stages.push_back(make_ledger_stage());
    stages.push_back(make_events_stage());
    stages.push_back(make_knowledge_base_stage());
    stages.push_back(make_export_stage());
    return stages;
}

std::vector<MissingStage> stages_not_in_this_build() {
    // Remove a line when its stage is added to make_stages().
    return {};
}

}  // namespace ccsalvage::casefolder
