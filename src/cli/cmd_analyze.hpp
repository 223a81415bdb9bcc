#pragma once
#include <CLI/CLI.hpp>

namespace ccsalvage::cli {
// `ccsalvage analyze PO_DIR`: read a post office folder (CLANDATA, MLANDATA, USRnnnnn,
// NFTERROR.LOG) read-only and report every inconsistency with file, offset, structure and
// catalogue id, and counts. Exit 0 only for a clean post office.
void add_analyze_command(CLI::App& app, int& exit_code);
}  // namespace ccsalvage::cli
