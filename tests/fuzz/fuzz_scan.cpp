// Fuzz target for the console-output scan (repair/scan/text_scanner, docs/formats/
// console-output.md).
//
// The whole input is scanned twice: with the default options, and with options chosen from the
// first byte (smaller or larger run thresholds, one thread), so the thresholds' edges are
// fuzzed too. For every finding the hex dump and the printable form are built, so AddressSanitizer
// sees any read they make outside the input.
//
// Checked promises of text_scanner.hpp: findings are sorted by offset, lie inside the input and
// do not overlap; each finding's bytes are the input's own bytes at its offset (a view, not a
// copy); every byte of a finding is printable text; a console_output finding names a phrase
// whose text it holds, a text_run names none; no finding is shorter than the run threshold
// allows. A broken promise aborts, which libFuzzer reports as a crash.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_support.hpp"
#include "repair/scan/console_phrases.hpp"
#include "repair/scan/text_scanner.hpp"

namespace {

using namespace ccsalvage;
using fuzz::check;
using fuzz::Sink;

bool console_byte(char c) {
    const auto u = static_cast<unsigned char>(c);
    return (u >= 0x20 && u <= 0x7E) || c == '\t' || c == '\r' || c == '\n';
}

std::string_view phrase_text(std::string_view id) {
    for (const auto& phrase : scan::console_phrases()) {
        if (phrase.id == id) return phrase.text;
    }
    return {};
}

scan::ScanOptions variant_options(std::uint8_t selector) {
    scan::ScanOptions options;
    options.threads = 1u + (selector & 1u);
    options.min_run = std::size_t{8} + (selector >> 1 & 0x1Fu) * 4u;  // 8 .. 132
    options.min_text_run = options.min_run + (selector >> 6) * 32u;
    return options;
}

std::uint64_t scan_once(std::string_view input, const scan::ScanOptions& options) {
    Sink sink;
    std::uint64_t released_to = 0;
    scan::ScanOptions observed = options;
    observed.done_with = [&](std::uint64_t from, std::uint64_t to) {
        check(from <= to && to <= input.size(), "done_with range inside the input");
        released_to = to;
    };
    observed.will_need = [&](std::uint64_t from, std::uint64_t to) {
        check(from <= to, "will_need range not reversed");
    };
    const std::vector<scan::Finding> findings = scan::scan_text(input, observed);
    // scan_text never reports a run shorter than two 16-byte blocks less one byte.
    const std::size_t shortest = std::max<std::size_t>(options.min_run, 31);
    std::uint64_t previous_end = 0;
    for (const auto& finding : findings) {
        check(finding.offset >= previous_end, "findings sorted and not overlapping");
        check(finding.offset <= input.size() && finding.length <= input.size() - finding.offset,
              "finding inside the input");
        check(finding.length > 0, "finding not empty");
        check(finding.bytes.size() == finding.length, "Finding.bytes has Finding.length bytes");
        check(finding.bytes.data() == input.data() + finding.offset,
              "Finding.bytes is a view into the input at its offset");
        for (const char c : finding.bytes) {
            check(console_byte(c), "every byte of a finding is console text");
        }
        if (finding.kind == scan::FindingKind::console_output) {
            const std::string_view text = phrase_text(finding.phrase_id);
            check(!text.empty(), "console_output names a known phrase");
            check(finding.bytes.find(text) != std::string_view::npos,
                  "console_output holds its phrase (trimming never cuts it off)");
        } else {
            check(finding.phrase_id.empty(), "text_run names no phrase");
            check(finding.length + 16 >= options.min_text_run, "text_run long enough");
        }
        // Trimming to whole lines may shorten a run by less than 8 bytes at each end.
        check(finding.length + 16 >= shortest, "finding long enough");
        previous_end = finding.offset + finding.length;
        sink.number(finding.offset);
        sink.number(finding.length);
        sink.bytes(scan::to_string(finding.kind));
        sink.bytes(finding.phrase_id);
        sink.bytes(scan::printable_text(finding.bytes));
        sink.bytes(scan::hex_dump(input, finding.offset, finding.length));
    }
    sink.number(released_to);
    return sink.value;
}

volatile std::uint64_t g_keep = 0;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    // reinterpret_cast is the only way from libFuzzer's bytes to a string_view of char.
    const std::string_view input(reinterpret_cast<const char*>(data), size);  // NOLINT
    std::uint64_t value = scan_once(input, scan::ScanOptions{});
    if (size > 0) value += scan_once(input, variant_options(data[0]));
    g_keep = value;
    return 0;
}
