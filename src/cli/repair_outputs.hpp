#pragma once
// The records a repair leaves beside the repaired post office (docs/repair.md, section 5): the
// repair log as text and JSON Lines, the findings, the field sources, the quarantine and the
// lost-and-found, each file through the output folder.
#include <cstddef>
#include <nlohmann/json.hpp>
#include <vector>

#include "core/output_folder.hpp"
#include "repair/change_log.hpp"
#include "repair/finding.hpp"
#include "repair/salvage.hpp"

namespace ccsalvage::cli {

nlohmann::json finding_json(const repair::Finding& finding, std::size_t index);

void write_repair_records(const OutputFolder& out, const repair::Findings& findings,
                          const repair::Salvage& salvage,
                          const std::vector<repair::Change>& changes);

}  // namespace ccsalvage::cli
