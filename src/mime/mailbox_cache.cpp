#include "mime/mailbox_cache.hpp"

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <unordered_map>

#include "mime/header_text.hpp"

namespace ccsalvage::mime {

namespace {

// Bounded: when full the cache starts over, which changes only the speed, never the result.
constexpr std::size_t kMaxRemembered = 4096;

struct Cache {
    AddressMapping mapping;  // the mapping the entries were made with
    std::unordered_map<std::string, EncodedMailbox> entries;
};

Cache& cache() {
    thread_local Cache per_thread;
    return per_thread;
}

// The fields map_address reads, each preceded by its length (four bytes): evidence may hold any
// byte, so no separator character could keep two different addresses apart.
std::string key_of(const ccm::Address& address) {
    std::string key;
    key.reserve(address.name.size() + address.post_office.size() + address.internet.size() + 13);
    key.push_back(static_cast<char>('0' + static_cast<int>(address.kind)));
    for (const std::string* field : {&address.name, &address.post_office, &address.internet}) {
        const auto size = static_cast<std::uint32_t>(field->size());
        for (int shift = 0; shift < 32; shift += 8) {
            key.push_back(static_cast<char>((size >> shift) & 0xFF));
        }
        key += *field;
    }
    return key;
}

EncodedMailbox encode(const ccm::Address& address, const AddressMapping& mapping) {
    const MappedAddress mapped = map_address(address, mapping);
    EncodedMailbox mailbox;
    const std::string display = header_safe(mapped.display_name);
    if (!display.empty()) mailbox.phrase = encode_phrase(display);
    mailbox.addr_spec = mapped.addr_spec;
    return mailbox;
}

}  // namespace

const EncodedMailbox& encoded_mailbox(const ccm::Address& address, const AddressMapping& mapping) {
    Cache& remembered = cache();
    if (remembered.mapping.domain_template != mapping.domain_template ||
        remembered.mapping.local_domain != mapping.local_domain) {
        remembered.entries.clear();
        remembered.mapping = mapping;
    }
    std::string key = key_of(address);
    if (const auto found = remembered.entries.find(key); found != remembered.entries.end()) {
        return found->second;
    }
    // unordered_map never moves its elements: earlier references stay valid.
    return remembered.entries.emplace(std::move(key), encode(address, mapping)).first->second;
}

void forget_mailboxes_if_full() {
    if (cache().entries.size() >= kMaxRemembered) cache().entries.clear();
}

}  // namespace ccsalvage::mime
