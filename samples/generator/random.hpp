#pragma once
// Deterministic randomness for the generator (docs/generator.md, "Determinism").
//
// Everything random derives from the user's seed. The engine is std::mt19937_64, whose output
// sequence the C++ standard fixes; the standard *distributions* are implementation-defined (two
// standard libraries may map the same engine output to different numbers), so they are not
// used: the helpers below are integer-only and written out. No floating point either, so no
// libm rounding can leak into the output.
#include <cstddef>
#include <cstdint>
#include <random>
#include <string_view>
#include <vector>

namespace ccsalvage::generator {

// SplitMix64's finaliser: a bijective mix, used to derive independent seeds and to produce
// attachment bytes in counter mode (byte block i of an item depends only on its seed and i, so
// any part of an item can be regenerated without generating what comes before it).
constexpr std::uint64_t mix64(std::uint64_t x) {
    x += 0x9E3779B97F4A7C15ULL;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
    return x ^ (x >> 31);
}

// A seed for one purpose ("damage", message 17 item 2, ...) derived from the run's seed, so
// that adding a purpose never shifts the numbers another purpose sees.
constexpr std::uint64_t derive_seed(std::uint64_t seed, std::uint64_t a, std::uint64_t b = 0) {
    return mix64(mix64(mix64(seed) ^ a) ^ (b * 0xD6E8FEB86659FD93ULL));
}

// FNV-1a of a label, to derive seeds from names rather than from magic numbers.
constexpr std::uint64_t label_hash(std::string_view label) {
    std::uint64_t h = 0xCBF29CE484222325ULL;
    for (const char c : label) {
        h ^= static_cast<unsigned char>(c);
        h *= 0x100000001B3ULL;
    }
    return h;
}

class Rng {
  public:
    explicit Rng(std::uint64_t seed) : engine_(seed) {}

    std::uint64_t next() { return engine_(); }

    // Uniform in [lo, hi] (inclusive) by rejection, so there is no modulo bias.
    std::uint64_t between(std::uint64_t lo, std::uint64_t hi) {
        if (hi <= lo) return lo;
        const std::uint64_t span = hi - lo;
        if (span == UINT64_MAX) return next();
        const std::uint64_t range = span + 1;
        const std::uint64_t limit = UINT64_MAX - (UINT64_MAX % range);
        std::uint64_t x = next();
        while (x >= limit) x = next();
        return lo + x % range;
    }

    // Uniform in [lo, hi] for small counts; hi >= lo.
    int between_int(int lo, int hi) {
        if (hi <= lo) return lo;
        return lo + static_cast<int>(between(0, static_cast<std::uint64_t>(hi - lo)));
    }

    // 0 <= result < n; n must be > 0.
    std::size_t index(std::size_t n) { return static_cast<std::size_t>(between(0, n - 1)); }

    // True with probability percent/100.
    bool percent(unsigned percent) { return between(0, 99) < percent; }

    template <class T>
    const T& pick(const std::vector<T>& items) {
        return items[index(items.size())];
    }

    // A roughly log-uniform size in [lo, hi]: a power-of-two band is chosen uniformly, then a
    // value uniformly inside it. Small and large sizes are then equally common per band, like
    // real attachments, without floating point.
    std::uint64_t log_uniform(std::uint64_t lo, std::uint64_t hi) {
        if (hi <= lo) return lo;
        unsigned lo_bits = 0;
        while (lo_bits < 63 && (std::uint64_t{1} << (lo_bits + 1)) <= lo) ++lo_bits;
        unsigned hi_bits = lo_bits;
        while (hi_bits < 63 && (std::uint64_t{1} << (hi_bits + 1)) <= hi) ++hi_bits;
        const auto band = static_cast<unsigned>(between(lo_bits, hi_bits));
        std::uint64_t band_lo = std::uint64_t{1} << band;
        std::uint64_t band_hi = band >= 63 ? UINT64_MAX : (std::uint64_t{1} << (band + 1)) - 1;
        if (band_lo < lo) band_lo = lo;
        if (band_hi > hi) band_hi = hi;
        return between(band_lo, band_hi);
    }

  private:
    std::mt19937_64 engine_;
};

}  // namespace ccsalvage::generator
