#pragma once
#include <CLI/CLI.hpp>

namespace ccsalvage::cli {
// `ccsalvage batch MANIFEST --jobs N --out DIR`: one `rescue` per post office listed in the
// manifest (JSON Lines: post_office, connector, case), N at a time, each in its own process,
// then a summary across them (batch-summary.json and .md in DIR). docs/cli.md, docs/batch.md.
void add_batch_command(CLI::App& app, int& exit_code);
}  // namespace ccsalvage::cli
