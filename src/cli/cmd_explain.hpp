#pragma once
#include <CLI/CLI.hpp>

namespace ccsalvage::cli {
// `ccsalvage explain event 70`, `ccsalvage explain code 4`, `ccsalvage explain` (all): what a
// connector event or an Import/Export result code means, its causes and remedy, with KB refs.
void add_explain_command(CLI::App& app, int& exit_code);
}  // namespace ccsalvage::cli
