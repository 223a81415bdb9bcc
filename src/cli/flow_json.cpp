#include "cli/flow_json.hpp"

#include <fmt/format.h>

#include "kb/knowledge_base.hpp"

namespace ccsalvage::cli {

nlohmann::json citation_json(const flow::Citation& citation) {
    nlohmann::json events = nlohmann::json::array();
    for (long id : citation.events) {
        const kb::Entry* entry = kb::find_event(id);
        events.push_back({{"event", id}, {"title", entry != nullptr ? entry->title : ""}});
    }
    nlohmann::json codes = nlohmann::json::array();
    for (long id : citation.codes) {
        const kb::Entry* entry = kb::find_code(id);
        codes.push_back({{"code", id}, {"title", entry != nullptr ? entry->title : ""}});
    }
    return {{"kb", citation.kb}, {"events", events}, {"codes", codes}};
}

std::string citation_text(const flow::Citation& citation) {
    std::string out;
    const auto add = [&out](const std::string& part) { out += (out.empty() ? "" : "; ") + part; };
    for (const auto& article : citation.kb) add(article);
    for (long id : citation.events) {
        const kb::Entry* entry = kb::find_event(id);
        add(fmt::format("event {}{}", id, entry != nullptr ? " (" + entry->title + ")" : ""));
    }
    for (long id : citation.codes) {
        const kb::Entry* entry = kb::find_code(id);
        add(fmt::format("code {}{}", id, entry != nullptr ? " (" + entry->title + ")" : ""));
    }
    return out;
}

nlohmann::json copy_json(const flow::Copy& copy) {
    nlohmann::json out{{"kind", flow::to_string(copy.kind)},
                       {"file", copy.file},
                       {"offset", copy.offset},
                       {"place", copy.place},
                       {"complete", copy.complete},
                       {"duplicate", copy.duplicate}};
    if (copy.length != 0) out["length"] = copy.length;
    if (copy.message_number != 0) out["message_number"] = copy.message_number;
    if (copy.kind == flow::CopyKind::ccm) out["queue"] = flow::to_string(copy.queue);
    if (copy.kind == flow::CopyKind::folder_entry) {
        out["post_office_queue"] = copy.in_post_office_queue;
    }
    if (copy.kind == flow::CopyKind::und_entry) {
        out["reason"] = copy.reason;
        if (copy.result_code) out["result_code"] = *copy.result_code;
    }
    if (!copy.note.empty()) out["note"] = copy.note;
    return out;
}

nlohmann::json line_json(const flow::LedgerLine& line) {
    nlohmann::json copies = nlohmann::json::array();
    for (const auto& copy : line.copies) copies.push_back(copy_json(copy));
    nlohmann::json out{{"id", line.id},
                       {"state", flow::to_string(line.state)},
                       {"identity", line.identity},
                       {"subject", line.subject},
                       {"from", line.from},
                       {"date", line.date},
                       {"reason", line.reason}};
    if (line.state == flow::LedgerState::undeliverable) out["attempts"] = line.attempts;
    if (line.duplicate_of) out["duplicate_of"] = *line.duplicate_of;
    const flow::Citation citation = flow::cite_line(line);
    if (!citation.kb.empty()) out["explained_by"] = citation_json(citation);
    out["copies"] = copies;
    return out;
}

nlohmann::json duplicate_json(const flow::DuplicateDecision& decision) {
    return {{"line", decision.line},
            {"duplicate_of", decision.original},
            {"place", decision.place},
            {"copy", copy_json(decision.copy)},
            {"original_copy", copy_json(decision.original_copy)}};
}

nlohmann::json totals_json(const flow::LedgerTotals& t) {
    return {{"lines", t.lines},
            {"messages", t.messages},
            {"by_state", t.by_state},
            {"copies", t.copies_listed},
            {"copies_by_kind", t.copies_by_kind},
            {"sightings", t.sightings},
            {"duplicate_copies", t.duplicate_copies},
            {"incomplete_copies", t.incomplete_copies}};
}

nlohmann::json connector_json(const flow::ConnectorStore& store,
                              const flow::ConnectorAnalysis& analysis) {
    nlohmann::json queues = nlohmann::json::array();
    for (const auto& q : analysis.queues) {
        queues.push_back({{"queue", flow::to_string(q.queue)},
                          {"files", q.files},
                          {"messages", q.messages},
                          {"bytes", q.bytes}});
    }
    nlohmann::json files = nlohmann::json::array();
    for (const auto& f : store.files) {
        nlohmann::json file{{"file", f.display},
                            {"queue", flow::to_string(f.queue)},
                            {"kind", flow::to_string(f.kind)},
                            {"size", f.size}};
        if (f.counter) file["counter"] = *f.counter;
        files.push_back(std::move(file));
    }
    nlohmann::json loops = nlohmann::json::array();
    for (const auto& l : analysis.loops) {
        nlohmann::json loop{{"und_file", l.und_file}, {"offset", l.first_offset},
                            {"attempts", l.attempts}, {"subject", l.subject},
                            {"reason", l.reason},     {"waiting_file", l.waiting_file}};
        if (l.result_code) loop["result_code"] = *l.result_code;
        loops.push_back(std::move(loop));
    }
    nlohmann::json console = nlohmann::json::array();
    for (const auto& c : analysis.console_files) {
        console.push_back({{"file", c.file}, {"size", c.size}, {"names", c.names}});
    }
    nlohmann::json missing = nlohmann::json::array();
    for (auto q : store.missing_queues) missing.push_back(flow::to_string(q));
    return {{"folder", store.display},
            {"queues", queues},
            {"missing_queues", missing},
            {"message_files", analysis.message_files},
            {"messages", analysis.messages},
            {"incomplete_messages", analysis.incomplete_messages},
            {"und_files", analysis.und_files},
            {"und_entries", analysis.und_entries},
            {"zero_byte_tmp", analysis.zero_byte_tmp},
            {"import_loops", loops},
            {"console_files", console},
            {"files", files}};
}

nlohmann::json event_log_json(const flow::EventLogAnalysis& a) {
    static constexpr const char* kLayouts[] = {"tab", "csv", "csv-header", "tab-header"};
    nlohmann::json by_event = nlohmann::json::array();
    for (const auto& [id, n] : a.connector_events) {
        const kb::Entry* entry = kb::find_event(id);
        by_event.push_back({{"event", id},
                            {"count", n},
                            {"title", entry != nullptr ? entry->title : ""},
                            {"failure", flow::is_failure_event(id)}});
    }
    nlohmann::json ties = nlohmann::json::array();
    for (const auto& t : a.ties) {
        nlohmann::json tie{{"offset", t.offset},
                           {"line", t.line},
                           {"event", t.event_id},
                           {"source", t.source},
                           {"when", t.when},
                           {"title", t.title},
                           {"failure", t.failure},
                           {"named_file", t.named_file},
                           {"store_files", t.store_files},
                           {"loop", t.loop}};
        if (t.result_code) tie["result_code"] = *t.result_code;
        flow::Citation citation;
        if (const kb::Entry* entry = kb::find_event(t.event_id)) citation.kb = entry->kb;
        citation.events = {t.event_id};
        if (t.result_code) citation.codes = {*t.result_code};
        tie["explained_by"] = citation_json(citation);
        ties.push_back(std::move(tie));
    }
    return {{"file", a.file},
            {"layout", kLayouts[static_cast<int>(a.summary.layout)]},
            {"records", a.summary.records},
            {"connector_records", a.summary.connector_records},
            {"migration_records", a.summary.migration_records},
            {"skipped_lines", a.summary.skipped_lines},
            {"utf16", a.summary.utf16},
            {"failures", a.failures},
            {"by_event", by_event},
            {"ties", ties}};
}

void print_event_log_text(const flow::EventLogAnalysis& a) {
    fmt::print("event log {}: {} record(s), {} from the connector, {} from the Migration Wizard\n",
               a.file, a.summary.records, a.summary.connector_records, a.summary.migration_records);
    for (const auto& [id, n] : a.connector_events) {
        const kb::Entry* entry = kb::find_event(id);
        fmt::print("  event {:<6} {:>6}x  {}{}\n", id, n,
                   entry != nullptr ? entry->title : "(not in the knowledge base)",
                   entry != nullptr && !entry->kb.empty() ? "  [" + entry->kb.front() + "]" : "");
    }
    for (const auto& t : a.ties) {
        if (t.named_file.empty()) continue;
        std::string where;
        for (const auto& s : t.store_files) where += (where.empty() ? "" : ", ") + s;
        fmt::print("  {} event {} names {}: {}{}\n", t.when, t.event_id, t.named_file,
                   where.empty() ? "not in the store" : where,
                   t.loop.empty() ? "" : " (import loop " + t.loop + ")");
    }
}

nlohmann::json events_json(const EventLog& log) {
    nlohmann::json events = nlohmann::json::array();
    for (const auto& e : log.events_in_file_order()) {
        const auto* entry = find_event_code(e.code);
        nlohmann::json item{{"file", e.file},
                            {"offset", e.offset},
                            {"code", e.code},
                            {"severity", to_string(e.severity)},
                            {"title", entry != nullptr ? entry->title : ""},
                            {"detail", e.detail}};
        const flow::Citation citation = flow::cite_event_code(e.code);
        if (!citation.kb.empty()) item["explained_by"] = citation_json(citation);
        events.push_back(std::move(item));
    }
    return events;
}

}  // namespace ccsalvage::cli
