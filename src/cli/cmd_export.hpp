#pragma once
#include <CLI/CLI.hpp>

namespace ccsalvage::cli {
// `ccsalvage export FILE.ccm... --format eml --out DIR`: one RFC 5322 message per cc:Mail
// message, an index of what was written (export.json) and a SHA256SUMS file.
void add_export_command(CLI::App& app, int& exit_code);
}  // namespace ccsalvage::cli
