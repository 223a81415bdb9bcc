#pragma once
// The three forms of a report, all from the same Report (docs/report.md): JSON (schema in
// docs/report.schema.json), Markdown short enough for a ticket, and one self-contained HTML
// file. All three are deterministic: the same report gives the same bytes, and none of them
// holds a timestamp (those are in the case folder's manifest and audit trail).
#include <string>

#include <nlohmann/json.hpp>

#include "report/model.hpp"

namespace ccsalvage::report {

inline constexpr int kReportFormat = 1;

nlohmann::json render_json(const Report& report);
std::string render_markdown(const Report& report);
std::string render_html(const Report& report);

}  // namespace ccsalvage::report
