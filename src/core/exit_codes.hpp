#pragma once
// Process exit codes, documented in docs/cli.md. Scripts on a support case branch on these,
// so they are part of the interface: never renumber, only add.
namespace ccsalvage {
enum class ExitCode : int {
    clean = 0,          // read everything, found nothing wrong
    problems = 1,       // finished, but found damage or salvaged with problems
    usage = 2,          // bad command line
    io_error = 3,       // an input could not be read or an output could not be written
    internal_error = 4  // a bug in ccsalvage: an unexpected exception
};
constexpr int to_int(ExitCode code) { return static_cast<int>(code); }
}  // namespace ccsalvage
