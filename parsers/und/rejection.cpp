#include "parsers/und/rejection.hpp"

#include <algorithm>
#include <cstddef>
#include <iterator>
#include <string>

namespace ccsalvage::und {

namespace {

char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool contains_ignore_case(std::string_view text, std::string_view needle) {
    const auto it = std::search(text.begin(), text.end(), needle.begin(), needle.end(),
                                [](char a, char b) { return lower(a) == lower(b); });
    return it != text.end();
}

}  // namespace

std::string_view to_string(ReasonKind kind) {
    switch (kind) {
        case ReasonKind::none:
            return "none";
        case ReasonKind::unknown_date_format:
            return "unknown_date_format";
        case ReasonKind::header_buffer_full:
            return "header_buffer_full";
        case ReasonKind::recipient_unknown:
            return "recipient_unknown";
        case ReasonKind::other:
            return "other";
    }
    return "other";
}

bool same_keyword(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(),
                                              [](char x, char y) { return lower(x) == lower(y); });
}

bool is_rejection_keyword(std::string_view keyword) {
    return std::any_of(std::begin(kRejectionKeywords), std::end(kRejectionKeywords),
                       [keyword](std::string_view k) { return same_keyword(k, keyword); });
}

std::vector<ccm::HeaderField> take_rejection_headers(ccm::Message& message) {
    auto& headers = message.headers;
    const auto first_other = std::find_if(headers.begin(), headers.end(), [](const auto& h) {
        return !is_rejection_keyword(h.keyword);
    });
    std::vector<ccm::HeaderField> taken(std::make_move_iterator(headers.begin()),
                                        std::make_move_iterator(first_other));
    headers.erase(headers.begin(), first_other);
    for (auto& field : taken) field.known = true;  // understood here, unlike in a plain .ccm
    return taken;
}

ReasonKind classify_reason(std::string_view reason) {
    const auto text = trim_blanks(reason);
    if (text.empty()) return ReasonKind::none;
    if (contains_ignore_case(text, "unknown date format")) return ReasonKind::unknown_date_format;
    if (contains_ignore_case(text, "header buffer full")) return ReasonKind::header_buffer_full;
    if (contains_ignore_case(text, "recipient unknown") ||
        contains_ignore_case(text, "unknown recipient")) {
        return ReasonKind::recipient_unknown;
    }
    return ReasonKind::other;
}

std::optional<int> parse_result_code(std::string_view value) {
    const auto text = trim_blanks(value);
    if (text.empty() || text.size() > 3) return std::nullopt;
    int code = 0;
    for (const char c : text) {
        if (c < '0' || c > '9') return std::nullopt;
        code = code * 10 + (c - '0');
    }
    if (code > 255) return std::nullopt;
    return code;
}

std::string_view trim_blanks(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
    return text;
}

}  // namespace ccsalvage::und
