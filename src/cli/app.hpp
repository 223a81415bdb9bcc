#pragma once

namespace ccsalvage::cli {
// Parses the command line, runs one subcommand and returns the process exit code
// (core/exit_codes.hpp). Never throws.
int run(int argc, char** argv);
}  // namespace ccsalvage::cli
