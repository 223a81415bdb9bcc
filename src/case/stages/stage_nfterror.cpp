// Stage "nfterror": reads NFTERROR.LOG, the log Import writes into the post office folder when
// it meets damage (Q179072): its lines by day for the timeline, and the reader's findings.
#include <fmt/format.h>

#include <map>

#include "case/stages/findings.hpp"
#include "case/stages/stages.hpp"
#include "parsers/nfterror/reader.hpp"

namespace ccsalvage::casefolder {

namespace {

// Bars in the timeline before days are summed into months.
constexpr std::size_t kMaxBars = 120;

class NfterrorStage final : public Stage {
  public:
    std::string_view name() const override { return "nfterror"; }
    std::string_view description() const override {
        return "read NFTERROR.LOG (the log Import writes on a damaged CLANDATA)";
    }
    std::vector<std::string> inputs(const RescueOptions&,
                                    const EvidenceSet& evidence) const override {
        std::vector<std::string> out;
        const auto& files = evidence.post_office().source().files;
        for (const auto& file : files) {
            if (po::classify_file_name(file.name) == po::PoFileRole::nfterror_log) {
                out.push_back(file.shown());
            }
        }
        return out;
    }
    void run(StageContext& context) const override {
        auto& out = context.contribution;
        FindingMaker maker(name(), context.options.hex_context);
        std::uint64_t logs = 0;
        for (const auto& file : context.evidence.post_office().source().files) {
            if (po::classify_file_name(file.name) != po::PoFileRole::nfterror_log) continue;
            ++logs;
            EventLog log;
            std::map<std::string, std::uint64_t> per_day;
            std::uint64_t undated = 0;
            nfterror::ReaderOptions options;
            options.code_page = context.options.code_page;
            const auto summary = nfterror::read_nfterror(
                file.bytes, file.shown(), options, log, [&](const nfterror::Record& r) {
                    if (r.when.valid) {
                        ++per_day[fmt::format("{:04}-{:02}-{:02}", r.when.year, r.when.month,
                                              r.when.day)];
                    } else {
                        ++undated;
                    }
                });
            for (const auto& event : log.events_in_file_order()) {
                out.findings.push_back(maker.make(event, file.bytes));
            }
            for (const auto& [code, n] : log.suppressed()) out.suppressed[code] += n;
            report::TimeSeries series;
            series.source = file.shown();
            if (per_day.size() <= kMaxBars) {
                series.name = "NFTERROR.LOG lines per day";
                for (const auto& [day, n] : per_day) {
                    series.when.push_back(day);
                    series.count.push_back(n);
                }
            } else {
                // A log over years: months keep the chart readable.
                series.name = "NFTERROR.LOG lines per month";
                for (const auto& [day, n] : per_day) {
                    const auto month = day.substr(0, 7);
                    if (series.when.empty() || series.when.back() != month) {
                        series.when.push_back(month);
                        series.count.push_back(0);
                    }
                    series.count.back() += n;
                }
            }
            if (!series.when.empty()) out.timelines.push_back(std::move(series));
            out.facts.push_back({fmt::format("{}: lines", file.shown()),
                                 fmt::format("{} ({} fit the model, {} undated)", summary.records,
                                             summary.parsed, undated)});
        }
        if (logs > 0) {
            out.model_notes.push_back({"NFTERROR.LOG line format",
                                       "ccsalvage model: no published example of a line",
                                       "docs/formats/nfterror.md"});
        }
    }
};

}  // namespace

std::unique_ptr<Stage> make_nfterror_stage() { return std::make_unique<NfterrorStage>(); }

}  // namespace ccsalvage::casefolder
