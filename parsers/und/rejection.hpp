#pragma once
// The rejection lines of a .und entry (docs/formats/und.md section 2): the header lines ccsalvage
// puts before a message's own headers to say why Import rejected it. Their names and values
// are ccsalvage's decision [D]; the layout of a real .und was never published. Kept in one
// place so that a corrected layout is a change here only.
#include <optional>
#include <string_view>
#include <vector>

#include "parsers/ccm/message.hpp"
#include "parsers/und/und.hpp"

namespace ccsalvage::und {

// The keywords, as written (without ':'); read in any letter case.
inline constexpr std::string_view kReasonKeyword = "Undeliverable";  // the NDR reason text
inline constexpr std::string_view kSourceKeyword = "Import-File";    // the .ccm Import was given
inline constexpr std::string_view kRejectedKeyword = "Rejected";     // when, as Import dates
inline constexpr std::string_view kResultKeyword = "Result-Code";    // Import's exit code

// The written order; write_und_entry follows it, read_und accepts any order.
inline constexpr std::string_view kRejectionKeywords[] = {kReasonKeyword, kSourceKeyword,
                                                          kRejectedKeyword, kResultKeyword};

bool is_rejection_keyword(std::string_view keyword);
bool same_keyword(std::string_view a, std::string_view b);  // ASCII case-insensitive

// Moves the rejection lines that come before the message's first other header out of
// message.headers and returns them in file order. Rejection keywords further down are the
// message's own headers and stay.
std::vector<ccm::HeaderField> take_rejection_headers(ccm::Message& message);

// "Header Buffer Full" -> header_buffer_full; matched case-insensitively inside the text, since
// the exact wording of a real reason is unknown [G]. Empty -> none; unmatched -> other.
ReasonKind classify_reason(std::string_view reason);

// A Result-Code value: a decimal 0..255 (a DOS exit code), blanks around it allowed.
std::optional<int> parse_result_code(std::string_view value);

// ASCII blanks removed from both ends.
std::string_view trim_blanks(std::string_view text);

}  // namespace ccsalvage::und
