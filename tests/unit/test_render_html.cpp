#include <gtest/gtest.h>

#include "report/render.hpp"
#include "support/report_fixture.hpp"

namespace ccsalvage::report {
namespace {

TEST(RenderHtml, EscapesEverythingFromEvidence) {
    const auto html = render_html(testing::sample_report(true));
    EXPECT_EQ(html.find("<script"), std::string::npos);
    EXPECT_EQ(html.find("<img"), std::string::npos);
    EXPECT_NE(html.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
}

TEST(RenderHtml, SelfContained) {
    const auto html = render_html(testing::sample_report(true));
    EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
    EXPECT_NE(html.find("Content-Security-Policy"), std::string::npos);
    for (const char* external : {"src=\"http", "href=\"http", "<link", "@import", "url("}) {
        EXPECT_EQ(html.find(external), std::string::npos) << external;
    }
}

TEST(RenderHtml, VerdictFirstThenSectionsPerPattern) {
    const auto html = render_html(testing::sample_report(false));
    const auto verdict = html.find("class=\"verdict damaged\"");
    ASSERT_NE(verdict, std::string::npos);
    for (const char* id : {"Q179072", "Q223772", "Q184524", "Q157684", "codes-events", "structure",
                           "custody", "limits"}) {
        const auto at = html.find(std::string("id=\"") + id + "\"");
        EXPECT_NE(at, std::string::npos) << id;
        EXPECT_GT(at, verdict) << id;
    }
}

TEST(RenderHtml, ConsequencesAreShownUnderTheirCause) {
    const auto html = render_html(testing::sample_report(false));
    EXPECT_NE(html.find("<b>Cause</b> of 1 further finding(s)"), std::string::npos);
    EXPECT_NE(html.find("shown under their cause"), std::string::npos);
}

TEST(RenderHtml, LedgerSectionOnlyWithLedgerDataAndItsTotal) {
    EXPECT_EQ(render_html(testing::sample_report(false)).find("id=\"ledger\""), std::string::npos);
    auto r = testing::sample_report(true);
    auto html = render_html(r);
    EXPECT_NE(html.find("id=\"ledger\""), std::string::npos);
    EXPECT_NE(html.find("equals the number of messages known"), std::string::npos);
    r.ledger->rows.pop_back();
    html = render_html(r);
    EXPECT_NE(html.find("does not equal the 10 messages known"), std::string::npos);
}

TEST(RenderHtml, ChartsAreInlineSvg) {
    const auto html = render_html(testing::sample_report(false));
    EXPECT_GE(std::count(html.begin(), html.end(), '\n'), 10);
    std::size_t svgs = 0;
    for (auto at = html.find("<svg"); at != std::string::npos; at = html.find("<svg", at + 1)) {
        ++svgs;
    }
    EXPECT_EQ(svgs, 4u);  // findings by code, by pattern, one timeline, one .und growth
}

TEST(RenderHtml, SameReportSameBytes) {
    EXPECT_EQ(render_html(testing::sample_report(true)), render_html(testing::sample_report(true)));
}

}  // namespace
}  // namespace ccsalvage::report
