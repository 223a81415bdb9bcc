#pragma once
// The character tests shared by the readers of addresses, dates and file items' date stamps:
// ASCII only (cc:Mail writes these fields in ASCII whatever the post office's code page), and
// every ASCII whitespace character is a blank, VT and FF included.
#include <string_view>

namespace ccsalvage::ccm::field_chars {

constexpr bool is_blank(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

constexpr bool is_digit(char c) { return c >= '0' && c <= '9'; }

constexpr char ascii_lower(char c) {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

constexpr std::string_view trim(std::string_view s) {
    while (!s.empty() && is_blank(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_blank(s.back())) s.remove_suffix(1);
    return s;
}

}  // namespace ccsalvage::ccm::field_chars
