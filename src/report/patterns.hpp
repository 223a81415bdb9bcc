#pragma once
// The sections findings are grouped under: the known failure patterns of the Microsoft KB
// articles, then result codes and events, then other damage to the post office structure.
// The explanations are ccsalvage's own summaries of the articles (docs/report.md).
#include <span>
#include <string_view>

namespace ccsalvage::report {

struct PatternInfo {
    std::string_view id;  // kPattern* of model.hpp
    std::string_view title;
    std::string_view explanation;
};

// In the order the report shows them.
std::span<const PatternInfo> patterns();
const PatternInfo* find_pattern(std::string_view id);

}  // namespace ccsalvage::report
