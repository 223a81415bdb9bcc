// The records a repair leaves beside the repaired post office (docs/repair.md, section 5).
#include "case/repair_records.hpp"

#include <fmt/format.h>

namespace ccsalvage::casefolder {

namespace {

std::string dump(const nlohmann::json& j) {
    return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string hex(std::string_view bytes) {
    std::string out;
    for (const char c : bytes) out += fmt::format("{:02x}", static_cast<unsigned char>(c));
    return out;
}

}  // namespace

nlohmann::json finding_json(const repair::Finding& f, std::size_t index) {
    nlohmann::json j{{"index", index},   {"detector", f.detector},   {"code", f.code},
                     {"file", f.file},   {"offset", f.offset},       {"length", f.length},
                     {"block", f.block}, {"structure", f.structure}, {"field", f.field},
                     {"key", f.key},     {"detail", f.detail}};
    j["cause"] = f.cause ? nlohmann::json(*f.cause) : nlohmann::json(nullptr);
    return j;
}

void write_repair_records(const RecordWriter& out, const repair::Findings& findings,
                          const repair::Salvage& salvage,
                          const std::vector<repair::Change>& changes) {
    std::string log_text, log_jsonl;
    for (const auto& c : changes) {
        log_text += repair::format_change(c) + "\n";
        log_jsonl += dump({{"file", c.file},
                           {"offset", c.offset},
                           {"structure", c.structure},
                           {"field", c.field},
                           {"old", c.old_value},
                           {"new", c.new_value}}) +
                     "\n";
    }
    for (const auto& s : salvage.sources) {
        // Restored values the model comparison cannot see (item data put back whole).
        if (s.source != "record") {
            log_text += fmt::format("CLANDATA message {} {} <salvaged> -> <from {}>\n",
                                    s.message_number, s.field, s.source);
        }
        log_jsonl +=
            dump({{"message", s.message_number}, {"field", s.field}, {"source", s.source}}) + "\n";
    }
    out("repair-log.txt", log_text);
    out("repair-log.jsonl", log_jsonl);

    std::string findings_jsonl;
    for (std::size_t i = 0; i < findings.size(); ++i)
        findings_jsonl += dump(finding_json(findings[i], i)) + "\n";
    out("findings.jsonl", findings_jsonl);

    std::string field_sources;
    for (const auto& s : salvage.sources)
        field_sources += fmt::format("message {} {} <- {}\n", s.message_number, s.field, s.source);
    out("field-sources.txt", field_sources);

    std::string quarantine_jsonl;
    for (std::size_t i = 0; i < salvage.quarantine.size(); ++i) {
        const auto& q = salvage.quarantine[i];
        const std::string name = fmt::format("quarantine/span-{:04}.bin", i + 1);
        const std::string sha = out(name, q.bytes);
        quarantine_jsonl += dump({{"file", q.file},
                                  {"offset", q.offset},
                                  {"length", q.length},
                                  {"structure", q.structure},
                                  {"field", q.field},
                                  {"key", q.key},
                                  {"reason", q.reason},
                                  {"bytes_hex", hex(q.bytes)},
                                  {"saved_as", name},
                                  {"sha256", sha}}) +
                            "\n";
    }
    out("quarantine/quarantine.jsonl", quarantine_jsonl);

    std::string lost_jsonl;
    for (std::size_t i = 0; i < salvage.lost_and_found.size(); ++i) {
        const auto& l = salvage.lost_and_found[i];
        nlohmann::json j{
            {"kind", l.kind}, {"key", l.key}, {"provenance", l.provenance}, {"reason", l.reason}};
        nlohmann::json data = nlohmann::json::array();
        for (const auto& [name, bytes] : l.data) {
            const std::string rel = fmt::format("lost-and-found/{:04}-{}-{}", i + 1, l.key, name);
            data.push_back(
                {{"saved_as", rel}, {"size", bytes.size()}, {"sha256", out(rel, bytes)}});
        }
        j["data"] = data;
        lost_jsonl += dump(j) + "\n";
    }
    out("lost-and-found/lost-and-found.jsonl", lost_jsonl);
}

}  // namespace ccsalvage::casefolder
