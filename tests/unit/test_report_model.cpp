#include "report/model.hpp"

#include <gtest/gtest.h>

#include "support/report_fixture.hpp"

namespace ccsalvage::report {
namespace {

TEST(ReportModel, ContributionSurvivesItsJsonForm) {
    Contribution c;
    Finding f;
    f.pattern = kPatternLost;
    f.code = "PO-027";
    f.file = "x";
    f.offset = 7;
    c.findings = {f, f};
    c.cascades = {{0, {1}}};
    c.loops = {{"u", "s", std::string(64, 'c'), 4, {{1, 2, "r", "why", 1}, {3, 4, "", "", {}}}}};
    c.ledger = Ledger{3, {{"exported", 3, ""}}};
    c.suppressed = {{"PO-019", 9}};
    const nlohmann::json j = c;
    const auto back = j.get<Contribution>();
    EXPECT_EQ(nlohmann::json(back), j);
    ASSERT_EQ(back.loops.size(), 1u);
    EXPECT_EQ(back.loops[0].shown[0].result_code, 1);
    EXPECT_FALSE(back.loops[0].shown[1].result_code.has_value());
    ASSERT_TRUE(back.ledger.has_value());
    EXPECT_EQ(back.ledger->total, 3u);
}

TEST(ReportModel, MergeShiftsCascadeIndicesAndKeepsExplanationsOnce) {
    Report r;
    Contribution a, b;
    a.findings.resize(2);
    b.findings.resize(3);
    b.cascades = {{2, {0, 1}}};
    a.explanations = {{"code", 1, "t", "", {}, {}, {}, "x"}};
    b.explanations = {{"code", 1, "t", "", {}, {}, {}, "y"},
                      {"event", 59, "t", "", {}, {}, {}, "z"}};
    merge(r, a);
    merge(r, b);
    ASSERT_EQ(r.cascades.size(), 1u);
    EXPECT_EQ(r.cascades[0].cause, 4u);
    EXPECT_EQ(r.cascades[0].consequences, (std::vector<std::size_t>{2, 3}));
    EXPECT_EQ(r.findings.size(), 5u);
    EXPECT_EQ(r.explanations.size(), 2u);
}

TEST(ReportModel, VerdictFollowsSeverities) {
    Report r;
    EXPECT_EQ(verdict(r).level, "clean");
    Finding f;
    f.severity = "note";
    r.findings.push_back(f);
    EXPECT_EQ(verdict(r).level, "clean");
    r.suppressed["PO-019"] = 1;  // counted but not kept: still a problem
    EXPECT_EQ(verdict(r).level, "problems");
    f.severity = "error";
    f.pattern = kPatternConsole;
    r.findings.push_back(f);
    const auto v = verdict(r);
    EXPECT_EQ(v.level, "damaged");
    EXPECT_NE(v.headline.find("Q179072"), std::string::npos);
}

TEST(ReportModel, TotalsCountSuppressedFindingsPerCode) {
    const auto r = testing::sample_report(false);
    const auto t = totals(r);
    EXPECT_EQ(t.errors, 1u);
    EXPECT_EQ(t.warnings, 2u);
    EXPECT_EQ(t.by_code.at("PO-019"), 6u);
    EXPECT_EQ(t.by_pattern.at(kPatternConsole), 1u);
}

}  // namespace
}  // namespace ccsalvage::report
