#pragma once
// The records a repair leaves beside the repaired post office (docs/repair.md, section 5): the
// repair log as text and JSON Lines, the findings, the field sources, the quarantine and the
// lost-and-found. Shared by `ccsalvage repair` (into its output folder) and the repair stage of
// `rescue` (into CASE/repair/, through the case folder's audited writes).
#include <cstddef>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "repair/change_log.hpp"
#include "repair/finding.hpp"
#include "repair/salvage.hpp"

namespace ccsalvage::casefolder {

nlohmann::json finding_json(const repair::Finding& finding, std::size_t index);

// Writes `bytes` atomically at a path relative to where the records go; returns its SHA-256.
using RecordWriter = std::function<std::string(std::string_view relative, std::string_view bytes)>;

void write_repair_records(const RecordWriter& write, const repair::Findings& findings,
                          const repair::Salvage& salvage,
                          const std::vector<repair::Change>& changes);

}  // namespace ccsalvage::casefolder
