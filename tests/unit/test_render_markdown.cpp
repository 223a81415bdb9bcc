#include <gtest/gtest.h>

#include "report/render.hpp"
#include "support/report_fixture.hpp"

namespace ccsalvage::report {
namespace {

TEST(RenderMarkdown, ShortAndInert) {
    const auto md = render_markdown(testing::sample_report(true));
    EXPECT_NE(md.find("**Verdict: damaged**"), std::string::npos);
    EXPECT_EQ(md.find("<script"), std::string::npos);
    EXPECT_EQ(md.find("<img"), std::string::npos);
    // Short enough for a ticket: a screenful, whatever the evidence.
    EXPECT_LT(std::count(md.begin(), md.end(), '\n'), 60);
}

TEST(RenderMarkdown, CausesComeFirstWithTheirConsequenceCount) {
    const auto md = render_markdown(testing::sample_report(false));
    const auto cause = md.find("**PO-015**");
    ASSERT_NE(cause, std::string::npos);
    EXPECT_NE(md.find("cause of 1 further finding(s)", cause), std::string::npos);
    // The consequence is not listed among the top findings.
    EXPECT_EQ(md.find("**PO-019**"), std::string::npos);
}

TEST(RenderMarkdown, LedgerLineOnlyWithLedgerAndSaysWhetherItAddsUp) {
    EXPECT_EQ(render_markdown(testing::sample_report(false)).find("Ledger:"), std::string::npos);
    auto r = testing::sample_report(true);
    EXPECT_NE(render_markdown(r).find("Ledger: 10 message(s); rows add up to 10."),
              std::string::npos);
    r.ledger->total = 11;
    EXPECT_NE(render_markdown(r).find("(MISMATCH)"), std::string::npos);
}

TEST(RenderMarkdown, ManyFindingsStayShort) {
    auto r = testing::sample_report(false);
    for (int i = 0; i < 500; ++i) r.findings.push_back(r.findings[2]);
    const auto md = render_markdown(r);
    EXPECT_LT(std::count(md.begin(), md.end(), '\n'), 60);
    EXPECT_NE(md.find("more in report.html"), std::string::npos);
}

}  // namespace
}  // namespace ccsalvage::report
