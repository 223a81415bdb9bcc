#include "flow/message_identity.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <iterator>
#include <string_view>
#include <vector>

#include "core/blanks.hpp"
#include "core/sha256.hpp"

namespace ccsalvage::flow {
namespace {

// The identity text is built into one string per call (a reused buffer for the digests), part
// after part, with no string per address, date or line: the identity is computed for every
// message the export and the ledger see.

// ASCII case folded, runs of blanks made one space, ends trimmed (collapse_blanks, then the
// case). Non-ASCII UTF-8 bytes are kept as they are: cc:Mail itself never folded case outside
// ASCII.
void append_folded(std::string& out, std::string_view text) {
    bool wrote = false;
    bool pending_space = false;
    for (char c : text) {
        if (is_blank(c)) {
            pending_space = wrote;
            continue;
        }
        if (pending_space) out.push_back(' ');
        pending_space = false;
        wrote = true;
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        out.push_back(c);
    }
}

void append_address_key(std::string& out, const ccm::Address& address) {
    if (!address.internet.empty()) {
        append_folded(out, address.internet);
    } else if (!address.name.empty()) {
        append_folded(out, address.name);
    } else {
        append_folded(out, address.raw);
    }
}

// The keys sorted, joined by "; ".
void append_address_list(std::string& out, const std::vector<ccm::Address>& addresses) {
    if (addresses.size() == 1) {
        append_address_key(out, addresses.front());
        return;
    }
    std::vector<std::string> keys(addresses.size());
    for (std::size_t i = 0; i < addresses.size(); ++i) append_address_key(keys[i], addresses[i]);
    std::sort(keys.begin(), keys.end());
    for (std::size_t i = 0; i < keys.size(); ++i) {
        if (i != 0) out += "; ";
        out += keys[i];
    }
}

void append_date_key(std::string& out, const ccm::Message& message) {
    if (!message.date) {
        out += "none";
        return;
    }
    const ccm::Date& date = *message.date;
    if (!date.valid) {
        out += "raw ";
        append_folded(out, date.raw);
        return;
    }
    fmt::format_to(std::back_inserter(out), "{:04}-{:02}-{:02}T{:02}:{:02}", date.year, date.month,
                   date.day, date.hour, date.minute);
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

void append_header_text(std::string& out, const ccm::Message& message) {
    out += "from: ";
    append_address_list(out, message.from);
    out += "\nto: ";
    append_address_list(out, message.to);
    out += "\ncc: ";
    append_address_list(out, message.cc);
    out += "\ndate: ";
    append_date_key(out, message);
    out += "\nsubject: ";
    append_folded(out, message.subject);
    out += '\n';
}

void append_item_lines(std::string& out, const ccm::Message& message) {
    static constexpr char hex[] = "0123456789abcdef";
    for (const ccm::Item& item : message.items) {
        if (item.kind == ccm::ItemKind::unclaimed) continue;
        const std::string_view content = item_content(item);
        out += "item: ";
        out += ccm::item_kind_name(item.kind);
        out += ' ';
        fmt::format_to(std::back_inserter(out), "{}", content.size());
        out += ' ';
        for (const std::uint8_t byte : sha256_digest(content)) {
            out.push_back(hex[byte >> 4]);
            out.push_back(hex[byte & 0x0f]);
        }
        out += '\n';
    }
}

// A buffer per thread for the text that is only hashed (the ledger computes identities on
// several threads).
std::string& scratch() {
    thread_local std::string text;
    text.clear();
    return text;
}

}  // namespace

std::string identity_text(const ccm::Message& message) {
    std::string text;
    append_header_text(text, message);
    append_item_lines(text, message);
    return text;
}

std::string message_identity(const ccm::Message& message) {
    std::string& text = scratch();
    append_header_text(text, message);
    append_item_lines(text, message);
    return to_hex(sha256_digest(text));
}

std::string header_identity(const ccm::Message& message) {
    std::string& text = scratch();
    append_header_text(text, message);
    return to_hex(sha256_digest(text));
}

}  // namespace ccsalvage::flow
