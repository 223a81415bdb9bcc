// Stage "console-scan": the format-independent scan for console output and other foreign plain
// text (Q179072) over every file of the post office folder. It needs no layout, so its findings
// hold for a real customer CLANDATA too, whatever ccsalvage's model says.
#include <fmt/format.h>

#include <algorithm>

#include "case/stages/findings.hpp"
#include "case/stages/stages.hpp"
#include "repair/scan/text_scanner.hpp"

namespace ccsalvage::casefolder {

namespace {

// Bytes of a finding's text kept in the detail and in the hex dump (plus context).
constexpr std::size_t kTextShown = 200;
constexpr std::uint64_t kDumpShown = 256;

class ConsoleScanStage final : public Stage {
  public:
    std::string_view name() const override { return "console-scan"; }
    std::string_view description() const override {
        return "scan every post office file for console output and foreign plain text "
               "(`scan`)";
    }
    std::vector<std::string> inputs(const RescueOptions&,
                                    const EvidenceSet& evidence) const override {
        return evidence.post_office_files();
    }
    void run(StageContext& context) const override {
        auto& out = context.contribution;
        std::uint64_t console = 0, text = 0;
        for (const auto& file : context.evidence.post_office().evidence()) {
            if (po::classify_file_name(file.path().filename().string()) ==
                po::PoFileRole::nfterror_log) {
                continue;  // a text log: plain text is what it is made of
            }
            scan::ScanOptions options;
            // Halves of the file on two threads with --jobs 2 or more (the scan's own limit).
            options.threads = std::min(context.options.jobs, 2U);
            options.done_with = [&file](std::uint64_t from, std::uint64_t to) {
                file.release_range(from, to);
            };
            options.will_need = [&file](std::uint64_t from, std::uint64_t to) {
                file.prefetch_range(from, to);
            };
            for (const auto& found : scan::scan_text(file.bytes(), options)) {
                const bool is_console = found.kind == scan::FindingKind::console_output;
                (is_console ? console : text)++;
                report::Finding f;
                f.pattern = report::kPatternConsole;
                f.code = is_console ? "SCAN-console" : "SCAN-text";
                f.severity = is_console ? "error" : "warning";
                f.title = is_console ? "console output in a post office file"
                                     : "foreign plain text in a post office file";
                f.file = file.display_name();
                f.offset = found.offset;
                auto shown = scan::printable_text(found.bytes.substr(0, kTextShown));
                f.detail = fmt::format("{} bytes{}: \"{}\"{}", found.length,
                                       found.phrase_id.empty() ? "" : " [" + found.phrase_id + "]",
                                       shown, found.length > kTextShown ? "..." : "");
                f.hex = scan::hex_dump(file.bytes(), found.offset,
                                       std::min<std::uint64_t>(found.length, kDumpShown),
                                       context.options.hex_context);
                f.stage = std::string(name());
                out.findings.push_back(std::move(f));
            }
        }
        out.facts.push_back(
            {"console output found by the scan",
             fmt::format("{} run(s) of console output, {} other text run(s)", console, text)});
    }
};

}  // namespace

std::unique_ptr<Stage> make_console_scan_stage() { return std::make_unique<ConsoleScanStage>(); }

}  // namespace ccsalvage::casefolder
