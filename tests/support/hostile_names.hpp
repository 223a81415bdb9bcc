#pragma once
// The hostile names corpus (tests/data/hostile-names.json) and the rule every name ccsalvage
// gives an output must pass, shared by the unit tests of safe_name and the end-to-end tests.
#include <cstddef>
#include <fstream>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace ccsalvage::testing {

struct HostileName {
    std::string bytes;
    std::string why;
};

inline std::vector<HostileName> hostile_names() {
    std::ifstream in(std::string(CCSALVAGE_SOURCE_DIR) + "/tests/data/hostile-names.json");
    if (!in) throw std::runtime_error("tests/data/hostile-names.json missing");
    const auto corpus = nlohmann::json::parse(in);
    std::vector<HostileName> names;
    for (const auto& entry : corpus.at("names")) {
        HostileName name;
        name.why = entry.at("why").get<std::string>();
        if (entry.contains("hex")) {
            const auto hex = entry.at("hex").get<std::string>();
            for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
                name.bytes.push_back(static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16)));
            }
        } else {
            name.bytes = entry.at("name").get<std::string>();
        }
        names.push_back(std::move(name));
    }
    return names;
}

// Whether `text` is valid UTF-8 (no overlong forms, no surrogates).
inline bool valid_utf8(std::string_view text) {
    for (std::size_t i = 0; i < text.size();) {
        const auto c = static_cast<unsigned char>(text[i]);
        std::size_t n = c < 0x80                 ? 1
                        : c >= 0xC2 && c <= 0xDF ? 2
                        : c >= 0xE0 && c <= 0xEF ? 3
                        : c >= 0xF0 && c <= 0xF4 ? 4
                                                 : 0;
        if (n == 0 || i + n > text.size()) return false;
        for (std::size_t k = 1; k < n; ++k) {
            if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) return false;
        }
        const auto second = n > 1 ? static_cast<unsigned char>(text[i + 1]) : 0x80;
        if ((c == 0xE0 && second < 0xA0) || (c == 0xED && second > 0x9F) ||
            (c == 0xF0 && second < 0x90) || (c == 0xF4 && second > 0x8F)) {
            return false;
        }
        i += n;
    }
    return true;
}

// An empty string when `name` is a valid output file name on Linux and Windows, else why not.
inline std::string output_name_problem(std::string_view name) {
    if (name.empty()) return "empty";
    if (name == "." || name == "..") return "dot name";
    if (name.size() > 255) return "longer than 255 bytes";
    if (!valid_utf8(name)) return "not UTF-8";
    for (const char ch : name) {
        const auto c = static_cast<unsigned char>(ch);
        if (c < 0x20 || c == 0x7F) return "control character";
        if (std::string_view("/\\:*?\"<>|").find(ch) != std::string_view::npos) {
            return std::string("forbidden character ") + ch;
        }
    }
    for (const std::string_view invisible :
         {"\xE2\x80\xAE", "\xE2\x80\xAD", "\xE2\x80\x8F", "\xE2\x81\xA6", "\xEF\xBB\xBF"}) {
        if (name.find(invisible) != std::string_view::npos) return "invisible format character";
    }
    if (name.find("\xC2\x85") != std::string_view::npos) return "C1 control";
    if (name.back() == '.' || name.back() == ' ') return "trailing dot or blank";
    std::string base(name.substr(0, name.find('.')));
    while (!base.empty() && base.back() == ' ') base.pop_back();
    for (auto& c : base) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    for (const std::string_view device :
         {"CON", "PRN", "AUX", "NUL", "COM1", "COM9", "LPT1", "LPT3", "COM\xC2\xB9"}) {
        if (base == device) return "DOS device name";
    }
    return "";
}

}  // namespace ccsalvage::testing
