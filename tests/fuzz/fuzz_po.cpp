// Fuzz target for the post office reader (parsers/po, docs/formats/post-office.md).
//
// Each input is read twice through the in-memory reader (read_post_office over string views):
//  1. the whole input as CLANDATA alone (MLANDATA missing);
//  2. split into CLANDATA, MLANDATA and USR00001 at two points chosen by the first two bytes
//     (each byte is the fraction of what remains, in 255ths), so that the three-file paths
//     (items in MLANDATA, mailboxes, cross-file identity) are reached from one input.
// Every item of every message is then read on demand, and the model is handed back to the
// writer (spec_from_model, build_post_office with every relaxation): the writer may refuse a
// model with UsageError, but must not crash or throw anything else.
//
// Checked promises (po_checks.hpp, shared with the per-file targets): no exception escapes the
// reader; every event offset lies inside its file; item data never exceed what MLANDATA holds;
// the model's file sizes and item lists agree with the input; and a compact read of the split
// input reports the same events and, with load_message, the same records as the full read. A
// broken promise aborts, which libFuzzer reports as a crash.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_support.hpp"
#include "po_checks.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace ccsalvage;
    // reinterpret_cast is the only way from libFuzzer's bytes to a string_view of char.
    const std::string_view input(reinterpret_cast<const char*>(data), size);  // NOLINT
    po::PostOfficeSource alone;
    alone.files.push_back({"CLANDATA", "", input});
    std::uint64_t value = fuzz::read_post_office_once(alone, po::ReadOptions{}, 1000);
    if (size >= 2) {
        const std::string_view rest = input.substr(2);
        const std::size_t first = rest.size() * data[0] / 255;
        const std::size_t second = first + (rest.size() - first) * data[1] / 255;
        po::PostOfficeSource split;
        split.files.push_back({"CLANDATA", "", rest.substr(0, first)});
        split.files.push_back({"MLANDATA", "", rest.substr(first, second - first)});
        split.files.push_back({"USR00001", "", rest.substr(second)});
        value +=
            fuzz::read_post_office_once(split, po::ReadOptions{}, (data[0] & 1u) != 0 ? 1 : 50);
        fuzz::check_compact_read_agrees(split, po::ReadOptions{}, (data[0] & 1u) != 0 ? 1 : 50);
    }
    fuzz::g_keep = value;
    return 0;
}
