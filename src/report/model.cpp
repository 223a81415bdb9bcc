#include "report/model.hpp"

#include "report/model_json.hpp"

#include <fmt/format.h>

namespace ccsalvage::report {

void to_json(nlohmann::json& j, const Contribution& c) {
    j = {{"findings", c.findings},
         {"cascades", c.cascades},
         {"loops", c.loops},
         {"und_growth", c.und_growth},
         {"timelines", c.timelines},
         {"explanations", c.explanations},
         {"facts", c.facts},
         {"limits", c.limits},
         {"model_notes", c.model_notes},
         {"suppressed", c.suppressed},
         {"ledger", c.ledger ? nlohmann::json(*c.ledger) : nlohmann::json()}};
}

void from_json(const nlohmann::json& j, Contribution& c) {
    j.at("findings").get_to(c.findings);
    j.at("cascades").get_to(c.cascades);
    j.at("loops").get_to(c.loops);
    j.at("und_growth").get_to(c.und_growth);
    j.at("timelines").get_to(c.timelines);
    j.at("explanations").get_to(c.explanations);
    j.at("facts").get_to(c.facts);
    j.at("limits").get_to(c.limits);
    j.at("model_notes").get_to(c.model_notes);
    j.at("suppressed").get_to(c.suppressed);
    if (j.contains("ledger") && !j.at("ledger").is_null()) c.ledger = j.at("ledger").get<Ledger>();
}

template <typename T>
static void append(std::vector<T>& to, const std::vector<T>& from) {
    to.insert(to.end(), from.begin(), from.end());
}

void merge(Report& report, const Contribution& c) {
    const auto base = report.findings.size();
    append(report.findings, c.findings);
    for (auto cascade : c.cascades) {
        cascade.cause += base;
        for (auto& i : cascade.consequences) i += base;
        report.cascades.push_back(std::move(cascade));
    }
    append(report.loops, c.loops);
    append(report.und_growth, c.und_growth);
    append(report.timelines, c.timelines);
    for (const auto& e : c.explanations) {
        bool known = false;
        for (const auto& have : report.explanations) {
            known = known || (have.kind == e.kind && have.id == e.id);
        }
        if (!known) report.explanations.push_back(e);
    }
    if (c.ledger) report.ledger = c.ledger;
    append(report.facts, c.facts);
    append(report.limits, c.limits);
    append(report.model_notes, c.model_notes);
    for (const auto& [code, n] : c.suppressed) report.suppressed[code] += n;
}

Totals totals(const Report& report) {
    Totals t;
    for (const auto& f : report.findings) {
        if (f.severity == "error") ++t.errors;
        if (f.severity == "warning") ++t.warnings;
        if (f.severity == "note") ++t.notes;
        ++t.by_pattern[f.pattern];
        ++t.by_code[f.code];
    }
    for (const auto& [code, n] : report.suppressed) t.by_code[code] += n;
    return t;
}

Verdict verdict(const Report& report) {
    const auto t = totals(report);
    std::uint64_t suppressed = 0;
    for (const auto& [code, n] : report.suppressed) suppressed += n;
    Verdict v;
    if (t.errors == 0 && t.warnings == 0 && suppressed == 0) {
        v.level = "clean";
        v.headline = "No damage found in the evidence read.";
        return v;
    }
    v.level = t.errors > 0 ? "damaged" : "problems";
    std::string patterns;
    for (const auto* id : {kPatternConsole, kPatternImportLoop, kPatternDuplicates, kPatternLost}) {
        const auto it = t.by_pattern.find(id);
        if (it == t.by_pattern.end()) continue;
        patterns += patterns.empty() ? "" : ", ";
        patterns += id;
    }
    v.headline = fmt::format("{} error(s) and {} warning(s) found{}.", t.errors, t.warnings,
                             patterns.empty() ? "" : "; known patterns: " + patterns);
    return v;
}

}  // namespace ccsalvage::report
