#include "report/model_json.hpp"
#include "report/patterns.hpp"
#include "report/render.hpp"

namespace ccsalvage::report {

nlohmann::json render_json(const Report& r) {
    const auto v = verdict(r);
    const auto t = totals(r);
    nlohmann::json stages = nlohmann::json::array();
    for (const auto& s : r.stages) {
        stages.push_back({{"name", s.name}, {"description", s.description}, {"status", s.status}});
    }
    nlohmann::json custody = nlohmann::json::array();
    for (const auto& e : r.evidence) {
        custody.push_back(
            {{"file", e.file},
             {"size", e.size},
             {"sha256_before", e.sha256_before},
             {"sha256_after", e.sha256_after},
             {"unchanged", e.sha256_before == e.sha256_after && e.size == e.size_after}});
    }
    nlohmann::json sections = nlohmann::json::array();
    for (const auto& p : patterns()) {
        const auto it = t.by_pattern.find(std::string(p.id));
        sections.push_back({{"pattern", p.id},
                            {"title", p.title},
                            {"findings", it == t.by_pattern.end() ? 0 : it->second}});
    }
    return {
        {"format", kReportFormat},
        {"tool", r.tool_version},
        {"post_office", r.post_office},
        {"connector", r.connector.empty() ? nlohmann::json() : nlohmann::json(r.connector)},
        {"verdict", {{"level", v.level}, {"headline", v.headline}}},
        {"totals",
         {{"errors", t.errors},
          {"warnings", t.warnings},
          {"notes", t.notes},
          {"by_code", t.by_code},
          {"suppressed", r.suppressed}}},
        {"stages", stages},
        {"sections", sections},
        {"findings", r.findings},
        {"cascades", r.cascades},
        {"import_loops", r.loops},
        {"und_growth", r.und_growth},
        {"timelines", r.timelines},
        {"explanations", r.explanations},
        {"ledger", r.ledger ? nlohmann::json(*r.ledger) : nlohmann::json()},
        {"facts", r.facts},
        {"limits", r.limits},
        {"model_notes", r.model_notes},
        {"custody", custody},
    };
}

}  // namespace ccsalvage::report
