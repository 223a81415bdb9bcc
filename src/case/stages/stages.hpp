#pragma once
// The stage factories stage_list.cpp puts in order; one file per stage in this folder.
#include <memory>

#include "case/stage.hpp"

namespace ccsalvage::casefolder {
std::unique_ptr<Stage> make_post_office_stage();
std::unique_ptr<Stage> make_nfterror_stage();
std::unique_ptr<Stage> make_und_stage();
std::unique_ptr<Stage> make_console_scan_stage();
std::unique_ptr<Stage> make_knowledge_base_stage();
std::unique_ptr<Stage> make_repair_stage();
std::unique_ptr<Stage> make_ledger_stage();
std::unique_ptr<Stage> make_export_stage();
std::unique_ptr<Stage> make_events_stage();
}  // namespace ccsalvage::casefolder
