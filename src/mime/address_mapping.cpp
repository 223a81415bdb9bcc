#include "mime/address_mapping.hpp"

#include <unicode/translit.h>
#include <unicode/unistr.h>
#include <unicode/utypes.h>

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "mime/header_text.hpp"

namespace ccsalvage::mime {

namespace {

constexpr std::size_t kMaxLocalPart = 64;  // RFC 5321 section 4.5.3.1.1
constexpr std::size_t kMaxLabel = 63;      // RFC 1035 section 2.3.4

bool is_ascii_alnum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// ICU's transliterator is costly to build and not meant to be shared between threads: one per
// thread. Null when the ICU data lacks the transform; folding then drops non-ASCII letters.
const icu::Transliterator* ascii_transliterator() {
    thread_local const std::unique_ptr<icu::Transliterator> transliterator = [] {
        UErrorCode status = U_ZERO_ERROR;
        std::unique_ptr<icu::Transliterator> created(icu::Transliterator::createInstance(
            icu::UnicodeString::fromUTF8("Any-Latin; Latin-ASCII"), UTRANS_FORWARD, status));
        if (U_FAILURE(status)) created.reset();
        return created;
    }();
    return transliterator.get();
}

// "Müller, Jörg" -> "Muller, Jorg"; "Straße" -> "Strasse". Characters with no ASCII form are
// dropped.
std::string transliterate_to_ascii(std::string_view utf8) {
    std::string folded;
    if (const auto* transliterator = ascii_transliterator()) {
        icu::UnicodeString text = icu::UnicodeString::fromUTF8(
            icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
        transliterator->transliterate(text);
        text.toUTF8String(folded);
    } else {
        folded.assign(utf8);
    }
    std::string ascii;
    ascii.reserve(folded.size());
    for (char c : folded) {
        if (static_cast<unsigned char>(c) < 0x80) ascii.push_back(c);
    }
    return ascii;
}

// The same few hundred names and post offices recur in every message, and transliterating one
// costs microseconds: remember the results, per thread like the transliterator. The memo is
// bounded; when full it starts over, which changes only the speed, never the result.
std::string fold_to_ascii(std::string_view utf8) {
    constexpr std::size_t kMaxRemembered = 8192;
    thread_local std::unordered_map<std::string, std::string> remembered;
    if (const auto it = remembered.find(std::string(utf8)); it != remembered.end()) {
        return it->second;
    }
    if (remembered.size() >= kMaxRemembered) remembered.clear();
    std::string ascii = transliterate_to_ascii(utf8);
    remembered.emplace(std::string(utf8), ascii);
    return ascii;
}

// Words of an ASCII name, lower case: letters, digits, '-' and '_' make words, apostrophes and
// quotes vanish ("O'Brien" -> "obrien"), anything else separates words.
std::vector<std::string> words_of(std::string_view ascii) {
    std::vector<std::string> words;
    std::string word;
    for (char c : ascii) {
        if (is_ascii_alnum(c) || c == '-' || c == '_') {
            word.push_back(ascii_lower(c));
        } else if (c == '\'' || c == '`' || c == '"') {
            continue;
        } else if (!word.empty()) {
            words.push_back(std::move(word));
            word.clear();
        }
    }
    if (!word.empty()) words.push_back(std::move(word));
    return words;
}

std::string join_local_part(const std::vector<std::string>& words,
                            std::size_t max_size = kMaxLocalPart) {
    std::string local;
    for (const auto& word : words) {
        if (local.size() + 1 + word.size() > max_size) {
            if (local.empty()) local = word.substr(0, max_size);
            break;
        }
        if (!local.empty()) local.push_back('.');
        local += word;
    }
    return local.empty() ? std::string("unknown") : local;
}

std::string trim(std::string_view text) {
    const auto first = text.find_first_not_of(" \t");
    if (first == std::string_view::npos) return {};
    const auto last = text.find_last_not_of(" \t");
    return std::string(text.substr(first, last - first + 1));
}

// An Internet address is used as is only when it can stand unquoted in a mailbox:
// printable ASCII, no blanks or specials, one '@' with text on both sides.
bool usable_internet_address(std::string_view addr) {
    const auto at = addr.find('@');
    if (at == std::string_view::npos || at == 0 || at + 1 == addr.size()) return false;
    if (addr.find('@', at + 1) != std::string_view::npos) return false;
    for (char c : addr) {
        const auto u = static_cast<unsigned char>(c);
        if (u <= 0x20 || u >= 0x7F) return false;
        if (std::string_view("()<>[]:;,\\\"").find(c) != std::string_view::npos) return false;
    }
    return true;
}

}  // namespace

std::string local_part_for_name(std::string_view name_utf8) {
    const std::string ascii = fold_to_ascii(name_utf8);
    const auto comma = ascii.find(',');
    if (comma == std::string::npos) return join_local_part(words_of(ascii));
    // "Last, First" -> first.last. Exchange dirsync splits cc:Mail names at the comma too.
    std::vector<std::string> words = words_of(std::string_view(ascii).substr(comma + 1));
    for (auto& word : words_of(std::string_view(ascii).substr(0, comma))) {
        words.push_back(std::move(word));
    }
    return join_local_part(words);
}

std::string dns_label_for_post_office(std::string_view post_office_utf8) {
    std::string label;
    for (char c : fold_to_ascii(post_office_utf8)) {
        if (is_ascii_alnum(c)) {
            label.push_back(ascii_lower(c));
        } else if (!label.empty() && label.back() != '-') {
            label.push_back('-');
        }
    }
    if (label.size() > kMaxLabel) label.resize(kMaxLabel);
    while (!label.empty() && label.back() == '-') label.pop_back();
    return label.empty() ? std::string("unknown") : label;
}

std::string domain_for_post_office(std::string_view post_office_utf8,
                                   const AddressMapping& mapping) {
    const std::string post_office = trim(post_office_utf8);
    if (post_office.empty()) return mapping.local_domain;
    const std::string label = dns_label_for_post_office(post_office);
    std::string domain = mapping.domain_template;
    constexpr std::string_view kPlaceholder = "{po}";
    for (auto at = domain.find(kPlaceholder); at != std::string::npos;
         at = domain.find(kPlaceholder, at + label.size())) {
        domain.replace(at, kPlaceholder.size(), label);
    }
    return domain;
}

MappedAddress map_address(const ccm::Address& address, const AddressMapping& mapping) {
    MappedAddress mapped;
    const std::string name = trim(address.name);
    switch (address.kind) {
        case ccm::AddressKind::internet: {
            std::string addr = trim(address.internet);
            if (addr.empty() && name.find('@') != std::string::npos) addr = name;
            if (usable_internet_address(addr)) {
                mapped.addr_spec = addr;
                if (!name.empty() && !iequals(name, addr)) mapped.display_name = name;
                return mapped;
            }
            // Not a usable Internet address after all: map it like a post office user.
            break;
        }
        case ccm::AddressKind::bulletin_board: {
            mapped.display_name = "#" + name;
            constexpr std::string_view kBoardPrefix = "bb.";
            mapped.addr_spec = std::string(kBoardPrefix) +
                               join_local_part(words_of(fold_to_ascii(name)),
                                               kMaxLocalPart - kBoardPrefix.size()) +
                               "@" + domain_for_post_office(address.post_office, mapping);
            return mapped;
        }
        case ccm::AddressKind::post_office_user:
        case ccm::AddressKind::local_name:
            break;
    }
    mapped.display_name = name;
    mapped.addr_spec =
        local_part_for_name(name) + "@" + domain_for_post_office(address.post_office, mapping);
    return mapped;
}

}  // namespace ccsalvage::mime
