// The Markdown form: what a support engineer pastes into a ticket. Short by design: the
// verdict, counts per pattern, the top findings (causes first), loops, stages, custody and
// limits; everything else is in report.html and report.json.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <set>

#include "report/patterns.hpp"
#include "report/render.hpp"
#include "report/text_escape.hpp"

namespace ccsalvage::report {

namespace {

constexpr std::size_t kTopFindings = 10;
constexpr std::size_t kLoopsShown = 5;

std::string finding_line(const Finding& f, std::size_t consequences) {
    auto line = fmt::format("- **{}** {} `{}` at {} (offset {}): {}", markdown_escape(f.code, 20),
                            markdown_escape(f.severity, 10), markdown_escape(f.title, 80),
                            markdown_escape(f.file, 120), f.offset, markdown_escape(f.detail, 140));
    if (consequences > 0) line += fmt::format(" (cause of {} further finding(s))", consequences);
    return line + "\n";
}

}  // namespace

std::string render_markdown(const Report& r) {
    const auto v = verdict(r);
    const auto t = totals(r);
    std::string md;
    md += fmt::format("## ccsalvage rescue: {}\n\n", markdown_escape(r.post_office, 200));
    md += fmt::format("**Verdict: {}**: {}\n\n", v.level, markdown_escape(v.headline, 300));

    md += "| Pattern | Findings |\n|---|---:|\n";
    for (const auto& p : patterns()) {
        const auto it = t.by_pattern.find(std::string(p.id));
        md += fmt::format("| {} | {} |\n", p.title, it == t.by_pattern.end() ? 0 : it->second);
    }
    md += "\n";

    // Causes of cascades first, then other errors and warnings, in report order.
    std::set<std::size_t> in_cascade;
    std::vector<std::pair<std::size_t, std::size_t>> top;  // finding, consequences
    for (const auto& c : r.cascades) {
        in_cascade.insert(c.consequences.begin(), c.consequences.end());
        top.emplace_back(c.cause, c.consequences.size());
    }
    for (std::size_t i = 0; i < r.findings.size(); ++i) {
        bool is_cause = false;
        for (const auto& c : r.cascades) is_cause = is_cause || c.cause == i;
        if (!is_cause && in_cascade.count(i) == 0 && r.findings[i].severity != "note") {
            top.emplace_back(i, 0);
        }
    }
    if (!top.empty()) {
        md += "Top findings:\n\n";
        for (std::size_t k = 0; k < top.size() && k < kTopFindings; ++k) {
            md += finding_line(r.findings[top[k].first], top[k].second);
        }
        if (top.size() > kTopFindings) {
            md += fmt::format("- ... and {} more in report.html\n", top.size() - kTopFindings);
        }
        md += "\n";
    }

    if (!r.loops.empty()) {
        md += "Import loops (Q223772):\n\n";
        for (std::size_t k = 0; k < r.loops.size() && k < kLoopsShown; ++k) {
            const auto& l = r.loops[k];
            md += fmt::format("- \"{}\": {} attempts in {}\n", markdown_escape(l.subject, 80),
                              l.attempts, markdown_escape(l.file, 120));
        }
        if (r.loops.size() > kLoopsShown) {
            md += fmt::format("- ... and {} more loops\n", r.loops.size() - kLoopsShown);
        }
        md += "\n";
    }

    if (r.ledger) {
        std::uint64_t sum = 0;
        for (const auto& row : r.ledger->rows) sum += row.count;
        md += fmt::format("Ledger: {} message(s); rows add up to {}{}.\n\n", r.ledger->total, sum,
                          sum == r.ledger->total ? "" : " (MISMATCH)");
    }

    std::map<std::string, std::vector<std::string>> by_status;
    for (const auto& s : r.stages) by_status[s.status].push_back(s.name);
    md += "Stages:";
    for (const auto& [status, names] : by_status) {
        md += fmt::format(" {}: {};", status, fmt::join(names, ", "));
    }
    md += "\n\n";

    std::size_t changed = 0;
    for (const auto& e : r.evidence) {
        if (e.sha256_before != e.sha256_after || e.size != e.size_after) ++changed;
    }
    md += fmt::format("Evidence: {} file(s) hashed (SHA-256) before and after the run; {}.\n",
                      r.evidence.size(),
                      changed == 0 ? "none changed" : fmt::format("**{} CHANGED**", changed));
    for (const auto& limit : r.limits)
        md += fmt::format("\nLimit: {}\n", markdown_escape(limit, 300));
    md += fmt::format("\nTool: ccsalvage {}. Details: report.html, report.json.\n",
                      markdown_escape(r.tool_version, 80));
    return md;
}

}  // namespace ccsalvage::report
