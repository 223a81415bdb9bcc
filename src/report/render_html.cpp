// The HTML form: one self-contained file (inline CSS and SVG, no script, no external resource,
// a Content-Security-Policy that forbids loading anything), readable offline in any browser.
// Every string from the report is escaped: evidence is hostile.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <map>
#include <set>

#include "report/patterns.hpp"
#include "report/render.hpp"
#include "report/svg_charts.hpp"
#include "report/text_escape.hpp"

namespace ccsalvage::report {

namespace {

constexpr std::string_view kStyle = R"(
body{font-family:system-ui,sans-serif;margin:2em;max-width:70em;color:#1b1b1b}
h1{font-size:1.5em}h2{border-bottom:1px solid #ccc;padding-bottom:.2em;margin-top:1.6em}
table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccc;padding:.25em .5em;
text-align:left;vertical-align:top}td.n{text-align:right}pre{background:#f4f4f4;padding:.5em;
overflow-x:auto;font-size:.85em}.verdict{padding:1em;border-radius:4px;font-size:1.2em}
.clean{background:#d5f5e3}.problems{background:#fcf3cf}.damaged{background:#f5b7b1}
.error{color:#922b21;font-weight:bold}.warning{color:#9a7d0a}.note{color:#555}
details{margin:.3em 0}summary{cursor:pointer}.muted{color:#666}code{font-size:.95em}
)";

// Findings of one code shown before the rest are folded into a <details>.
constexpr std::size_t kShownPerCode = 3;

std::string e(std::string_view text) { return html_escape(text); }

std::string finding_summary(const Finding& f) {
    return fmt::format(
        "<code>{}</code> <span class=\"{}\">{}</span> {} &mdash; <code>{}</code> offset {} "
        "(0x{:x}): {}",
        e(f.code), e(f.severity), e(f.severity), e(f.title), e(f.file), f.offset, f.offset,
        e(f.detail));
}

std::string finding_block(const Finding& f) {
    std::string html = "<div>" + finding_summary(f);
    if (!f.hex.empty()) {
        html += "<details><summary>bytes at the offset, with context</summary><pre>" + e(f.hex) +
                "</pre></details>";
    }
    return html + "</div>\n";
}

std::string explanation_block(const Explanation& x) {
    std::string html =
        fmt::format("<details><summary>{} {}: {}</summary><p>{}</p>",
                    x.kind == "code" ? "Result code" : "Event", x.id, e(x.title), e(x.meaning));
    if (!x.causes.empty()) {
        html += "<p>Causes:</p><ul>";
        for (const auto& c : x.causes) html += "<li>" + e(c) + "</li>";
        html += "</ul>";
    }
    if (!x.remedy.empty()) {
        html += "<p>What to do:</p><ul>";
        for (const auto& c : x.remedy) html += "<li>" + e(c) + "</li>";
        html += "</ul>";
    }
    html += fmt::format(
        "<p class=\"muted\">KB: {}. Cited because: {}. "
        "<code>ccsalvage explain {} {}</code></p></details>\n",
        e(fmt::format("{}", fmt::join(x.kb, ", "))), e(x.cited_by), e(x.kind), x.id);
    return html;
}

bool cites(const Explanation& x, std::string_view pattern) {
    for (const auto& k : x.kb) {
        if (k == pattern) return true;
    }
    return false;
}

std::string section_findings(const Report& r, const PatternInfo& p) {
    std::string html;
    std::set<std::size_t> in_cascade;
    for (const auto& c : r.cascades) {
        in_cascade.insert(c.cause);
        in_cascade.insert(c.consequences.begin(), c.consequences.end());
    }
    std::size_t shown = 0;
    for (const auto& c : r.cascades) {
        if (r.findings[c.cause].pattern != p.id) continue;
        ++shown;
        html += fmt::format(
            "<details open><summary><b>Cause</b> of {} further finding(s): {}"
            "</summary>",
            c.consequences.size(), finding_summary(r.findings[c.cause]));
        if (!r.findings[c.cause].hex.empty()) {
            html += "<details><summary>bytes at the offset, with context</summary><pre>" +
                    e(r.findings[c.cause].hex) + "</pre></details>";
        }
        html += "<details><summary>the findings that follow from it</summary>";
        for (const auto i : c.consequences) html += finding_block(r.findings[i]);
        html += "</details></details>\n";
    }
    std::size_t elsewhere = 0;
    // Findings outside cascades, by code: the first few shown, the rest folded away.
    std::map<std::string, std::vector<std::size_t>> by_code;
    std::vector<std::string> code_order;
    for (std::size_t i = 0; i < r.findings.size(); ++i) {
        const auto& f = r.findings[i];
        if (f.pattern != p.id) continue;
        if (in_cascade.count(i) != 0) {
            bool is_cause_here = false;
            for (const auto& c : r.cascades) is_cause_here = is_cause_here || c.cause == i;
            if (!is_cause_here) ++elsewhere;
            continue;
        }
        if (by_code[f.code].empty()) code_order.push_back(f.code);
        by_code[f.code].push_back(i);
    }
    for (const auto& code : code_order) {
        const auto& list = by_code[code];
        for (std::size_t k = 0; k < list.size() && k < kShownPerCode; ++k) {
            html += finding_block(r.findings[list[k]]);
        }
        if (list.size() > kShownPerCode) {
            html += fmt::format("<details><summary>{} more {}</summary>",
                                list.size() - kShownPerCode, e(code));
            for (std::size_t k = kShownPerCode; k < list.size(); ++k) {
                html += finding_block(r.findings[list[k]]);
            }
            html += "</details>\n";
        }
        shown += list.size();
    }
    if (elsewhere > 0) {
        html += fmt::format(
            "<p class=\"muted\">{} more finding(s) of this kind are shown under "
            "their cause.</p>\n",
            elsewhere);
    }
    if (shown == 0 && elsewhere == 0) html += "<p class=\"muted\">Nothing found.</p>\n";
    return html;
}

std::string loops_section(const Report& r) {
    std::string html = "<h3>Import loops</h3>\n";
    if (r.loops.empty()) return html + "<p class=\"muted\">No import loop found.</p>\n";
    html +=
        "<table><tr><th>#</th><th>Subject</th><th>Attempts</th><th>File</th>"
        "<th>First attempts (entry, offset, rejected at, reason, result code)</th></tr>\n";
    for (std::size_t i = 0; i < r.loops.size(); ++i) {
        const auto& l = r.loops[i];
        std::string attempts;
        for (const auto& a : l.shown) {
            attempts +=
                fmt::format("{} @{}: {} {} {}<br>", a.index, a.offset, e(a.rejected_at),
                            e(a.reason), a.result_code ? std::to_string(*a.result_code) : "-");
        }
        html += fmt::format(
            "<tr><td class=\"n\">{}</td><td>{}</td><td class=\"n\">{}</td>"
            "<td><code>{}</code></td><td>{}</td></tr>\n",
            i + 1, e(l.subject), l.attempts, e(l.file), attempts);
    }
    html += "</table>\n";
    for (const auto& g : r.und_growth) {
        html += fmt::format(
            "<p>Growth of <code>{}</code>: {} entries, {} bytes; each dot is an "
            "entry at the offset it starts; coloured dots belong to a loop "
            "(numbered as in the table).</p>\n",
            e(g.file), g.entries, g.size);
        html += growth_chart(g) + "\n";
    }
    return html;
}

std::string ledger_section(const Ledger& ledger) {
    std::uint64_t sum = 0;
    std::string html =
        "<h2 id=\"ledger\">Ledger</h2>\n<table><tr><th>Outcome</th><th>Messages"
        "</th><th>Note</th></tr>\n";
    for (const auto& row : ledger.rows) {
        sum += row.count;
        html += fmt::format("<tr><td>{}</td><td class=\"n\">{}</td><td>{}</td></tr>\n",
                            e(row.outcome), row.count, e(row.note));
    }
    html += fmt::format("<tr><th>Total</th><th class=\"n\">{}</th><th>{}</th></tr></table>\n", sum,
                        sum == ledger.total
                            ? "equals the number of messages known"
                            : fmt::format("<span class=\"error\">does not equal the {} messages "
                                          "known</span>",
                                          ledger.total));
    return html;
}

std::string custody_section(const Report& r) {
    std::string html =
        "<h2 id=\"custody\">Chain of custody</h2>\n<p>Every input was opened read-only and "
        "hashed (SHA-256) before the stages ran and again after. The case folder's "
        "<code>manifest.json</code> records the same, with times, host and user; "
        "<code>SHA256SUMS</code> covers every output.</p>\n<table><tr><th>File</th><th>Size</th>"
        "<th>SHA-256 before</th><th>After</th></tr>\n";
    for (const auto& x : r.evidence) {
        const bool same = x.sha256_before == x.sha256_after && x.size == x.size_after;
        html += fmt::format(
            "<tr><td><code>{}</code></td><td class=\"n\">{}</td><td><code>{}"
            "</code></td><td>{}</td></tr>\n",
            e(x.file), x.size, e(x.sha256_before),
            same ? "unchanged" : "<span class=\"error\">CHANGED: " + e(x.sha256_after) + "</span>");
    }
    return html + "</table>\n";
}

}  // namespace

std::string render_html(const Report& r) {
    const auto v = verdict(r);
    const auto t = totals(r);
    std::string html = fmt::format(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
        "style-src 'unsafe-inline'\">"
        "<title>ccsalvage report: {}</title><style>{}</style></head><body>\n",
        e(r.post_office), kStyle);
    html += fmt::format("<h1>ccsalvage rescue report: <code>{}</code></h1>\n", e(r.post_office));
    html += fmt::format("<div class=\"verdict {}\"><b>Verdict: {}</b>. {}</div>\n", e(v.level),
                        e(v.level), e(v.headline));
    html += fmt::format(
        "<p>Post office folder <code>{}</code>{}; ccsalvage {}.</p>\n", e(r.post_office),
        r.connector.empty() ? std::string(", no connector folder given")
                            : ", connector folder <code>" + e(r.connector) + "</code>",
        e(r.tool_version));

    html +=
        "<h2 id=\"stages\">Stages</h2>\n<table><tr><th>Stage</th><th>Status</th><th>What it "
        "does</th></tr>\n";
    for (const auto& s : r.stages) {
        html += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td></tr>\n", e(s.name), e(s.status),
                            e(s.description));
    }
    html +=
        "</table>\n<p class=\"muted\">A stage \"not in this build\" did not run: nothing in "
        "this report comes from it.</p>\n";

    if (!r.facts.empty()) {
        html += "<h2 id=\"facts\">What was read</h2>\n<table>";
        for (const auto& f : r.facts) {
            html += fmt::format("<tr><th>{}</th><td>{}</td></tr>\n", e(f.key), e(f.value));
        }
        html += "</table>\n";
    }

    html += "<h2 id=\"charts\">Findings by kind</h2>\n";
    std::vector<std::pair<std::string, std::uint64_t>> by_code(t.by_code.begin(), t.by_code.end());
    html += bar_chart("Findings by catalogue id", by_code) + "\n";
    std::vector<std::pair<std::string, std::uint64_t>> by_pattern;
    for (const auto& p : patterns()) {
        const auto it = t.by_pattern.find(std::string(p.id));
        by_pattern.emplace_back(std::string(p.id), it == t.by_pattern.end() ? 0 : it->second);
    }
    html += bar_chart("Findings by pattern", by_pattern) + "\n";
    html += "<h3>Events over time</h3>\n";
    if (r.timelines.empty()) {
        html +=
            "<p class=\"muted\">No dated events in the evidence read (connector event logs "
            "are read by a stage not in this build).</p>\n";
    }
    for (const auto& s : r.timelines) {
        html += fmt::format("<p>{} (<code>{}</code>)</p>\n", e(s.name), e(s.source));
        html += timeline_chart(s) + "\n";
    }
    if (!r.suppressed.empty()) {
        html += "<p>Findings over the per-code cap (counted, not listed):";
        for (const auto& [code, n] : r.suppressed) html += fmt::format(" {} {};", e(code), n);
        html += "</p>\n";
    }

    for (const auto& p : patterns()) {
        html += fmt::format("<h2 id=\"{}\">{}</h2>\n<p>{}</p>\n", e(p.id), e(p.title),
                            e(p.explanation));
        if (p.id == kPatternCodes) {
            if (r.explanations.empty()) {
                html += "<p class=\"muted\">No result code or event named by the evidence.</p>\n";
            }
            for (const auto& x : r.explanations) html += explanation_block(x);
            continue;
        }
        std::vector<std::string> cited;
        for (const auto& x : r.explanations) {
            if (cites(x, p.id))
                cited.push_back(fmt::format("{} {} ({})", x.kind, x.id, e(x.title)));
        }
        const auto found = t.by_pattern.find(std::string(p.id));
        if (!cited.empty() && found != t.by_pattern.end()) {
            html += fmt::format(
                "<p class=\"muted\">What the connector reports for this pattern: "
                "{}; see <a href=\"#{}\">result codes and events</a>.</p>\n",
                fmt::join(cited, ", "), kPatternCodes);
        }
        html += section_findings(r, p);
        if (p.id == kPatternImportLoop) html += loops_section(r);
    }

    if (r.ledger) html += ledger_section(*r.ledger);
    html += custody_section(r);

    html += "<h2 id=\"limits\">Limits of this report</h2>\n<ul>";
    for (const auto& s : r.stages) {
        if (s.status == "not in this build") {
            html += fmt::format("<li>The {} stage is not in this build ({}): nothing was {}.</li>",
                                e(s.name), e(s.description),
                                "repaired, deduplicated or exported by it");
        }
    }
    for (const auto& l : r.limits) html += "<li>" + e(l) + "</li>";
    html +=
        "<li>Findings of the post office files are checks against ccsalvage's model of "
        "formats nobody published; the console scan needs no model.</li></ul>\n";
    html +=
        "<h3>Which parts of the formats are ccsalvage's own model</h3>\n<table><tr><th>Part"
        "</th><th>Status</th><th>Documented in</th></tr>\n";
    for (const auto& n : r.model_notes) {
        html += fmt::format("<tr><td>{}</td><td>{}</td><td><code>{}</code></td></tr>\n", e(n.part),
                            e(n.status), e(n.doc));
    }
    html += "</table>\n</body></html>\n";
    return html;
}

}  // namespace ccsalvage::report
