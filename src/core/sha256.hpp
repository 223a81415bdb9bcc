#pragma once
#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace ccsalvage {

// Incremental SHA-256 (OpenSSL EVP). Used for evidence and output hashes and for item
// identities; hex digests are lower case, as sha256sum prints them.
class Sha256 {
  public:
    Sha256();
    Sha256(Sha256&&) noexcept;
    Sha256& operator=(Sha256&&) noexcept;
    ~Sha256();
    void update(std::string_view bytes);
    // Finishes the hash; the object may not be updated afterwards.
    std::string hex_digest();

  private:
    struct Context;
    std::unique_ptr<Context> context_;
};

using Sha256Digest = std::array<std::uint8_t, 32>;

std::string sha256_hex(std::string_view bytes);
// The same hash as 32 bytes, for keys kept in memory (no hex text to allocate and parse).
Sha256Digest sha256_digest(std::string_view bytes);
std::string to_hex(const Sha256Digest& digest);

}  // namespace ccsalvage
