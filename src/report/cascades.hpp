#pragma once
// Cascades: one damaged structure makes the reader report many findings (a header overwritten
// by console text gives a checksum error, a malformed payload, then every block and extent of
// that message as unclaimed). Findings that name the same message or the same block are put
// in one group, and the finding of the most basic kind is shown as the cause
// (docs/report.md, "Cascades"). A heuristic over what the findings say, not a proof.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "report/model.hpp"

namespace ccsalvage::report {

// The block a byte offset of a file falls in, when the file's block size is known.
using BlockOf =
    std::function<std::optional<std::uint64_t>(std::string_view file, std::uint64_t offset)>;

// Lower ranks are more basic causes; codes not listed rank last (docs/report.md).
int cause_rank(std::string_view code);

// Groups of two or more findings, in the order of their first finding.
std::vector<Cascade> find_cascades(const std::vector<Finding>& findings, const BlockOf& block_of);

}  // namespace ccsalvage::report
