#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ccsalvage {

// The DOS and Windows code pages cc:Mail text is found in. CP850 is the default of cc:Mail and
// its gateways; CP437 is the US alternative; 932/936/949/950 are the DBCS pages of Asian post
// offices; 1252 appears in text that passed through Windows tools.
enum class CodePage { cp850, cp437, cp1252, cp932, cp936, cp949, cp950 };

// Accepts "850", "cp850", "CP850", "ibm850" and the like.
std::optional<CodePage> parse_code_page(std::string_view name);
std::string_view code_page_name(CodePage page);  // "cp850"
// The ICU converter name used for the page, recorded in reports for reproducibility.
std::string_view icu_converter_name(CodePage page);

struct DecodedText {
    std::string utf8;
    // Offsets (relative to the decoded input) of byte sequences the code page does not map;
    // each was replaced by U+FFFD in utf8, never dropped.
    std::vector<std::size_t> undecodable_offsets;
};
DecodedText decode_to_utf8(std::string_view bytes, CodePage page);

struct EncodedText {
    std::string bytes;
    // Offsets (in the UTF-8 input) of characters the code page cannot hold; each was written
    // as the code page's substitution character.
    std::vector<std::size_t> unmappable_offsets;
};
EncodedText encode_from_utf8(std::string_view utf8, CodePage page);

}  // namespace ccsalvage
