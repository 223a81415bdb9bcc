#include "flow/message_identity.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <string_view>
#include <vector>

#include "core/blanks.hpp"
#include "core/sha256.hpp"

namespace ccsalvage::flow {
namespace {

// ASCII case folded, runs of blanks made one space, ends trimmed. Non-ASCII UTF-8 bytes are
// kept as they are: cc:Mail itself never folded case outside ASCII.
std::string folded(std::string_view text) {
    std::string out = collapse_blanks(text);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
}

std::string address_key(const ccm::Address& address) {
    if (!address.internet.empty()) return folded(address.internet);
    if (!address.name.empty()) return folded(address.name);
    return folded(address.raw);
}

std::string address_list(const std::vector<ccm::Address>& addresses) {
    std::vector<std::string> keys;
    keys.reserve(addresses.size());
    for (const auto& address : addresses) keys.push_back(address_key(address));
    std::sort(keys.begin(), keys.end());
    std::string joined;
    for (const auto& key : keys) {
        if (!joined.empty()) joined += "; ";
        joined += key;
    }
    return joined;
}

std::string date_key(const ccm::Message& message) {
    if (!message.date) return "none";
    const ccm::Date& date = *message.date;
    if (!date.valid) return "raw " + folded(date.raw);
    return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}", date.year, date.month, date.day, date.hour,
                       date.minute);
}

// Text items lose their trailing line ends, blanks and end-of-file marks: writers differ in
// whether a text ends with CR LF, and Import/Export may add one.
std::string_view item_content(const ccm::Item& item) {
    std::string_view data = item.data;
    if (item.kind == ccm::ItemKind::text) {
        while (!data.empty() && (is_blank(data.back()) || data.back() == '\x1a')) {
            data.remove_suffix(1);
        }
    }
    return data;
}

std::string header_text(const ccm::Message& message) {
    std::string text;
    text += "from: " + address_list(message.from) + "\n";
    text += "to: " + address_list(message.to) + "\n";
    text += "cc: " + address_list(message.cc) + "\n";
    text += "date: " + date_key(message) + "\n";
    text += "subject: " + folded(message.subject) + "\n";
    return text;
}

}  // namespace

std::string identity_text(const ccm::Message& message) {
    std::string text = header_text(message);
    for (const ccm::Item& item : message.items) {
        if (item.kind == ccm::ItemKind::unclaimed) continue;
        const std::string_view content = item_content(item);
        text += fmt::format("item: {} {} {}\n", ccm::item_kind_name(item.kind), content.size(),
                            sha256_hex(content));
    }
    return text;
}

std::string message_identity(const ccm::Message& message) {
    return sha256_hex(identity_text(message));
}

std::string header_identity(const ccm::Message& message) {
    return sha256_hex(header_text(message));
}

}  // namespace ccsalvage::flow
