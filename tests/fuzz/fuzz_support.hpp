#pragma once
// What every fuzz target shares: a sink that makes each byte the reader produced really read
// (so ASan sees it), promise checks that abort loudly, reading the event log, and running the
// reader once with default options and once with options chosen from the first input byte.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "core/event.hpp"

namespace ccsalvage::fuzz {

// Folds bytes into a value the optimiser cannot drop, so every byte is really read.
struct Sink {
    std::uint64_t value = 0;
    void bytes(std::string_view text) {
        for (const char c : text) {
            value = value * 131 + static_cast<std::uint64_t>(static_cast<unsigned char>(c));
        }
        value += text.size();
    }
    void number(std::uint64_t n) { value = value * 31 + n; }
    void flag(bool b) { number(b ? 1 : 2); }
    void integer(int n) { number(static_cast<std::uint64_t>(static_cast<std::int64_t>(n))); }
};

// A promise the reader's interface makes; breaking it is a finding like a crash.
inline void check(bool ok, const char* what) {
    if (!ok) {
        std::fprintf(stderr, "fuzz: broken promise: %s\n", what);
        std::abort();
    }
}

inline void touch_log(Sink& sink, const EventLog& log, std::uint64_t input_size) {
    for (const auto& event : log.events()) {
        sink.bytes(event.file);
        sink.number(event.offset);
        sink.bytes(event.code);
        sink.number(static_cast<std::uint64_t>(event.severity));
        sink.bytes(event.detail);
        check(event.offset <= input_size, "Event.offset <= input size");
    }
    for (const auto& [code, count] : log.suppressed()) {
        sink.bytes(code);
        sink.number(count);
    }
    sink.number(log.total());
    sink.number(log.count(Severity::note));
    sink.number(log.count(Severity::warning));
    sink.number(log.count(Severity::error));
    sink.flag(log.has_problems());
}

// Written after each input so the reads that fed it cannot be optimised away.
inline volatile std::uint64_t g_keep = 0;

// The body of LLVMFuzzerTestOneInput: read_once(input, options, event_cap) with default
// options and a generous event cap, then with variant(first byte) and a cap of 1 or 50.
template <typename Options, typename ReadOnce, typename Variant>
int read_default_and_variant(const std::uint8_t* data, std::size_t size, ReadOnce read_once,
                             Variant variant) {
    // reinterpret_cast is the only way from libFuzzer's bytes to a string_view of char.
    const std::string_view input(reinterpret_cast<const char*>(data), size);  // NOLINT
    std::uint64_t value = read_once(input, Options{}, 1000);
    if (size > 0) {
        const std::uint8_t selector = data[0];
        value += read_once(input, variant(selector), (selector & 0x80u) != 0 ? 1 : 50);
    }
    g_keep = value;
    return 0;
}

}  // namespace ccsalvage::fuzz
