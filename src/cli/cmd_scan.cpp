#include "cli/cmd_scan.hpp"

#include <fmt/format.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <optional>

#include "cli/output.hpp"
#include "core/errors.hpp"
#include "core/evidence.hpp"
#include "core/exit_codes.hpp"
#include "repair/scan/text_scanner.hpp"

namespace ccsalvage::cli {

namespace {

struct ScanArgs {
    std::vector<std::string> files;
    bool json = false;
    std::size_t min_run = 32;
    std::size_t min_text_run = 64;
    std::size_t context = 16;
    unsigned jobs = 2;
};

int run_scan(const ScanArgs& args) {
    scan::ScanOptions options;
    options.min_run = args.min_run;
    options.min_text_run = args.min_text_run;
    options.threads = args.jobs;

    bool io_failed = false;
    std::uint64_t total_findings = 0, console_findings = 0;
    JsonStream json(stdout, args.json);
    json.open_object();
    json.key_value("tool", tool_json());
    json.open_array("files");
    for (const auto& path : args.files) {
        std::string error;
        const auto file = open_input_or_report(path, io_failed, error);
        if (!file) {
            json.array_value({{"file", path}, {"error", error}});
            continue;
        }
        auto file_options = options;
        file_options.done_with = [&file](std::uint64_t from, std::uint64_t to) {
            file->release_range(from, to);
        };
        // The filter pass reads through a small buffer (pread): cheaper than mapping each page.
        // One descriptor for the whole pass, not an open, fstat and close per read.
        std::optional<EvidenceFile::Reader> reader;
        try {
            reader.emplace(file->reader());
        } catch (const IoError& e) {
            io_failed = true;
            json.array_value({{"file", path}, {"error", e.what()}});
            print_error(e.what());
            continue;
        }
        file_options.read = [&reader](std::uint64_t offset, char* into, std::size_t size) {
            return reader->read_at(offset, into, size);
        };
        const auto findings = scan::scan_text(file->bytes(), file_options);
        json.open_object_in_array();
        json.key_value("file", file->display_name());
        json.key_value("size", file->size());
        json.open_array("findings");
        for (const auto& f : findings) {
            ++total_findings;
            if (f.kind == scan::FindingKind::console_output) ++console_findings;
            const auto dump = scan::hex_dump(file->bytes(), f.offset, f.length, args.context);
            if (args.json) {
                json.array_value({{"offset", f.offset},
                                  {"length", f.length},
                                  {"kind", scan::to_string(f.kind)},
                                  {"phrase", f.phrase_id},
                                  {"text", scan::printable_text(f.bytes)},
                                  {"hex", dump}});
            } else {
                fmt::print("{}:{} (0x{:x}) {} bytes of {}{}\n", file->display_name(), f.offset,
                           f.offset, f.length, scan::to_string(f.kind),
                           f.phrase_id.empty() ? "" : " [" + f.phrase_id + "]");
                fmt::print("{}\n", dump);
            }
            // Reading the finding mapped its pages, and the kernel maps whole cached folios
            // around a fault: drop them, or a file with many findings fills the resident set.
            constexpr std::uint64_t kAround = 4u << 20;
            file->release_range(f.offset > kAround ? f.offset - kAround : 0,
                                f.offset + f.length + kAround);
        }
        json.close_array();
        json.key_value("findings_count", findings.size());
        json.close_object();
        if (!args.json && findings.empty()) {
            fmt::print("{}: no foreign text found ({} bytes)\n", file->display_name(),
                       file->size());
        }
    }
    json.close_array();
    json.key_value("totals", {{"findings", total_findings}, {"console_output", console_findings}});
    json.close_object();
    if (args.json) std::fputc('\n', stdout);
    if (!args.json) {
        fmt::print("{} finding(s), {} of them console output\n", total_findings, console_findings);
    }
    if (io_failed) return to_int(ExitCode::io_error);
    return to_int(total_findings > 0 ? ExitCode::problems : ExitCode::clean);
}

}  // namespace

void add_scan_command(CLI::App& app, int& exit_code) {
    auto args = std::make_shared<ScanArgs>();
    auto* command = app.add_subcommand(
        "scan",
        "Find console output (KB Q179072) and other foreign plain text in files of any "
        "format, e.g. a customer's CLANDATA. Read-only.");
    command->add_option("files", args->files, "files to scan")->required();
    command->add_flag("--json", args->json, "print JSON instead of text");
    command->add_option("--min-run", args->min_run, "shortest printable run looked at (>= 31)")
        ->check(CLI::Range(31, 1 << 20))
        ->capture_default_str();
    command
        ->add_option("--min-text-run", args->min_text_run,
                     "shortest word-like run reported without a console phrase")
        ->check(CLI::Range(31, 1 << 20))
        ->capture_default_str();
    command->add_option("--context", args->context, "bytes of context around each hex dump")
        ->check(CLI::Range(0, 4096))
        ->capture_default_str();
    command->add_option("-j,--jobs", args->jobs, "threads")
        ->check(CLI::Range(1, 64))
        ->capture_default_str();
    command->callback([args, &exit_code] { exit_code = run_scan(*args); });
}

}  // namespace ccsalvage::cli
