#pragma once
#include <CLI/CLI.hpp>

namespace ccsalvage::cli {

// `ccsalvage repair PO_DIR --out DIR [--dry-run] [--json] [--no-case]` (docs/repair.md).
void add_repair_command(CLI::App& app, int& exit_code);

}  // namespace ccsalvage::cli
