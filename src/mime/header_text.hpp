#pragma once
// The text of a cc:Mail message as it goes into header fields: made safe for a header line,
// and the original text of addresses, date and subject (for X-CCMail-* headers and ids).
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "parsers/ccm/message.hpp"

namespace ccsalvage::mime {

// Where header lines are folded: RFC 5322 section 2.1.1's 78 characters, GMime's GMIME_FOLD_LEN.
inline constexpr std::size_t kFoldLength = 78;

// Control characters (damaged or contaminated headers) become blanks, so a CR or LF from
// evidence can never end a header line; invalid UTF-8 is repaired with U+FFFD.
std::string header_safe(std::string_view utf8);

// ASCII only, as header names, parameter names and address parts are compared.
inline char ascii_lower(char c) {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}
bool iequals(std::string_view a, std::string_view b);

const ccm::HeaderField* find_header(const ccm::Message& message, std::string_view keyword);

// The original text of an address header: the parsed addresses joined the way cc:Mail writes
// them, or the recorded header line when nothing was parsed.
std::string raw_addresses(const ccm::Message& message, const std::vector<ccm::Address>& addresses,
                          std::string_view keyword);
std::string raw_date(const ccm::Message& message);
std::string subject_of(const ccm::Message& message);

}  // namespace ccsalvage::mime
