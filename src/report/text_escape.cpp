#include "report/text_escape.hpp"

namespace ccsalvage::report {

namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";

// Length of the valid UTF-8 sequence at `i`, or 0.
std::size_t utf8_length(std::string_view s, std::size_t i) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t n = 0;
    unsigned min = 0;
    if (c < 0x80) return 1;
    if (c >= 0xC2 && c <= 0xDF) {
        n = 2;
        min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        min = 0x10000;
    } else {
        return 0;
    }
    if (i + n > s.size()) return 0;
    unsigned cp = c & (0x7Fu >> n);
    for (std::size_t k = 1; k < n; ++k) {
        const auto cc = static_cast<unsigned char>(s[i + k]);
        if ((cc & 0xC0) != 0x80) return 0;
        cp = (cp << 6) | (cc & 0x3Fu);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
    return n;
}

}  // namespace

std::string valid_utf8(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        const auto n = utf8_length(text, i);
        if (n == 0) {
            out += kReplacement;
            ++i;
        } else {
            out.append(text.substr(i, n));
            i += n;
        }
    }
    return out;
}

std::string html_escape(std::string_view text) {
    const auto valid = valid_utf8(text);
    std::string out;
    out.reserve(valid.size() + valid.size() / 8);
    for (const char ch : valid) {
        const auto c = static_cast<unsigned char>(ch);
        switch (ch) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            case '\'':
                out += "&#39;";
                break;
            default:
                if ((c < 0x20 && ch != '\t' && ch != '\n' && ch != '\r') || c == 0x7F) {
                    out += kReplacement;
                } else {
                    out += ch;
                }
        }
    }
    return out;
}

std::string markdown_escape(std::string_view text, std::size_t max_chars) {
    auto valid = valid_utf8(text.substr(0, max_chars));
    // Do not end inside a UTF-8 sequence cut by the bound.
    while (!valid.empty() && valid.size() >= kReplacement.size() && valid.ends_with(kReplacement) &&
           text.size() > max_chars) {
        valid.resize(valid.size() - kReplacement.size());
    }
    std::string out;
    for (const char ch : valid) {
        const auto c = static_cast<unsigned char>(ch);
        if (ch == '\r' || ch == '\n' || ch == '\t') {
            out += ' ';
        } else if (c < 0x20 || c == 0x7F) {
            out += kReplacement;
        } else if (ch == '<') {
            out += "&lt;";
        } else if (ch == '>') {
            out += "&gt;";
        } else if (ch == '&') {
            out += "&amp;";
        } else if (std::string_view("\\`*_[]|~!").find(ch) != std::string_view::npos) {
            out += '\\';
            out += ch;
        } else {
            out += ch;
        }
    }
    if (text.size() > max_chars) out += "…";
    return out;
}

}  // namespace ccsalvage::report
