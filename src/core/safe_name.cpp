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
    // Windows reserves COM and LPT with a superscript digit too (U+00B9, U+00B2, U+00B3).
    if (base.size() == 5 && (base.starts_with("COM") || base.starts_with("LPT")) &&
        (base.ends_with("\xC2\xB9") || base.ends_with("\xC2\xB2") || base.ends_with("\xC2\xB3"))) {
        return true;
    }
    return base == "CONOUT$";
}

// Length of the valid UTF-8 sequence starting at s[i], or 0 if invalid: overlong forms,
// surrogates (U+D800..U+DFFF) and values past U+10FFFF are invalid (RFC 3629, section 4).
std::size_t utf8_sequence_length(std::string_view s, std::size_t i) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t n = 0;
    unsigned char low = 0x80, high = 0xBF;  // allowed range of the second byte
    if (c < 0x80) return 1;
    if (c >= 0xC2 && c <= 0xDF) {
        n = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        if (c == 0xE0) low = 0xA0;
        if (c == 0xED) high = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        if (c == 0xF0) low = 0x90;
        if (c == 0xF4) high = 0x8F;
    } else {
        return 0;
    }
    if (i + n > s.size()) return 0;
    const auto second = static_cast<unsigned char>(s[i + 1]);
    if (second < low || second > high) return 0;
    for (std::size_t k = 2; k < n; ++k) {
        if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return 0;
    }
    return n;
}

// Code points a file name must not carry although they are valid UTF-8: C1 controls, and the
// invisible format characters that make a name look like another (bidirectional overrides such
// as U+202E turn "evil\u202Egnp.exe" into "evilexe.png" on screen, byte order marks, line
// separators).
bool invisible_or_control(std::string_view sequence) {
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(sequence[k]); };
    if (sequence.size() == 2) return byte(0) == 0xC2 && byte(1) < 0xA0;  // U+0080..U+009F
    if (sequence.size() != 3 || byte(0) != 0xE2) {
        return sequence.size() == 3 && byte(0) == 0xEF && byte(1) == 0xBB && byte(2) == 0xBF;
    }
    const unsigned code = (byte(1) & 0x3Fu) << 6 | (byte(2) & 0x3Fu);  // U+2000 + code
    return (code >= 0x00B && code <= 0x00F) ||                         // zero widths, LRM, RLM
           (code >= 0x028 && code <= 0x02E) ||                         // separators, embeddings
           (code >= 0x060 && code <= 0x06F);                           // isolates, invisibles
}

// The rules that apply to a whole name; run again after cutting, which can expose a trailing
// dot or blank or turn a name into a device name.
void fix_whole_name(std::string& out) {
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
        } else if (invisible_or_control(name.substr(i, n))) {
            out.push_back('_');
        } else {
            out.append(name.substr(i, n));
        }
        i += n;
    }
    fix_whole_name(out);

    if (out.size() > max_bytes) {
        const auto dot = out.rfind('.');
        std::string extension;
        // An extension is kept only when it leaves room for a stem (max_bytes is at least 16).
        if (dot != std::string::npos && dot > 0 && out.size() - dot <= 16 &&
            out.size() - dot < max_bytes / 2) {
            extension = out.substr(dot);
        }
        // One byte is kept free for the '_' that fix_whole_name may put before a device name.
        out = cut_utf8(out.substr(0, out.size() - extension.size()),
                       max_bytes - extension.size() - 1) +
              extension;
        fix_whole_name(out);
    }
    return out;
}

std::string UniqueNames::claim(std::string_view safe_name) {
    // Windows and macOS compare names without regard to case: "A_B.TXT" and "a_b.txt" are one
    // file there. Only ASCII letters are folded; other letters keep their case (documented).
    const auto folded = [](std::string_view text) {
        std::string key(text);
        for (auto& c : key) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        return key;
    };
    std::string candidate(safe_name);
    const auto dot = candidate.rfind('.');
    const bool has_extension = dot != std::string::npos && dot > 0;
    const std::string stem = has_extension ? candidate.substr(0, dot) : candidate;
    const std::string extension = has_extension ? candidate.substr(dot) : std::string();
    for (unsigned n = 2; !taken_.insert(folded(candidate)).second; ++n) {
        const std::string suffix = "-" + std::to_string(n);
        // Stay within max_bytes: shorten the stem, never the suffix or the extension.
        const std::size_t fixed = suffix.size() + extension.size();
        const std::size_t room = max_bytes_ > fixed + 1 ? max_bytes_ - fixed : 1;
        candidate = cut_utf8(stem, room) + suffix + extension;
    }
    return candidate;
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
