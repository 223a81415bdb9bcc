#include "mime/header_text.hpp"

#include <algorithm>

#include "mime/gmime_library.hpp"

namespace ccsalvage::mime {

// Header text taken from evidence may hold control characters (damaged or contaminated
// headers): they must not reach the output, where a CR or LF would end the header line.
std::string header_safe(std::string_view utf8) {
    std::string text(utf8);
    for (char& c : text) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u == 0x7F) c = ' ';  // NUL included, before GLib sees the text
    }
    const GMimeFunctions& glib = gmime();
    if (glib.g_utf8_validate(text.data(), static_cast<gssize>(text.size()), nullptr) == 0) {
        gchar* valid = glib.g_utf8_make_valid(text.data(), static_cast<gssize>(text.size()));
        text = valid;
        glib.g_free(valid);
    }
    return text;
}

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return ascii_lower(x) == ascii_lower(y);
           });
}

const ccm::HeaderField* find_header(const ccm::Message& message, std::string_view keyword) {
    for (const auto& field : message.headers) {
        if (iequals(field.keyword, keyword)) return &field;
    }
    return nullptr;
}

// The original text of an address header: the parsed addresses joined the way cc:Mail writes
// them, or the recorded header line when nothing was parsed.
std::string raw_addresses(const ccm::Message& message, const std::vector<ccm::Address>& addresses,
                          std::string_view keyword) {
    std::string joined;
    for (const auto& address : addresses) {
        if (!joined.empty()) joined += ", ";
        joined += address.raw;
    }
    if (joined.empty()) {
        if (const auto* field = find_header(message, keyword)) joined = field->value;
    }
    return joined;
}

std::string raw_date(const ccm::Message& message) {
    if (message.date) return message.date->raw;
    if (const auto* field = find_header(message, "Date")) return field->value;
    return {};
}

std::string subject_of(const ccm::Message& message) {
    if (!message.subject.empty()) return message.subject;
    if (const auto* field = find_header(message, "Subject")) return field->value;
    return {};
}

}  // namespace ccsalvage::mime
