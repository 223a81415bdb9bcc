#pragma once
// A report as the stages would fill it, with hostile text where evidence can put text, for the
// renderer tests.
#include "report/model.hpp"

namespace ccsalvage::testing {

inline constexpr const char* kHostile = "<script>alert(1)</script><img src=x onerror=alert(2)>|`*";

inline report::Report sample_report(bool with_ledger) {
    report::Report r;
    r.tool_version = "0.1.0 (test)";
    r.post_office = "po/SALES1";
    r.connector = "po/Ccmcdata";
    r.stages = {{"evidence", "hash", "ran"},
                {"post-office", "read", "ran"},
                {"repair", "salvage", "not in this build"}};
    report::Contribution c;
    report::Finding cause;
    cause.pattern = report::kPatternConsole;
    cause.code = "PO-015";
    cause.severity = "error";
    cause.title = "plain text in a scrambled text field";
    cause.file = "po/SALES1/CLANDATA";
    cause.offset = 20546;
    cause.detail = std::string("message 1373: ") + kHostile;
    cause.hex = std::string("00005040  17 00 0D 0A  ..") + kHostile;
    cause.stage = "post-office";
    auto consequence = cause;
    consequence.pattern = report::kPatternStructure;
    consequence.code = "PO-019";
    consequence.severity = "warning";
    consequence.title = "block marked in use but unclaimed";
    consequence.detail = "block 223 is marked";
    auto loop_note = cause;
    loop_note.pattern = report::kPatternImportLoop;
    loop_note.code = "UND-008";
    loop_note.severity = "warning";
    loop_note.detail = kHostile;
    c.findings = {cause, consequence, loop_note};
    c.cascades = {{0, {1}}};
    report::ImportLoop loop;
    loop.file = "po/Ccmcdata/CCMAIL.UND";
    loop.subject = kHostile;
    loop.identity = std::string(64, 'a');
    loop.attempts = 3;
    loop.shown = {{0, 0, "1/22/98 15:48", "Import did not complete", 1},
                  {1, 900, "1/22/98 15:49", kHostile, std::nullopt}};
    c.loops = {loop};
    c.und_growth = {{"po/Ccmcdata/CCMAIL.UND", 2000, 3, {0, 1, 2}, {0, 900, 1500}, {1, 1, 0}}};
    c.timelines = {{"NFTERROR.LOG lines per day", "po/SALES1/NFTERROR.LOG", {"1998-01-12"}, {3}}};
    c.explanations = {{"code",
                       1,
                       "Did not complete",
                       kHostile,
                       {"cause"},
                       {"remedy"},
                       {"Q179072"},
                       "KB Q179072 names it"}};
    if (with_ledger) {
        c.ledger = report::Ledger{
            10, {{"exported", 7, ""}, {"duplicate", 2, kHostile}, {"quarantined", 1, ""}}};
    }
    c.facts = {{"post office name", kHostile}};
    c.limits = {"a limit"};
    c.model_notes = {{"post office files", "ccsalvage model", "docs/formats/post-office.md"}};
    c.suppressed = {{"PO-019", 5}};
    report::merge(r, c);
    r.evidence = {{"po/SALES1/CLANDATA", 100, std::string(64, 'b'), std::string(64, 'b'), 100}};
    return r;
}

}  // namespace ccsalvage::testing
