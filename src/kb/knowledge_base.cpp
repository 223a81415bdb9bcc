#include "kb/knowledge_base.hpp"

#include <nlohmann/json.hpp>

namespace ccsalvage::kb {

extern const char* const kKnowledgeBaseJson;

namespace {

std::vector<Entry> parse() {
    const auto json = nlohmann::json::parse(kKnowledgeBaseJson);
    std::vector<Entry> out;
    for (const auto& e : json.at("entries")) {
        Entry entry;
        entry.kind = e.at("kind").get<std::string>();
        entry.id = e.at("id").get<long>();
        entry.source = e.contains("source") ? e.at("source").get<std::string>()
                                            : e.value("program", std::string());
        entry.title = e.at("title").get<std::string>();
        entry.status = e.at("status").get<std::string>();
        entry.meaning = e.at("meaning").get<std::string>();
        entry.causes = e.value("causes", std::vector<std::string>{});
        entry.remedy = e.value("remedy", std::vector<std::string>{});
        entry.kb = e.value("kb", std::vector<std::string>{});
        const char* related = entry.kind == "code" ? "related_events" : "related_codes";
        entry.related = e.value(related, std::vector<long>{});
        entry.causes_from = e.value("causes_from", std::string());
        for (const auto& extra : e.value("remedy_extra", std::vector<std::string>{})) {
            entry.remedy_extra.push_back(extra);
        }
        out.push_back(std::move(entry));
    }
    // Events that only pass on a result code (59 is code 1 from Import) share its causes and
    // remedy; the data says so once ("causes_from") instead of repeating the text.
    for (auto& entry : out) {
        if (entry.causes_from.empty()) continue;
        const auto space = entry.causes_from.find(' ');
        const auto kind = entry.causes_from.substr(0, space);
        const long id = std::stol(entry.causes_from.substr(space + 1));
        for (const auto& other : out) {
            if (other.kind == kind && other.id == id && other.causes_from.empty()) {
                entry.causes = other.causes;
                entry.remedy = other.remedy;
                break;
            }
        }
        for (auto& extra : entry.remedy_extra) entry.remedy.push_back(std::move(extra));
        entry.remedy_extra.clear();
    }
    return out;
}

const Entry* find(std::string_view kind, long id, std::string_view source) {
    for (const auto& e : entries()) {
        if (e.kind == kind && e.id == id && (source.empty() || e.source == source)) return &e;
    }
    return nullptr;
}

}  // namespace

const std::vector<Entry>& entries() {
    static const std::vector<Entry> parsed = parse();
    return parsed;
}

const Entry* find_code(long code) { return find("code", code, ""); }

const Entry* find_event(long id) {
    if (const auto* e = find("event", id, "MSExchangeCCMC")) return e;
    return find("event", id, "");
}

}  // namespace ccsalvage::kb
