#pragma once
// Blanks in text read from evidence: headers, names and subjects come with stray spaces, tabs
// and line ends that carry no meaning, and several parts of ccsalvage compare or print them
// after one normalisation.
#include <string>
#include <string_view>

namespace ccsalvage {

// Space, tab, CR or LF.
constexpr bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// Trimmed, and every inner run of blanks made one space.
std::string collapse_blanks(std::string_view text);

}  // namespace ccsalvage
