#include "report/svg_charts.hpp"

#include <gtest/gtest.h>

namespace ccsalvage::report {
namespace {

std::size_t count(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
    return n;
}

TEST(SvgCharts, BarChartHasOneBarPerLabelAndEscapesLabels) {
    const auto svg = bar_chart("t", {{"<b>", 3}, {"PO-019", 19}});
    EXPECT_EQ(svg.rfind("<svg", 0), 0u);
    EXPECT_EQ(count(svg, "<rect"), 2u);
    EXPECT_EQ(svg.find("<b>"), std::string::npos);
    EXPECT_NE(svg.find("&lt;b&gt;"), std::string::npos);
    // The largest bar is the full width, the other in proportion.
    EXPECT_NE(svg.find("width=\"360\""), std::string::npos);
    EXPECT_NE(svg.find("width=\"56\""), std::string::npos);
}

TEST(SvgCharts, GrowthChartColoursLoopsAndStaysInside) {
    UndGrowth g{"<f>", 1000, 3, {0, 1, 2}, {0, 500, 1000}, {1, 0, 2}};
    const auto svg = growth_chart(g);
    EXPECT_EQ(count(svg, "<circle"), 3u);
    EXPECT_NE(svg.find("#c0392b"), std::string::npos);  // loop 1
    EXPECT_NE(svg.find("#909497"), std::string::npos);  // no loop
    EXPECT_NE(svg.find("#2471a3"), std::string::npos);  // loop 2
    EXPECT_EQ(svg.find("<f>"), std::string::npos);
    // The last entry is at the top right of the plot.
    EXPECT_NE(svg.find("cx=\"584.0\" cy=\"12.0\""), std::string::npos);
}

TEST(SvgCharts, TimelineHasABarPerDate) {
    TimeSeries s{"n", "f", {"1998-01-12", "1998-01-13"}, {3, 1}};
    const auto svg = timeline_chart(s);
    EXPECT_EQ(count(svg, "<rect"), 2u);
    EXPECT_NE(svg.find("1998-01-13"), std::string::npos);
}

TEST(SvgCharts, EmptyDataStillMakesValidSvg) {
    EXPECT_NE(bar_chart("t", {}).find("nothing to show"), std::string::npos);
    EXPECT_NE(growth_chart(UndGrowth{}).find("</svg>"), std::string::npos);
    EXPECT_NE(timeline_chart(TimeSeries{}).find("</svg>"), std::string::npos);
}

}  // namespace
}  // namespace ccsalvage::report
