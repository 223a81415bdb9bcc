#pragma once
#include <CLI/CLI.hpp>

namespace ccsalvage::cli {
// `ccsalvage scan FILE...`: console output and other foreign plain text in files of any
// format, each finding with offset, length, text and a hex dump with context. Read-only.
void add_scan_command(CLI::App& app, int& exit_code);
}  // namespace ccsalvage::cli
