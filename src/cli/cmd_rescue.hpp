#pragma once
#include <CLI/CLI.hpp>

namespace ccsalvage::cli {
// `ccsalvage rescue PO_DIR [--connector DIR] --case CASE_DIR [--dry-run] [--json]`: the main
// job. Hashes the evidence, runs every stage into the case folder (resuming one an earlier run
// wrote), and writes the report as JSON, Markdown and HTML with a manifest, an audit trail and
// SHA256SUMS (docs/case-folder.md, docs/report.md).
void add_rescue_command(CLI::App& app, int& exit_code);
}  // namespace ccsalvage::cli
