#pragma once
// A format-independent scan for foreign plain text (console output) in any file, including
// files whose layout ccsalvage does not know. Healthy post office files hold no plain text
// (Q179072); in the project's model every text field is scrambled, so long printable runs are
// foreign. The scan needs no layout, so it works on a real customer CLANDATA too.
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace ccsalvage::scan {

enum class FindingKind {
    console_output,  // printable text holding an Import/Export console phrase
    text_run,        // a long run of word-like plain text with no known phrase
};

struct Finding {
    std::uint64_t offset = 0;  // first foreign byte
    std::uint64_t length = 0;
    FindingKind kind = FindingKind::text_run;
    std::string phrase_id;   // console_output: the first phrase found
    std::string_view bytes;  // view into the scanned bytes
};

struct ScanOptions {
    // Runs shorter than this are not looked at. Random bytes are printable with probability
    // 98/256, so a 32-byte run occurs by chance about once in 10^13 positions.
    std::size_t min_run = 32;
    // A run without a console phrase is reported only from this length, and only when it reads
    // like words (letters and blanks dominate).
    std::size_t min_text_run = 64;
    unsigned threads = 2;  // work splits by halves of the file
    // Called from the scanning threads with ranges they are done with, so a caller holding a
    // memory map can drop those pages (EvidenceFile::release_range) and keep memory flat.
    std::function<void(std::uint64_t from, std::uint64_t to)> done_with;
    // Called before a range is scanned (EvidenceFile::prefetch_range maps it in one go).
    std::function<void(std::uint64_t from, std::uint64_t to)> will_need;
    // When given, the filter pass every byte goes through reads the input with this
    // (EvidenceFile::read_at: copies [offset, offset + size) into `into`, returns the count)
    // into a small buffer per thread, and only the rare runs that pass the filter are looked at
    // in the mapped bytes. Copying costs less than mapping and unmapping every page of a large
    // file, and the buffer keeps memory flat. will_need is then not called.
    std::function<std::size_t(std::uint64_t offset, char* into, std::size_t size)> read;
    std::size_t read_window = 1u << 20;  // bytes per read: fits the core's cache
};

std::vector<Finding> scan_text(std::string_view bytes, const ScanOptions& options = {});

std::string_view to_string(FindingKind kind);

// A hex dump of the finding with `context` bytes around it, 16 bytes a line, in the layout of
// DEBUG's dump that KB Q179072 shows: offset, hex with a '-' after the 8th byte, then text.
std::string hex_dump(std::string_view bytes, std::uint64_t offset, std::uint64_t length,
                     std::size_t context = 16);

// The finding's text with control characters other than CR and LF shown as '.'.
std::string printable_text(std::string_view bytes);

}  // namespace ccsalvage::scan
