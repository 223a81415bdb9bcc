// Stage "events": the exported Application event logs given with `--events LOG...`, read by
// flow::analyze_event_log (parsers/evlog, docs/formats/event-log.md) against the connector store
// when `--connector` is given: each connector event explained from the knowledge base, failure
// events as findings tied to the store's files they name (and the import loop they belong to),
// and connector events per day as a report timeline.
#include <fmt/format.h>

#include <map>
#include <optional>

#include "case/stages/findings.hpp"
#include "case/stages/stages.hpp"
#include "flow/connector_analysis.hpp"
#include "flow/connector_store.hpp"
#include "flow/event_ties.hpp"

namespace ccsalvage::casefolder {

namespace {

// The date of an event as exported ("5/14/1997 7:32:10 AM", "1997-05-14 07:32:10", ...) as
// ISO 8601 YYYY-MM-DD, or nullopt when it is neither form.
std::optional<std::string> iso_day(const std::string& when) {
    int a = 0, b = 0, c = 0;
    char s1 = 0, s2 = 0;
    if (std::sscanf(when.c_str(), "%d%c%d%c%d", &a, &s1, &b, &s2, &c) != 5) return std::nullopt;
    if (s1 == '-' && s2 == '-' && a > 1900) return fmt::format("{:04}-{:02}-{:02}", a, b, c);
    if (s1 == '/' && s2 == '/') {
        const int year = c < 100 ? 1900 + c : c;
        if (a >= 1 && a <= 12 && b >= 1 && b <= 31) {
            return fmt::format("{:04}-{:02}-{:02}", year, a, b);
        }
    }
    return std::nullopt;
}

class EventsStage final : public Stage {
  public:
    std::string_view name() const override { return "events"; }
    std::string_view description() const override {
        return "connector events of the exported event logs (--events), explained from the "
               "knowledge base and tied to the connector store's files";
    }
    std::vector<std::string> inputs(const RescueOptions&,
                                    const EvidenceSet& evidence) const override {
        std::vector<std::string> out;
        for (const auto& item : evidence.items()) {
            if (item.role != "post office") out.push_back(item.file);
        }
        return out;
    }
    bool applies(const RescueOptions& options) const override { return !options.events.empty(); }
    void run(StageContext& context) const override {
        auto& out = context.contribution;
        EventLog log;
        std::optional<flow::ConnectorStore> store;
        std::optional<flow::ConnectorAnalysis> analysis;
        if (context.options.connector) {
            store = flow::list_connector_store(*context.options.connector, log);
            ccm::ReaderOptions reader;
            reader.code_page = context.options.code_page;
            analysis = flow::analyze_connector_store(*store, reader, log);
        }
        for (const auto& file : context.evidence.event_logs()) {
            EventLog file_log;
            const auto a = flow::analyze_event_log(file, store ? &*store : nullptr,
                                                   analysis ? &*analysis : nullptr, file_log);
            out.facts.push_back({fmt::format("events: {}", a.file),
                                 fmt::format(
                                     "{} connector event(s), {} failure(s), {} tied to files",
                                     [&a] {
                                         std::uint64_t n = 0;
                                         for (const auto& [id, count] : a.connector_events)
                                             n += count;
                                         return n;
                                     }(),
                                     a.failures, a.ties.size())});
            std::map<std::string, std::uint64_t> per_day;
            for (const auto& tie : a.ties) {
                if (const auto day = iso_day(tie.when)) per_day[*day]++;
                if (!tie.failure) continue;
                report::Finding f;
                f.pattern = tie.loop.empty() ? report::kPatternCodes : report::kPatternImportLoop;
                f.code = fmt::format("EVT-{}", tie.event_id);
                f.severity = "warning";
                f.title = tie.title.empty() ? fmt::format("event {} ({})", tie.event_id, tie.source)
                                            : tie.title;
                f.file = a.file;
                f.offset = tie.offset;
                std::string files;
                for (const auto& s : tie.store_files) files += (files.empty() ? "" : ", ") + s;
                f.detail = fmt::format(
                    "line {}, {}{}{}{}{}", tie.line, tie.when,
                    tie.result_code ? fmt::format(", result code {}", *tie.result_code) : "",
                    tie.named_file.empty() ? "" : ", names " + tie.named_file,
                    files.empty() ? (tie.named_file.empty() ? "" : " (not in the store)")
                                  : " = " + files,
                    tie.loop.empty() ? "" : "; import loop " + tie.loop);
                f.stage = std::string(name());
                out.findings.push_back(std::move(f));
            }
            if (!per_day.empty()) {
                report::TimeSeries series;
                series.name = "connector events per day (failures and events naming files)";
                series.source = a.file;
                for (const auto& [day, n] : per_day) {
                    series.when.push_back(day);
                    series.count.push_back(n);
                }
                out.timelines.push_back(std::move(series));
            }
            for (const auto& e : file_log.events_in_file_order()) {
                report::Finding f;
                f.pattern = std::string(pattern_of(e.code));
                f.code = e.code;
                f.severity = std::string(to_string(e.severity));
                const auto* entry = find_event_code(e.code);
                f.title = entry != nullptr ? std::string(entry->title) : std::string();
                f.file = e.file;
                f.offset = e.offset;
                f.detail = e.detail;
                f.stage = std::string(name());
                out.findings.push_back(std::move(f));
            }
        }
    }
};

}  // namespace

std::unique_ptr<Stage> make_events_stage() { return std::make_unique<EventsStage>(); }

}  // namespace ccsalvage::casefolder
