#pragma once
#include <CLI/CLI.hpp>

namespace ccsalvage::cli {

// `ccsalvage ledger PO_DIR... [--connector DIR] [--json]`: every message seen in the post
// offices and the connector store, one line and one state each (docs/cli.md).
void add_ledger_command(CLI::App& app, int& exit_code);

}  // namespace ccsalvage::cli
