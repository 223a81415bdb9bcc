#pragma once
// Inline SVG charts for the HTML report: plain SVG elements, no script, no external resource,
// every label escaped. Each returns one <svg> element.
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "report/model.hpp"

namespace ccsalvage::report {

// Horizontal bars, one per label, largest scale first as given.
std::string bar_chart(std::string_view title,
                      const std::vector<std::pair<std::string, std::uint64_t>>& bars);

// A .und file's growth: the offset each entry starts at over the entry number; entries of an
// import loop drawn in that loop's colour.
std::string growth_chart(const UndGrowth& growth);

// Counts per date as vertical bars, dates in order.
std::string timeline_chart(const TimeSeries& series);

}  // namespace ccsalvage::report
