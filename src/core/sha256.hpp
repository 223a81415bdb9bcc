#pragma once
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

std::string sha256_hex(std::string_view bytes);

}  // namespace ccsalvage
