#include "parsers/ccm/line_scan.hpp"

#include <cstring>

#include "parsers/ccm/field_chars.hpp"

namespace ccsalvage::ccm {

namespace {

using field_chars::ascii_lower;
using field_chars::is_digit;

constexpr bool is_space_or_tab(char c) { return c == ' ' || c == '\t'; }
constexpr bool is_alpha(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }

std::string_view trim_right(std::string_view s) {
    while (!s.empty() && is_space_or_tab(s.back())) s.remove_suffix(1);
    return s;
}

// Keyword lines are short; anything longer is data, whatever it starts with.
constexpr std::size_t kMaxKeywordWords = 32;

}  // namespace

bool equals_ignore_case(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
    }
    return true;
}

Line line_at(std::string_view bytes, std::size_t pos) {
    Line line;
    line.start = pos;
    if (pos >= bytes.size()) {
        line.start = line.content_end = line.next = bytes.size();
        return line;
    }
    const void* found = std::memchr(bytes.data() + pos, '\n', bytes.size() - pos);
    if (found == nullptr) {
        line.content_end = line.next = bytes.size();
    } else {
        const auto lf = static_cast<std::size_t>(static_cast<const char*>(found) - bytes.data());
        line.next = lf + 1;
        line.content_end = (lf > pos && bytes[lf - 1] == '\r') ? lf - 1 : lf;
    }
    line.content = bytes.substr(pos, line.content_end - pos);
    return line;
}

bool is_message_line(std::string_view content) {
    return equals_ignore_case(trim_right(content), "Message:");
}

bool is_contents_line(std::string_view content) {
    return equals_ignore_case(trim_right(content), "Contents:");
}

std::optional<ItemKeyword> parse_item_keyword(std::string_view content) {
    // "<Word>[ <Word>...] item:[ <title>]" with at most kMaxKeywordWords characters before
    // " item:". cc:Mail writes "Text item:"; other kinds are undocumented, so any word(s)
    // made of letters qualify and are kept as opaque items by the reader.
    // The first word is capitalised and at least two letters long, as cc:Mail writes them; a
    // looser rule would find "t item:" inside "Text item:" when data is measured by size.
    const std::size_t limit = std::min(content.size(), kMaxKeywordWords + 6);
    std::size_t i = 0;
    if (limit < 2 || content[0] < 'A' || content[0] > 'Z' || !is_alpha(content[1])) {
        return std::nullopt;
    }
    while (i < limit && (is_alpha(content[i]) || content[i] == ' ')) {
        if (i + 5 <= content.size() && content[i] == ' ' &&
            equals_ignore_case(content.substr(i + 1, 5), "item:")) {
            ItemKeyword keyword;
            keyword.keyword = content.substr(0, i + 5);  // "Text item"
            auto rest = content.substr(i + 6);
            if (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
            keyword.title = trim_right(rest);
            return keyword;
        }
        ++i;
    }
    return std::nullopt;
}

std::optional<HeaderLine> parse_header_line(std::string_view content) {
    // "Keyword: value" where the keyword is letters, digits and '-', starting with a letter.
    if (content.empty() || !is_alpha(content[0])) return std::nullopt;
    std::size_t i = 1;
    while (i < content.size() && i <= 40 &&
           (is_alpha(content[i]) || is_digit(content[i]) || content[i] == '-')) {
        ++i;
    }
    if (i >= content.size() || content[i] != ':') return std::nullopt;
    HeaderLine header;
    header.keyword = content.substr(0, i);
    auto value = content.substr(i + 1);
    if (!value.empty() && value.front() == ' ') value.remove_prefix(1);
    header.value = trim_right(value);
    return header;
}

std::optional<SizeLine> parse_size_line(std::string_view content) {
    std::size_t i = 0;
    while (i < content.size() && is_space_or_tab(content[i])) ++i;
    SizeLine size;
    if (i == content.size()) {
        size.blank = true;
        return size;
    }
    const std::size_t digits_start = i;
    while (i < content.size() && is_digit(content[i])) ++i;
    const std::size_t digits = i - digits_start;
    while (i < content.size() && is_space_or_tab(content[i])) ++i;
    if (digits == 0 || i != content.size()) return std::nullopt;
    if (digits > 15) {  // more than a petabyte: not a size a real file carries
        size.overflow = true;
        return size;
    }
    for (std::size_t k = digits_start; k < digits_start + digits; ++k) {
        size.value = size.value * 10 + static_cast<std::uint64_t>(content[k] - '0');
    }
    return size;
}

bool keyword_line_at(std::string_view bytes, std::size_t pos) {
    if (pos >= bytes.size()) return false;
    const char c = bytes[pos];
    if (!is_alpha(c)) return false;
    const Line line = line_at(bytes, pos);
    return is_message_line(line.content) || is_contents_line(line.content) ||
           parse_item_keyword(line.content).has_value();
}

namespace {

bool confirmed(std::string_view bytes, const Line& line) {
    const Line next = line_at(bytes, line.next);
    if (is_message_line(line.content)) {
        // A message goes on with a header line, or a size line and then a header line.
        auto header_or_contents = [](const Line& l) {
            return parse_header_line(l.content).has_value() || is_contents_line(l.content);
        };
        if (next.start == bytes.size() || header_or_contents(next)) return true;
        if (!parse_size_line(next.content)) return false;
        const Line after = line_at(bytes, next.next);
        return after.start == bytes.size() || header_or_contents(after);
    }
    // An item keyword counts when a size follows and the data it sizes ends where a line end
    // and another keyword (or the end of the input) begin; keyword look-alikes inside binary
    // attachment data almost never satisfy all three.
    const auto size = parse_size_line(next.content);
    if (!size || size->blank || size->overflow) return false;
    if (size->value > bytes.size() - next.next) return false;
    auto stop = next.next + static_cast<std::size_t>(size->value);
    if (stop == bytes.size() || keyword_line_at(bytes, stop)) return true;
    if (bytes[stop] == '\r' && stop + 1 < bytes.size() && bytes[stop + 1] == '\n') {
        stop += 2;
    } else if (bytes[stop] == '\n') {
        stop += 1;
    } else {
        return false;
    }
    return stop == bytes.size() || bytes[stop] == '\x1a' || keyword_line_at(bytes, stop);
}

bool is_item_or_message(const Line& line) {
    return is_message_line(line.content) || parse_item_keyword(line.content).has_value();
}

}  // namespace

std::size_t find_next_keyword_line(std::string_view bytes, std::size_t from, bool strong) {
    std::size_t pos = from;
    // `from` itself counts only when it is a line start.
    if (pos > 0 && pos < bytes.size() && bytes[pos - 1] != '\n') {
        pos = line_at(bytes, pos).next;
    }
    while (pos < bytes.size()) {
        if (is_alpha(bytes[pos])) {
            const Line line = line_at(bytes, pos);
            if (is_item_or_message(line) && (!strong || confirmed(bytes, line))) return pos;
            pos = line.next;
            continue;
        }
        const void* found = std::memchr(bytes.data() + pos, '\n', bytes.size() - pos);
        if (found == nullptr) break;
        pos = static_cast<std::size_t>(static_cast<const char*>(found) - bytes.data()) + 1;
    }
    return bytes.size();
}

}  // namespace ccsalvage::ccm
