#pragma once
#include <CLI/CLI.hpp>

namespace ccsalvage::cli {
// `ccsalvage inspect FILE...`: every message of Import/Export files with its byte offset,
// headers and items (kind, name, size, SHA-256), and every event. Read-only.
void add_inspect_command(CLI::App& app, int& exit_code);
}  // namespace ccsalvage::cli
