// Stage "und": reads every .und file of the connector's working folder (one entry per failed
// Import attempt) and groups entries of the same message into import loops (Q223772). The
// growth of each file over its entries is kept for the report's chart.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <unordered_map>

#include "case/stages/findings.hpp"
#include "case/stages/stages.hpp"
#include "parsers/und/loops.hpp"
#include "parsers/und/und.hpp"

namespace ccsalvage::casefolder {

namespace {

// Points kept per .und file for the growth chart; past this, every other point is dropped and
// the stride doubles, so a file of millions of entries still draws the same curve.
constexpr std::size_t kMaxGrowthPoints = 2048;
// Attempts listed per loop in the report (the count stays exact).
constexpr std::size_t kAttemptsShown = 20;

struct GrowthPoint {
    std::uint64_t index = 0;
    std::uint64_t offset = 0;
    std::string key;
};

class UndStage final : public Stage {
  public:
    std::string_view name() const override { return "und"; }
    std::string_view description() const override {
        return "read the connector's .und files and group their entries into import loops";
    }
    bool applies(const RescueOptions& options) const override {
        return options.connector.has_value();
    }
    std::vector<std::string> inputs(const RescueOptions&,
                                    const EvidenceSet& evidence) const override {
        std::vector<std::string> out;
        for (const auto& file : evidence.und_files()) out.push_back(file.display_name());
        return out;
    }
    void run(StageContext& context) const override {
        auto& out = context.contribution;
        FindingMaker maker(name(), context.options.hex_context);
        std::uint64_t und_files = 0;
        for (const auto& file : context.evidence.und_files()) {
            ++und_files;
            EventLog log;
            und::LoopFinder finder;
            std::vector<GrowthPoint> points;
            std::uint64_t stride = 1, entries = 0;
            ccm::ReaderOptions options;
            options.code_page = context.options.code_page;
            und::read_und(file, options, log, [&](const und::UndEntry& entry) {
                finder.add(entry);
                if (entries++ % stride == 0) {
                    points.push_back({entry.message.index, entry.message.offset,
                                      und::identify(entry.message).key});
                    if (points.size() >= kMaxGrowthPoints) {
                        std::vector<GrowthPoint> kept;
                        for (std::size_t i = 0; i < points.size(); i += 2)
                            kept.push_back(points[i]);
                        points.swap(kept);
                        stride *= 2;
                    }
                }
            });
            const auto groups = finder.groups();
            und::report_import_loops(groups, file.display_name(), log);
            for (const auto& event : log.events_in_file_order()) {
                out.findings.push_back(maker.make(event, file.bytes()));
            }
            for (const auto& [code, n] : log.suppressed()) out.suppressed[code] += n;

            std::unordered_map<std::string, int> loop_number;
            for (const auto& group : groups) {
                loop_number.emplace(group.identity.key, static_cast<int>(loop_number.size()) + 1);
                report::ImportLoop loop;
                loop.file = file.display_name();
                loop.subject = group.subject;
                loop.identity = group.identity.key;
                loop.attempts = group.attempt_count;
                for (std::size_t i = 0; i < group.attempts.size() && i < kAttemptsShown; ++i) {
                    const auto& a = group.attempts[i];
                    loop.shown.push_back(
                        {a.index, a.offset, a.rejected_at, a.reason, a.result_code});
                }
                out.loops.push_back(std::move(loop));
            }
            report::UndGrowth growth;
            growth.file = file.display_name();
            growth.size = file.size();
            growth.entries = entries;
            for (const auto& p : points) {
                growth.entry_index.push_back(p.index);
                growth.entry_offset.push_back(p.offset);
                const auto it = loop_number.find(p.key);
                growth.loop.push_back(it == loop_number.end() ? 0 : it->second);
            }
            out.und_growth.push_back(std::move(growth));
            out.facts.push_back({fmt::format("{}: entries", file.display_name()),
                                 fmt::format("{} in {} import loop(s)", entries, groups.size())});
        }
        if (und_files == 0) out.facts.push_back({".und files", "none in the connector folder"});
        if (und_files > 0) {
            out.model_notes.push_back({".und files (undeliverable entries)",
                                       "ccsalvage model: Import/Export messages plus rejection "
                                       "lines; the real layout was never published",
                                       "docs/formats/und.md"});
        }
    }
};

}  // namespace

std::unique_ptr<Stage> make_und_stage() { return std::make_unique<UndStage>(); }

}  // namespace ccsalvage::casefolder
