#include "safe_name.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace ccsalvage {

namespace {

bool is_reserved_dos_name(std::string_view name) {
    // The device name counts with or without an extension ("nul.txt" is the device too).
    const auto dot = name.find('.');
    std::string base(name.substr(0, dot));
    while (!base.empty() && (base.back() == ' ')) base.pop_back();
    for (auto& c : base) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    static constexpr std::array<std::string_view, 6> fixed = {"CON", "PRN",    "AUX",
                                                              "NUL", "CLOCK$", "CONIN$"};
    if (std::find(fixed.begin(), fixed.end(), base) != fixed.end()) return true;
    if (base.size() == 4 && (base.starts_with("COM") || base.starts_with("LPT")) &&
        base[3] >= '0' && base[3] <= '9') {
        return true;
    }
    return base == "CONOUT$";
}

// Length of the valid UTF-8 sequence starting at s[i], or 0 if invalid.
std::size_t utf8_sequence_length(std::string_view s, std::size_t i) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t n = 0;
    if (c < 0x80) return 1;
    if ((c & 0xE0) == 0xC0 && c >= 0xC2)
        n = 2;
    else if ((c & 0xF0) == 0xE0)
        n = 3;
    else if ((c & 0xF8) == 0xF0 && c <= 0xF4)
        n = 4;
    else
        return 0;
    if (i + n > s.size()) return 0;
    for (std::size_t k = 1; k < n; ++k) {
        if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return 0;
    }
    return n;
}

// Cuts a UTF-8 string to at most max bytes without splitting a character.
std::string cut_utf8(std::string_view s, std::size_t max) {
    if (s.size() <= max) return std::string(s);
    std::size_t end = max;
    while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) --end;
    return std::string(s.substr(0, end));
}

}  // namespace

std::string safe_file_name(std::string_view name, std::size_t max_bytes) {
    if (max_bytes < 16) max_bytes = 16;
    std::string out;
    out.reserve(name.size());
    for (std::size_t i = 0; i < name.size();) {
        const auto c = static_cast<unsigned char>(name[i]);
        const auto n = utf8_sequence_length(name, i);
        if (n == 0) {  // invalid UTF-8 byte
            out.push_back('_');
            ++i;
            continue;
        }
        if (n == 1) {
            const bool bad = c < 0x20 || c == 0x7F || c == '/' || c == '\\' || c == ':' ||
                             c == '*' || c == '?' || c == '"' || c == '<' || c == '>' || c == '|';
            out.push_back(bad ? '_' : static_cast<char>(c));
        } else {
            out.append(name.substr(i, n));
        }
        i += n;
    }
    // Windows drops trailing dots and spaces; leading spaces confuse people.
    while (!out.empty() && (out.back() == '.' || out.back() == ' ')) out.pop_back();
    while (!out.empty() && out.front() == ' ') out.erase(out.begin());
    // A leading dot would hide the file from a person listing the folder.
    for (auto& c : out) {
        if (c != '.') break;
        c = '_';
    }
    if (out.empty() || out == "." || out == "..") out = "_";
    if (is_reserved_dos_name(out)) out.insert(out.begin(), '_');

    if (out.size() > max_bytes) {
        const auto dot = out.rfind('.');
        std::string extension;
        if (dot != std::string::npos && dot > 0 && out.size() - dot <= 16)
            extension = out.substr(dot);
        out = cut_utf8(out.substr(0, out.size() - extension.size()), max_bytes - extension.size()) +
              extension;
    }
    return out;
}

std::string dos_8_3_name(std::string_view stem, std::string_view extension) {
    auto clean = [](std::string_view in, std::size_t max) {
        std::string out;
        for (char ch : in) {
            const auto c = static_cast<unsigned char>(ch);
            if (std::isalnum(c) || c == '_' || c == '-') {
                out.push_back(static_cast<char>(std::toupper(c)));
            }
            if (out.size() == max) break;
        }
        return out;
    };
    std::string base = clean(stem, 8);
    if (base.empty()) base = "_";
    if (is_reserved_dos_name(base)) base = "_" + base.substr(0, 7);
    const std::string ext = clean(extension, 3);
    return ext.empty() ? base : base + "." + ext;
}

}  // namespace ccsalvage
