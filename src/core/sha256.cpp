#include "sha256.hpp"

#include <openssl/evp.h>

#include <stdexcept>

namespace ccsalvage {

namespace {

// The SHA-256 implementation, fetched once. With OpenSSL 3, EVP_sha256() makes every
// EVP_DigestInit_ex look the provider's implementation up again (an implicit fetch, with its
// locks), a cost paid per message by the identities and per item by the hashes. Never freed:
// it lives as long as the process, as OpenSSL's own default objects do.
const EVP_MD* sha256_method() {
    static const EVP_MD* const method = [] {
        const EVP_MD* fetched = EVP_MD_fetch(nullptr, "SHA256", nullptr);
        return fetched != nullptr ? fetched : EVP_sha256();
    }();
    return method;
}

void init(EVP_MD_CTX* md) {
    if (md == nullptr || EVP_DigestInit_ex(md, sha256_method(), nullptr) != 1) {
        throw std::runtime_error("OpenSSL: cannot initialise SHA-256");
    }
}

struct ContextFree {
    void operator()(EVP_MD_CTX* md) const { EVP_MD_CTX_free(md); }
};

// One-shot hashes reuse a context per thread instead of allocating one per call.
EVP_MD_CTX* thread_context() {
    thread_local const std::unique_ptr<EVP_MD_CTX, ContextFree> md(EVP_MD_CTX_new());
    return md.get();
}

}  // namespace

struct Sha256::Context {
    EVP_MD_CTX* md = nullptr;
    ~Context() { EVP_MD_CTX_free(md); }
};

Sha256::Sha256() : context_(std::make_unique<Context>()) {
    context_->md = EVP_MD_CTX_new();
    init(context_->md);
}

Sha256::Sha256(Sha256&&) noexcept = default;
Sha256& Sha256::operator=(Sha256&&) noexcept = default;
Sha256::~Sha256() = default;

void Sha256::update(std::string_view bytes) {
    if (!bytes.empty()) EVP_DigestUpdate(context_->md, bytes.data(), bytes.size());
}

std::string Sha256::hex_digest() {
    Sha256Digest digest{};
    unsigned int length = 0;
    EVP_DigestFinal_ex(context_->md, digest.data(), &length);
    return to_hex(digest);
}

Sha256Digest sha256_digest(std::string_view bytes) {
    EVP_MD_CTX* md = thread_context();
    init(md);
    if (!bytes.empty()) EVP_DigestUpdate(md, bytes.data(), bytes.size());
    Sha256Digest digest{};
    unsigned int length = 0;
    EVP_DigestFinal_ex(md, digest.data(), &length);
    return digest;
}

std::string to_hex(const Sha256Digest& digest) {
    static constexpr char hex[] = "0123456789abcdef";
    std::string out;
    out.reserve(digest.size() * 2);
    for (const std::uint8_t byte : digest) {
        out.push_back(hex[byte >> 4]);
        out.push_back(hex[byte & 0x0f]);
    }
    return out;
}

std::string sha256_hex(std::string_view bytes) { return to_hex(sha256_digest(bytes)); }

}  // namespace ccsalvage
