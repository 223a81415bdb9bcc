#include "repair/finding.hpp"

#include <algorithm>

namespace ccsalvage::repair {

std::size_t count_causes(const Findings& findings) {
    return static_cast<std::size_t>(std::count_if(
        findings.begin(), findings.end(), [](const Finding& f) { return !f.cause.has_value(); }));
}

}  // namespace ccsalvage::repair
