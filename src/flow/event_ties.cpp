#include "flow/event_ties.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <set>

#include "core/evidence.hpp"
#include "kb/knowledge_base.hpp"
#include "parsers/evlog/events.hpp"

namespace ccsalvage::flow {
namespace {

constexpr std::size_t kTiesKept = 10000;

std::string kb_list(const kb::Entry& entry) {
    std::string out;
    for (const auto& article : entry.kb) out += (out.empty() ? "" : ", ") + article;
    return out;
}

}  // namespace

bool is_failure_event(long id) {
    static constexpr std::array kFailures = {
        43L, 54L, 59L, 62L,    63L,    65L,   68L,   70L,   71L,   82L,   83L,  85L,
        86L, 87L, 98L, 14005L, 14015L, 1004L, 1011L, 1027L, 1029L, 1030L, 1032L};
    return std::find(kFailures.begin(), kFailures.end(), id) != kFailures.end();
}

EventLogAnalysis analyze_event_log(const EvidenceFile& file, const ConnectorStore* store,
                                   const ConnectorAnalysis* analysis, EventLog& log) {
    EventLogAnalysis out;
    out.file = file.display_name();
    std::set<long> unknown_reported;
    out.summary = evlog::read_event_log(file, {}, log, [&](const evlog::Record& r) {
        if (!(r.from_connector() || r.from_migration()) || !r.event_id) return;
        const long id = *r.event_id;
        ++out.connector_events[id];
        const kb::Entry* entry = kb::find_event(id);
        if (entry == nullptr && unknown_reported.insert(id).second) {
            log.add(evlog::events::unknown_connector_event, out.file, r.offset,
                    fmt::format("{} event {}: kept, not explained", r.source, id));
        }
        EventTie tie;
        tie.offset = r.offset;
        tie.line = r.line;
        tie.event_id = id;
        tie.source = r.source;
        tie.when = r.date + " " + r.time;
        tie.title = entry != nullptr ? entry->title : "";
        tie.result_code = r.result_code;
        tie.failure = is_failure_event(id);
        if (tie.failure) {
            ++out.failures;
            log.add(
                evlog::events::connector_failure, out.file, r.offset,
                fmt::format("event {} ({}){}{}", id,
                            entry != nullptr ? entry->title : "not in the knowledge base",
                            r.result_code ? fmt::format(", result code {}", *r.result_code) : "",
                            entry != nullptr && !entry->kb.empty()
                                ? "; see " + kb_list(*entry) + " and `ccsalvage explain event " +
                                      std::to_string(id) + "`"
                                : ""));
        }
        for (const std::string& named : r.files) {
            EventTie t = tie;
            t.named_file = named;
            const std::string wanted = dos_file_name(named);
            if (store != nullptr) {
                for (const auto& f : store->files) {
                    if (dos_file_name(f.name) == wanted) t.store_files.push_back(f.display);
                }
            }
            if (analysis != nullptr) {
                for (const auto& loop : analysis->loops) {
                    if (!loop.waiting_file.empty() && dos_file_name(loop.waiting_file) == wanted) {
                        t.loop = fmt::format("{}: {} attempts", loop.und_file, loop.attempts);
                    }
                }
            }
            if (store != nullptr) {
                if (t.store_files.empty()) {
                    log.add(evlog::events::names_missing_file, out.file, r.offset,
                            fmt::format("event {} names {}: not in the store (processed, moved "
                                        "or deleted since)",
                                        id, named));
                } else {
                    std::string where;
                    for (const auto& s : t.store_files) where += (where.empty() ? "" : ", ") + s;
                    log.add(evlog::events::names_stored_file, out.file, r.offset,
                            fmt::format("event {} names {}: {}{}", id, named, where,
                                        t.loop.empty() ? "" : "; import loop " + t.loop));
                }
            }
            if (out.ties.size() < kTiesKept) out.ties.push_back(std::move(t));
        }
        if (r.files.empty() && tie.failure && out.ties.size() < kTiesKept) {
            out.ties.push_back(std::move(tie));
        }
    });
    return out;
}

}  // namespace ccsalvage::flow
