#include "mime/content_parameters.hpp"

#include <algorithm>
#include <cstddef>

#include "mime/header_text.hpp"

namespace ccsalvage::mime {

namespace {

bool is_ascii_alnum(unsigned char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// RFC 2231 / RFC 5987 attr-char: what may stand unescaped in an extended value.
bool is_attribute_char(unsigned char c) {
    return is_ascii_alnum(c) ||
           std::string_view("!#$&+-.^_`|~").find(static_cast<char>(c)) != std::string_view::npos;
}

// What may stand unquoted in a plain parameter value, by GMime's table (RFC 2045 token chars
// without '*', '\'' and '%').
bool is_plain_value_char(unsigned char c) {
    return is_ascii_alnum(c) ||
           std::string_view("!#$&+-.^_`{|}~").find(static_cast<char>(c)) != std::string_view::npos;
}

std::size_t utf8_sequence_length(unsigned char lead) {
    if (lead >= 0xF0) return 4;
    if (lead >= 0xE0) return 3;
    if (lead >= 0xC0) return 2;
    return 1;
}

bool needs_rfc2231(std::string_view value) {
    return value.size() >= kFoldLength || std::any_of(value.begin(), value.end(), [](char c) {
               return static_cast<unsigned char>(c) >= 0x80;
           });
}

// GMime's rule: a parameter goes on a new line when the line would pass 77 columns with it.
void append_plain_parameter(std::string& out, std::size_t& used, const Parameter& parameter) {
    const std::size_t specials = static_cast<std::size_t>(
        std::count_if(parameter.value.begin(), parameter.value.end(),
                      [](char c) { return !is_plain_value_char(static_cast<unsigned char>(c)); }));
    out.push_back(';');
    ++used;
    if (used + parameter.name.size() + parameter.value.size() + specials > kFoldLength - 1) {
        out += "\r\n\t";
        used = 1;
    } else {
        out.push_back(' ');
        ++used;
    }
    const std::size_t before = out.size();
    out += parameter.name;
    out.push_back('=');
    if (specials == 0) {
        out += parameter.value;
    } else {
        out.push_back('"');
        for (char c : parameter.value) {
            if (c == '"' || c == '\\') out.push_back('\\');
            out.push_back(c);
        }
        out.push_back('"');
    }
    used += out.size() - before;
}

}  // namespace

std::vector<std::string> rfc2231_parameter(std::string_view name, std::string_view utf8) {
    constexpr std::size_t kMaxSegment = 60;  // encoded characters per continuation line
    std::vector<std::string> segments(1, "utf-8''");
    std::string encoded;
    for (std::size_t i = 0; i < utf8.size();) {
        const std::size_t length =
            std::min(utf8_sequence_length(static_cast<unsigned char>(utf8[i])), utf8.size() - i);
        encoded.clear();
        for (std::size_t k = i; k < i + length; ++k) {
            const auto c = static_cast<unsigned char>(utf8[k]);
            if (is_attribute_char(c)) {
                encoded.push_back(static_cast<char>(c));
            } else {
                constexpr std::string_view kHex = "0123456789ABCDEF";
                encoded += '%';
                encoded += kHex[c >> 4];
                encoded += kHex[c & 0x0F];
            }
        }
        if (segments.back().size() + encoded.size() > kMaxSegment) segments.emplace_back();
        segments.back() += encoded;
        i += length;
    }
    std::vector<std::string> parameters;
    parameters.reserve(segments.size());
    for (std::size_t n = 0; n < segments.size(); ++n) {
        const std::string label = segments.size() == 1
                                      ? std::string(name) + "*="
                                      : std::string(name) + "*" + std::to_string(n) + "*=";
        parameters.push_back(label + segments[n]);
    }
    return parameters;
}

void append_content_header(std::string& out, std::string_view header, std::string_view value,
                           const std::vector<Parameter>& parameters) {
    const std::size_t start = out.size();
    out += header;
    out += ": ";
    out += value;
    std::size_t used = out.size() - start;
    for (const auto& parameter : parameters) {
        if (needs_rfc2231(parameter.value)) {
            for (const auto& line : rfc2231_parameter(parameter.name, parameter.value)) {
                out += ";\r\n\t";
                out += line;
                used = 1 + line.size();
            }
        } else {
            append_plain_parameter(out, used, parameter);
        }
    }
    out += "\r\n";
}

}  // namespace ccsalvage::mime
