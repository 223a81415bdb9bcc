#include "repair/scan/text_scanner.hpp"

#include <algorithm>
#include <array>
#include <exception>
#include <thread>

#include "repair/scan/console_phrases.hpp"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace ccsalvage::scan {

namespace {

constexpr std::size_t kBlock = 16;

// Bytes that console text consists of: visible ASCII, blank, tab, CR and LF.
constexpr std::array<bool, 256> make_printable_table() {
    std::array<bool, 256> table{};
    for (int c = 0x20; c <= 0x7E; ++c) table[static_cast<std::size_t>(c)] = true;
    table['\t'] = table['\r'] = table['\n'] = true;
    return table;
}
constexpr auto kPrintable = make_printable_table();

bool printable(std::string_view bytes, std::size_t i) {
    return kPrintable[static_cast<unsigned char>(bytes[i])];
}

// Whether all 16 bytes at p are printable. This is the filter every byte of the input passes
// through, so it is vectorised: a run long enough to report always covers a whole block of the
// 16-byte grid, and random or binary data almost never has one.
bool block_printable(const char* p) {
#if defined(__SSE2__)
    const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    // As signed bytes, 0x20..0x7E are exactly those > 0x1F and < 0x7F (0x80..0xFF are negative).
    const __m128i visible = _mm_and_si128(_mm_cmpgt_epi8(x, _mm_set1_epi8(0x1F)),
                                          _mm_cmplt_epi8(x, _mm_set1_epi8(0x7F)));
    const __m128i controls = _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8('\t')),
                                          _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8('\r')),
                                                       _mm_cmpeq_epi8(x, _mm_set1_epi8('\n'))));
    return _mm_movemask_epi8(_mm_or_si128(visible, controls)) == 0xFFFF;
#else
    for (std::size_t i = 0; i < kBlock; ++i) {
        if (!kPrintable[static_cast<unsigned char>(p[i])]) return false;
    }
    return true;
#endif
}

// The first grid point in [pos, limit) whose block is printable, or the first grid point at or
// after `limit` when there is none; base[p .. p + 16) must be readable for every grid point p
// before `limit`. Scrambled records and binary data have a byte of 0x80 or more in almost every
// block (97% of the blocks of a generated MLANDATA, all but 1 in 65,536 of random bytes), and
// no such block can be printable: four blocks are first rejected together on their sign bits
// alone (one movemask each), and only a block without a high byte gets the full test.
std::size_t next_printable_block(const char* base, std::size_t pos, std::size_t limit) {
#if defined(__SSE2__)
    constexpr std::uint64_t kLaneLow = 0x0001'0001'0001'0001u;
    constexpr std::uint64_t kLaneHigh = 0x8000'8000'8000'8000u;
    while (pos + 3 * kBlock < limit) {
        // 16 sign bits per block, block k in bits 16k..16k+15 (written out: -O2 keeps a loop).
        const auto signs = [base](std::size_t at) {
            return static_cast<std::uint64_t>(static_cast<std::uint16_t>(
                _mm_movemask_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(base + at)))));
        };
        const std::uint64_t high = signs(pos) | signs(pos + kBlock) << 16 |
                                   signs(pos + 2 * kBlock) << 32 | signs(pos + 3 * kBlock) << 48;
        // A lane of 16 zero bits is a block without a high byte (the classic has-zero test:
        // exact for the lowest zero lane, and lanes above it are tested one by one anyway).
        if (((high - kLaneLow) & ~high & kLaneHigh) != 0) {
            for (std::size_t k = 0; k < 4; ++k) {
                if (((high >> (16 * k)) & 0xFFFF) == 0 && block_printable(base + pos)) return pos;
                pos += kBlock;
            }
        } else {
            pos += 4 * kBlock;
        }
    }
#endif
    while (pos < limit && !block_printable(base + pos)) pos += kBlock;
    return pos;
}

std::string_view first_phrase(std::string_view text) {
    std::size_t best = std::string_view::npos;
    std::string_view id;
    for (const auto& phrase : console_phrases()) {
        const auto at = text.find(phrase.text);
        if (at < best) {
            best = at;
            id = phrase.id;
        }
    }
    return id;
}

bool has_phrase(std::string_view text) { return !first_phrase(text).empty(); }

// Plain text that reads like words: mostly letters, digits and blanks, with several blanks.
bool wordy(std::string_view text) {
    std::size_t letters = 0, blanks = 0;
    for (char c : text) {
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) ++letters;
        if (c == ' ') ++blanks;
    }
    return (letters + blanks) * 10 >= text.size() * 8 && blanks * 20 >= text.size();
}

// Console output is written in whole lines ending in CR LF. Printable bytes of the surrounding
// binary data may stick to either end of a run by chance (each byte is printable with p=0.38);
// a short piece before the first line end or after the last one, holding no phrase, is such an
// accident and is left out, so the finding starts and ends where the foreign text does.
std::pair<std::size_t, std::size_t> trim_to_lines(std::string_view bytes, std::size_t s,
                                                  std::size_t e) {
    constexpr std::size_t kAccident = 8;
    const auto run = bytes.substr(s, e - s);
    const auto first_lf = run.find('\n');
    if (first_lf != std::string_view::npos) {
        auto cut = first_lf;  // the partial line before the first line end
        if (cut > 0 && run[cut - 1] == '\r') --cut;
        if (cut > 0 && cut < kAccident && !has_phrase(run.substr(0, first_lf + 1))) s += cut;
    }
    const auto last_lf = run.rfind('\n');
    if (last_lf != std::string_view::npos) {
        const auto tail = run.size() - last_lf - 1;
        if (tail > 0 && tail < kAccident && !has_phrase(run.substr(last_lf + 1))) e -= tail;
    }
    return {s, e};
}

void classify(std::string_view bytes, std::size_t s, std::size_t e, const ScanOptions& options,
              std::vector<Finding>& out) {
    if (e - s < options.min_run) return;
    const auto phrase = first_phrase(bytes.substr(s, e - s));
    if (phrase.empty()) {
        if (e - s < options.min_text_run || !wordy(bytes.substr(s, e - s))) return;
    }
    const auto [start, end] = trim_to_lines(bytes, s, e);
    Finding finding;
    finding.offset = start;
    finding.length = end - start;
    finding.kind = phrase.empty() ? FindingKind::text_run : FindingKind::console_output;
    finding.phrase_id = std::string(phrase);
    finding.bytes = bytes.substr(start, end - start);
    out.push_back(std::move(finding));
}

// Finds the grid points whose 16 bytes are all printable: the filter every byte passes
// through. Either over the mapped bytes in windows (mapped before and released after, so
// memory stays flat and page faults are few) or, when the caller gives a reader, over copies
// in a reused buffer, so that the mapped pages are touched only around the rare hits.
class GridFilter {
  public:
    GridFilter(std::string_view bytes, std::size_t begin, const ScanOptions& options)
        : bytes_(bytes), options_(options), released_(begin) {
        if (options_.read) buffer_.resize(std::max<std::size_t>(options_.read_window, 4 * kBlock));
    }

    // The first grid point at or after `pos` and before `end` whose block is printable, or a
    // point at or past `end` (or too close to the end of the input for a whole block).
    std::size_t next(std::size_t pos, std::size_t end) {
        while (pos < end && pos + kBlock <= bytes_.size()) {
            if (!buffer_.empty()) {
                if (pos < buffer_start_ || pos + kBlock > buffer_start_ + buffer_length_) {
                    if (!refill(pos)) continue;  // a short read: the mapped bytes from here
                }
                const std::size_t limit =
                    std::min(end, buffer_start_ + buffer_length_ - kBlock + 1);
                const char* base = buffer_.data() - buffer_start_;
                pos = next_printable_block(base, pos, limit);
                if (pos < limit) return pos;
                continue;
            }
            if (pos >= window_end_) {
                release_to(pos);
                window_end_ = std::min(pos + kWindow, end);
                if (options_.will_need) options_.will_need(pos, window_end_ + kBlock);
            }
            // A block is read whole, so the last grid point is the last one with 16 bytes left.
            const std::size_t limit = std::min({end, window_end_, bytes_.size() - kBlock + 1});
            pos = next_printable_block(bytes_.data(), pos, limit);
            if (pos < limit) return pos;
        }
        return pos;
    }

    // Everything before `pos` is done with. Through a buffer, the mapped bytes were touched
    // only if a hit was looked at since the last release: releasing pages never mapped would
    // cost a system call per window for nothing.
    void release_to(std::size_t pos) {
        if (options_.done_with && pos > released_ && (touched_ || buffer_.empty())) {
            options_.done_with(released_, pos);
        }
        touched_ = false;
        released_ = std::max(released_, pos);
    }
    // A hit was looked at in the mapped bytes.
    void touched() { touched_ = true; }

  private:
    static constexpr std::size_t kWindow = 8u << 20;

    bool refill(std::size_t pos) {
        release_to(pos);  // the mapped pages a hit before this point touched
        buffer_start_ = pos;
        buffer_length_ = options_.read(pos, buffer_.data(), buffer_.size());
        if (buffer_length_ >= kBlock || pos + buffer_length_ >= bytes_.size()) {
            return true;
        }
        buffer_.clear();  // fewer bytes than the mapping shows: scan the mapping instead
        buffer_.shrink_to_fit();
        window_end_ = pos;
        return false;
    }

    std::string_view bytes_;
    const ScanOptions& options_;
    std::vector<char> buffer_;
    std::size_t buffer_start_ = 0, buffer_length_ = 0;
    std::size_t window_end_ = 0;
    std::size_t released_;
    bool touched_ = false;
};

// Scans the 16-byte grid points in [begin, end). A run belongs to the part holding its first
// whole printable grid block, so runs across a part boundary are reported exactly once.
std::vector<Finding> scan_part(std::string_view bytes, std::size_t begin, std::size_t end,
                               const ScanOptions& options) {
    std::vector<Finding> found;
    GridFilter filter(bytes, begin, options);
    std::size_t pos = begin;
    while (true) {
        pos = filter.next(pos, end);
        if (pos >= end || pos + kBlock > bytes.size()) break;
        filter.touched();
        std::size_t s = pos;
        while (s > 0 && printable(bytes, s - 1)) --s;
        std::size_t e = pos + kBlock;
        while (e + kBlock <= bytes.size() && block_printable(bytes.data() + e)) e += kBlock;
        while (e < bytes.size() && printable(bytes, e)) ++e;
        const bool owned_by_previous_part = pos == begin && begin > 0 && s + kBlock <= pos;
        if (!owned_by_previous_part) classify(bytes, s, e, options, found);
        pos += ((e - pos) + kBlock - 1) / kBlock * kBlock;  // next grid point at or after e
    }
    filter.touched();  // the last window's pages, whatever the filter read them through
    filter.release_to(std::min(pos, bytes.size()));
    return found;
}

}  // namespace

std::vector<Finding> scan_text(std::string_view bytes, const ScanOptions& options_in) {
    auto options = options_in;
    // The block filter finds every run of at least 2 blocks less one byte.
    options.min_run = std::max<std::size_t>(options.min_run, 2 * kBlock - 1);
    const unsigned parts = std::clamp(options.threads, 1u, 64u);
    // Splitting small inputs costs more than it saves.
    const std::size_t part_size = bytes.size() < (4u << 20)
                                      ? bytes.size()
                                      : (bytes.size() / parts + kBlock) / kBlock * kBlock;
    if (part_size >= bytes.size()) return scan_part(bytes, 0, bytes.size(), options);

    std::vector<std::vector<Finding>> results(parts);
    // A reader that throws (IoError: the file went away) must reach the caller, not end the
    // process from a worker thread.
    std::vector<std::exception_ptr> errors(parts);
    std::vector<std::thread> workers;
    for (unsigned i = 1; i < parts; ++i) {
        const std::size_t begin = std::min(bytes.size(), i * part_size);
        const std::size_t end = std::min(bytes.size(), begin + part_size);
        workers.emplace_back([&, i, begin, end] {
            try {
                results[i] = scan_part(bytes, begin, end, options);
            } catch (...) {
                errors[i] = std::current_exception();
            }
        });
    }
    try {
        results[0] = scan_part(bytes, 0, std::min(bytes.size(), part_size), options);
    } catch (...) {
        errors[0] = std::current_exception();
    }
    for (auto& worker : workers) worker.join();
    for (const auto& error : errors) {
        if (error) std::rethrow_exception(error);
    }
    std::vector<Finding> all;
    for (auto& part : results) {
        for (auto& f : part) all.push_back(std::move(f));
    }
    return all;
}

std::string_view to_string(FindingKind kind) {
    return kind == FindingKind::console_output ? "console_output" : "text_run";
}

std::string printable_text(std::string_view bytes) {
    std::string out;
    out.reserve(bytes.size());
    for (char c : bytes) {
        const auto u = static_cast<unsigned char>(c);
        out.push_back((u >= 0x20 && u < 0x7F) || c == '\r' || c == '\n' ? c : '.');
    }
    return out;
}

std::string hex_dump(std::string_view bytes, std::uint64_t offset, std::uint64_t length,
                     std::size_t context) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    const std::uint64_t from = (offset >= context ? offset - context : 0) / kBlock * kBlock;
    const std::uint64_t to = std::min<std::uint64_t>(bytes.size(), offset + length + context);
    std::string out;
    for (std::uint64_t line = from; line < to; line += kBlock) {
        char address[24];
        std::snprintf(address, sizeof address, "%08llX  ", static_cast<unsigned long long>(line));
        out += address;
        std::string text;
        for (std::uint64_t i = line; i < line + kBlock; ++i) {
            if (i < bytes.size()) {
                const auto c = static_cast<unsigned char>(bytes[i]);
                out.push_back(kHex[c >> 4]);
                out.push_back(kHex[c & 15]);
                text.push_back(c >= 0x20 && c < 0x7F ? static_cast<char>(c) : '.');
            } else {
                out += "  ";
                text.push_back(' ');
            }
            out.push_back(i - line == 7 ? '-' : ' ');
        }
        out += " " + text + "\n";
    }
    return out;
}

}  // namespace ccsalvage::scan
