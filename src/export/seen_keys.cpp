#include "export/seen_keys.hpp"

#include <cstring>

#include "core/sha256.hpp"

namespace ccsalvage::exporting {

namespace {

std::uint8_t hex_value(char c) {
    if (c >= '0' && c <= '9') return static_cast<std::uint8_t>(c - '0');
    return static_cast<std::uint8_t>(c - 'a' + 10);
}

}  // namespace

SeenKeys::Digest SeenKeys::digest_of(std::string_view key) {
    const std::string hex = sha256_hex(key);  // lower-case hex
    Digest digest{};
    for (std::size_t i = 0; i < digest.size(); ++i) {
        digest[i] =
            static_cast<std::uint8_t>(hex_value(hex[2 * i]) << 4 | hex_value(hex[2 * i + 1]));
    }
    return digest;
}

std::size_t SeenKeys::DigestHash::operator()(const Digest& d) const {
    std::size_t value = 0;
    std::memcpy(&value, d.data(), sizeof value);  // already uniformly distributed
    return value;
}

void SeenKeys::emplace(std::string_view key, std::string_view target) {
    const Digest digest = digest_of(key);
    if (targets_of_.contains(digest)) return;
    auto [at, added] =
        target_index_.emplace(std::string(target), static_cast<std::uint32_t>(targets_.size()));
    if (added) targets_.emplace_back(target);
    targets_of_.emplace(digest, at->second);
}

std::optional<std::string_view> SeenKeys::find(std::string_view key) const {
    const auto it = targets_of_.find(digest_of(key));
    if (it == targets_of_.end()) return std::nullopt;
    return std::string_view(targets_[it->second]);
}

}  // namespace ccsalvage::exporting
