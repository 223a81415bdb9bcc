#include "parsers/po/scramble.hpp"

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define CCSALVAGE_SCRAMBLE_AVX2 1
#endif

namespace ccsalvage::po {

namespace {
// The key function's constants (all arithmetic wraps modulo 2^32, as the document's
// pseudo-code says).
constexpr std::uint32_t kSeedMul = 0x9E3779B1u;
constexpr std::uint32_t kPosMul = 0x85EBCA77u;
constexpr std::uint32_t kAdd = 0x165667B1u;
constexpr std::uint32_t kMix1 = 0x2C1B3C6Du;
constexpr std::uint32_t kMix2 = 0x297A2D39u;

void scramble_scalar(char* data, std::size_t size, std::uint32_t seed, std::uint32_t p) {
    for (std::size_t i = 0; i < size; ++i, ++p) {
        data[i] = static_cast<char>(static_cast<std::uint8_t>(data[i]) ^ key_byte(seed, p));
    }
}

#ifdef CCSALVAGE_SCRAMBLE_AVX2
// Every item byte of a post office is scrambled or unscrambled several times in a repair (the
// reader, the writer, the read-back), and one key byte costs three multiplications: done one
// byte at a time this was a third of a repair's time (docs/performance.md). Eight key words at
// once in AVX2 lanes, 32 bytes per step; the result is the same as key_byte() byte for byte.
__attribute__((target("avx2"))) __m256i key_words(__m256i base, __m256i positions) {
    __m256i x = _mm256_add_epi32(
        base, _mm256_mullo_epi32(positions, _mm256_set1_epi32(static_cast<int>(kPosMul))));
    x = _mm256_xor_si256(x, _mm256_srli_epi32(x, 15));
    x = _mm256_mullo_epi32(x, _mm256_set1_epi32(static_cast<int>(kMix1)));
    x = _mm256_xor_si256(x, _mm256_srli_epi32(x, 12));
    x = _mm256_mullo_epi32(x, _mm256_set1_epi32(static_cast<int>(kMix2)));
    x = _mm256_xor_si256(x, _mm256_srli_epi32(x, 15));
    return _mm256_srli_epi32(x, 24);  // the key byte, still without its high bit
}

__attribute__((target("avx2"))) std::size_t scramble_avx2(char* data, std::size_t size,
                                                          std::uint32_t seed, std::uint32_t p) {
    const __m256i base = _mm256_set1_epi32(static_cast<int>(seed * kSeedMul + kAdd));
    const __m256i lanes = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
    // packus works within 128-bit halves; this puts the 4-byte groups back in order.
    const __m256i order = _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7);
    const __m256i high_bit = _mm256_set1_epi8(static_cast<char>(0x80));
    std::size_t i = 0;
    for (; i + 32 <= size; i += 32) {
        const auto q = static_cast<std::uint32_t>(p + i);
        const __m256i k0 =
            key_words(base, _mm256_add_epi32(_mm256_set1_epi32(static_cast<int>(q)), lanes));
        const __m256i k1 =
            key_words(base, _mm256_add_epi32(_mm256_set1_epi32(static_cast<int>(q + 8)), lanes));
        const __m256i k2 =
            key_words(base, _mm256_add_epi32(_mm256_set1_epi32(static_cast<int>(q + 16)), lanes));
        const __m256i k3 =
            key_words(base, _mm256_add_epi32(_mm256_set1_epi32(static_cast<int>(q + 24)), lanes));
        const __m256i packed =
            _mm256_packus_epi16(_mm256_packus_epi32(k0, k1), _mm256_packus_epi32(k2, k3));
        const __m256i key = _mm256_or_si256(_mm256_permutevar8x32_epi32(packed, order), high_bit);
        auto* at = reinterpret_cast<__m256i*>(data + i);
        _mm256_storeu_si256(at, _mm256_xor_si256(_mm256_loadu_si256(at), key));
    }
    return i;
}

bool have_avx2() {
    static const bool yes = __builtin_cpu_supports("avx2") != 0;
    return yes;
}
#endif
}  // namespace

std::uint8_t key_byte(std::uint32_t seed, std::uint32_t position) {
    std::uint32_t x = seed * kSeedMul + position * kPosMul + kAdd;
    x ^= x >> 15;
    x *= kMix1;
    x ^= x >> 12;
    x *= kMix2;
    x ^= x >> 15;
    return static_cast<std::uint8_t>((x >> 24) | 0x80u);
}

void scramble_range(char* data, std::size_t size, std::uint32_t seed,
                    std::uint32_t first_position) {
    std::size_t done = 0;
#ifdef CCSALVAGE_SCRAMBLE_AVX2
    if (have_avx2()) done = scramble_avx2(data, size, seed, first_position);
#endif
    scramble_scalar(data + done, size - done, seed,
                    static_cast<std::uint32_t>(first_position + done));
}

void scramble_in_place(std::string& bytes, std::uint32_t seed, std::uint32_t first_position) {
    scramble_range(bytes.data(), bytes.size(), seed, first_position);
}

std::string scramble(std::string_view bytes, std::uint32_t seed, std::uint32_t first_position) {
    std::string out(bytes);
    scramble_in_place(out, seed, first_position);
    return out;
}

}  // namespace ccsalvage::po
