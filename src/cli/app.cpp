#include "cli/app.hpp"

#include <CLI/CLI.hpp>
#include <ccsalvage/build_info.hpp>
#include <fmt/format.h>

#include "core/exit_codes.hpp"

namespace ccsalvage::cli {

int run(int argc, char** argv) {
    CLI::App app{"ccsalvage: offline forensic repair and migration of damaged cc:Mail post offices"};
    app.set_version_flag("--version", fmt::format("ccsalvage {} ({})", build_info::version,
                                                  build_info::git_describe));
    app.require_subcommand(1);
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int code = app.exit(e);
        return code == 0 ? to_int(ExitCode::clean) : to_int(ExitCode::usage);
    }
    return to_int(ExitCode::clean);
}

}  // namespace ccsalvage::cli
