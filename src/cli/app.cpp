#include "cli/app.hpp"

#include <fmt/format.h>
#include <CLI/CLI.hpp>
#include <ccsalvage/build_info.hpp>

#include "cli/cmd_analyze.hpp"
#include "cli/cmd_batch.hpp"
#include "cli/cmd_explain.hpp"
#include "cli/cmd_export.hpp"
#include "cli/cmd_inspect.hpp"
#include "cli/cmd_ledger.hpp"
#include "cli/cmd_repair.hpp"
#include "cli/cmd_rescue.hpp"
#include "cli/cmd_scan.hpp"
#include "cli/output.hpp"
#include "core/errors.hpp"
#include "core/exit_codes.hpp"

namespace ccsalvage::cli {

int run(int argc, char** argv) {
    CLI::App app{
        "ccsalvage: offline forensic repair and migration of damaged Lotus cc:Mail post "
        "offices.\nEvidence is only ever read; every output goes to a new folder.\n\n"
        "Exit codes: 0 clean, 1 problems found or salvaged with problems, 2 usage error,\n"
        "3 input or output error, 4 internal error."};
    app.set_version_flag("--version", fmt::format("ccsalvage {} (build {}, {}, {})",
                                                  build_info::version, build_info::git_describe,
                                                  build_info::compiler, build_info::build_type));
    app.require_subcommand(1);

    int exit_code = to_int(ExitCode::clean);
    prepare_standard_output();
    add_inspect_command(app, exit_code);
    add_export_command(app, exit_code);
    add_scan_command(app, exit_code);
    add_explain_command(app, exit_code);
    add_analyze_command(app, exit_code);
    add_repair_command(app, exit_code);
    add_ledger_command(app, exit_code);
    add_rescue_command(app, exit_code);
    add_batch_command(app, exit_code);

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int code = app.exit(e);
        return code == 0 ? to_int(ExitCode::clean) : to_int(ExitCode::usage);
    } catch (const UsageError& e) {
        print_error(e.what());
        return to_int(ExitCode::usage);
    } catch (const IoError& e) {
        print_error(e.what());
        return to_int(ExitCode::io_error);
    } catch (const std::exception& e) {
        if (is_output_error(e)) {
            print_error(fmt::format("standard output: {}", e.what()));
            return to_int(ExitCode::io_error);
        }
        print_error(fmt::format("internal error: {}", e.what()));
        return to_int(ExitCode::internal_error);
    }
    return finish_standard_output(exit_code);
}

}  // namespace ccsalvage::cli
