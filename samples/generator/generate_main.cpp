// ccsalvage-generate: writes a cc:Mail post office set with the connector's working store and
// its ground truth, from a seed (docs/generator.md). Only wires the command line to
// ccsalvage::generator::generate and prints a summary.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <string>

#include "core/errors.hpp"
#include "core/exit_codes.hpp"
#include "core/output_folder.hpp"
#include "generator.hpp"

namespace {

using namespace ccsalvage;
using namespace ccsalvage::generator;

void print_summary(const GenerateResult& result, double seconds, const std::string& out) {
    const Totals& t = result.totals;
    fmt::print("ccsalvage-generate: seed {} -> {}\n", result.run.options.seed, out);
    fmt::print("  post offices: {} ({})\n",
               result.run.post_offices_written ? "written" : "not written",
               result.run.post_offices_written ? std::string("see ground truth")
                                               : result.run.post_office_note);
    fmt::print("  messages: {} (", t.messages);
    bool first = true;
    for (const auto& [status, count] : t.by_status) {
        if (count == 0) continue;
        fmt::print("{}{} {}", first ? "" : ", ", count, status);
        first = false;
    }
    fmt::print(")\n");
    fmt::print(
        "  items: {} ({} bytes); post office records: {}; .ccm copies: {}; .und entries: {}\n",
        t.items, t.item_bytes, t.post_office_records, t.ccm_copies, t.und_entries);
    fmt::print("  damage: {}", t.damage);
    for (const auto& [kind, count] : t.damage_by_kind) {
        if (count != 0) fmt::print(" {}={}", kind, count);
    }
    fmt::print("\n  files: {} ({} bytes) in {:.1f} s\n", t.files, t.file_bytes, seconds);
    fmt::print("  ground truth: {} (sha256 {})\n", kGroundTruthName, result.ground_truth_sha256);
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{
        "ccsalvage-generate: writes cc:Mail post offices, the Exchange connector's working "
        "store\n(Ccmcdata) and ground-truth.json from a seed. Same seed and options, same bytes."};
    Options options;
    std::string out;
    std::string target;
    std::string max_item = "4M";
    std::string damage;
    bool no_backups = false;
    bool no_post_offices = false;
    app.add_option("--seed", options.seed, "seed of every random choice")->required();
    app.add_option("--out", out, "output folder; must not exist or be empty")->required();
    auto* messages = app.add_option("--messages", options.messages, "number of regular messages");
    app.add_option("--target-bytes", target, "generate until about this much is written (1G, 100M)")
        ->excludes(messages);
    app.add_option("--post-offices", options.post_offices, "post offices: the hub plus user ones")
        ->check(CLI::Range(1, 20));
    app.add_option("--max-item-bytes", max_item, "largest attachment (default 4M)");
    app.add_option("--damage", damage,
                   "damage to inject: kind=count,... or all (docs/generator.md)");
    app.add_flag("--no-backups", no_backups, "the connector keeps no Import.bak/Export.bak copies");
    app.add_flag("--no-post-offices", no_post_offices, "write the connector store only");
    app.add_flag("--durable", options.durable, "fsync every file (slower)");

    try {
        app.parse(argc, argv);
        if (!target.empty()) {
            const auto size = parse_size(target);
            if (!size || *size == 0)
                throw UsageError("--target-bytes: expected a size like 100M or 1G");
            options.target_bytes = *size;
        }
        const auto item = parse_size(max_item);
        if (!item) throw UsageError("--max-item-bytes: expected a size like 64k or 4M");
        options.max_item_bytes = *item;
        options.backups = !no_backups;
        options.write_post_offices = !no_post_offices;
        Capabilities can = build_capabilities();
        // "all" means what this run can inject: no post office kinds without post offices.
        if (!options.write_post_offices) can.post_office = false;
        options.damage = parse_damage(damage, can);
        validate(options, build_capabilities());

        OutputFolder folder = OutputFolder::create_new(out);
        folder.set_durable(options.durable);
        const auto start = std::chrono::steady_clock::now();
        const GenerateResult result = generate(options, folder);
        const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
        print_summary(result, elapsed.count(), out);
    } catch (const CLI::ParseError& e) {
        const int code = app.exit(e);
        return code == 0 ? to_int(ExitCode::clean) : to_int(ExitCode::usage);
    } catch (const UsageError& e) {
        std::fprintf(stderr, "ccsalvage-generate: %s\n", e.what());
        return to_int(ExitCode::usage);
    } catch (const IoError& e) {
        std::fprintf(stderr, "ccsalvage-generate: %s\n", e.what());
        return to_int(ExitCode::io_error);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "ccsalvage-generate: internal error: %s\n", e.what());
        return to_int(ExitCode::internal_error);
    }
    return to_int(ExitCode::clean);
}
