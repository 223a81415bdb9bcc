#include "report/svg_charts.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "report/text_escape.hpp"

namespace ccsalvage::report {

namespace {

constexpr std::array<std::string_view, 6> kLoopColours = {"#c0392b", "#2471a3", "#b9770e",
                                                          "#7d3c98", "#1e8449", "#a04000"};
constexpr std::string_view kOtherColour = "#909497";

std::string open_svg(int width, int height, std::string_view title) {
    return fmt::format(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{0}\" height=\"{1}\" "
        "viewBox=\"0 0 {0} {1}\" role=\"img\" aria-label=\"{2}\"><title>{2}</title>\n",
        width, height, html_escape(title));
}

}  // namespace

std::string bar_chart(std::string_view title,
                      const std::vector<std::pair<std::string, std::uint64_t>>& bars) {
    constexpr int kRow = 22, kLabel = 170, kBar = 360, kTop = 8;
    const int height = kTop * 2 + kRow * static_cast<int>(std::max<std::size_t>(bars.size(), 1));
    std::uint64_t max = 1;
    for (const auto& [label, n] : bars) max = std::max(max, n);
    auto svg = open_svg(kLabel + kBar + 70, height, title);
    int y = kTop;
    for (const auto& [label, n] : bars) {
        const auto w = static_cast<int>(static_cast<double>(n) / static_cast<double>(max) * kBar);
        svg += fmt::format(
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\" font-size=\"12\">{}</text>"
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"#2471a3\"/>"
            "<text x=\"{}\" y=\"{}\" font-size=\"12\">{}</text>\n",
            kLabel - 6, y + 15, html_escape(label), kLabel, y + 3, std::max(w, 1), kRow - 6,
            kLabel + std::max(w, 1) + 5, y + 15, n);
        y += kRow;
    }
    if (bars.empty()) {
        svg += fmt::format("<text x=\"10\" y=\"{}\" font-size=\"12\">nothing to show</text>\n",
                           kTop + 15);
    }
    return svg + "</svg>";
}

std::string growth_chart(const UndGrowth& g) {
    constexpr int kW = 600, kH = 260, kLeft = 80, kBottom = 40, kTop = 12, kRight = 16;
    auto svg = open_svg(kW, kH, "Growth of " + g.file + " over its entries");
    const int plot_w = kW - kLeft - kRight, plot_h = kH - kTop - kBottom;
    std::uint64_t max_x = 1, max_y = std::max<std::uint64_t>(g.size, 1);
    for (const auto x : g.entry_index) max_x = std::max(max_x, x);
    svg += fmt::format(
        "<line x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\" stroke=\"#000\"/>"
        "<line x1=\"{0}\" y1=\"{2}\" x2=\"{3}\" y2=\"{2}\" stroke=\"#000\"/>\n",
        kLeft, kTop, kTop + plot_h, kLeft + plot_w);
    svg += fmt::format(
        "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-size=\"12\">entry (attempt) number, "
        "0 to {}</text>\n",
        kLeft + plot_w / 2, kH - 8, max_x);
    svg += fmt::format(
        "<text x=\"{}\" y=\"{}\" text-anchor=\"end\" font-size=\"11\">{} B</text>"
        "<text x=\"{}\" y=\"{}\" text-anchor=\"end\" font-size=\"11\">0</text>\n",
        kLeft - 4, kTop + 10, max_y, kLeft - 4, kTop + plot_h);
    for (std::size_t i = 0; i < g.entry_index.size() && i < g.entry_offset.size(); ++i) {
        const double x =
            kLeft + static_cast<double>(g.entry_index[i]) / static_cast<double>(max_x) * plot_w;
        const double y =
            kTop + plot_h -
            static_cast<double>(g.entry_offset[i]) / static_cast<double>(max_y) * plot_h;
        const int loop = i < g.loop.size() ? g.loop[i] : 0;
        const auto colour =
            loop > 0 ? kLoopColours[static_cast<std::size_t>(loop - 1) % kLoopColours.size()]
                     : kOtherColour;
        svg +=
            fmt::format("<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"3\" fill=\"{}\"/>", x, y, colour);
    }
    return svg + "\n</svg>";
}

std::string timeline_chart(const TimeSeries& s) {
    constexpr int kH = 220, kLeft = 50, kBottom = 60, kTop = 12, kBarW = 18, kGap = 6;
    const int n = static_cast<int>(s.when.size());
    const int w = kLeft + std::max(n, 1) * (kBarW + kGap) + 20;
    auto svg = open_svg(std::max(w, 300), kH, s.name + " (" + s.source + ")");
    std::uint64_t max = 1;
    for (const auto c : s.count) max = std::max(max, c);
    const int plot_h = kH - kTop - kBottom;
    svg += fmt::format(
        "<line x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\" stroke=\"#000\"/>"
        "<text x=\"{3}\" y=\"{4}\" text-anchor=\"end\" font-size=\"11\">{5}</text>\n",
        kLeft, kTop, kTop + plot_h, kLeft - 4, kTop + 10, max);
    for (int i = 0; i < n && static_cast<std::size_t>(i) < s.count.size(); ++i) {
        const auto c = s.count[static_cast<std::size_t>(i)];
        const int h = std::max(
            1, static_cast<int>(static_cast<double>(c) / static_cast<double>(max) * plot_h));
        const int x = kLeft + 4 + i * (kBarW + kGap);
        svg += fmt::format(
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"#b9770e\"><title>{}: {}"
            "</title></rect><text x=\"{}\" y=\"{}\" font-size=\"10\" "
            "transform=\"rotate(60 {} {})\">{}</text>\n",
            x, kTop + plot_h - h, kBarW, h, html_escape(s.when[static_cast<std::size_t>(i)]), c, x,
            kTop + plot_h + 12, x, kTop + plot_h + 12,
            html_escape(s.when[static_cast<std::size_t>(i)]));
    }
    return svg + "</svg>";
}

}  // namespace ccsalvage::report
