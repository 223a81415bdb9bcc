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
// Checked promises: no exception escapes the reader; every event offset lies inside its file;
// item data never exceed what MLANDATA holds. A broken promise aborts, which libFuzzer reports
// as a crash.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "core/errors.hpp"
#include "core/event.hpp"
#include "parsers/po/reader.hpp"
#include "parsers/po/writer.hpp"

namespace {

using namespace ccsalvage;

void check(bool ok, const char* what) {
    if (!ok) {
        std::fprintf(stderr, "fuzz_po: broken promise: %s\n", what);
        std::abort();
    }
}

std::uint64_t read_once(const po::PostOfficeSource& source, std::size_t per_code_cap) {
    EventLog log(per_code_cap);
    const po::PostOffice office = po::read_post_office(source, po::ReadOptions{}, log);
    std::uint64_t sink = log.total();
    for (const auto& event : log.events()) {
        for (const auto& file : source.files) {
            if (file.shown() == event.file)
                check(event.offset <= file.bytes.size(), "event offset inside its file");
        }
        sink += event.offset + event.detail.size();
    }
    std::uint64_t mlandata_size = 0;
    for (const auto& file : source.files) {
        if (file.name == "MLANDATA") mlandata_size = file.bytes.size();
    }
    for (const auto& message : office.messages) {
        for (std::size_t i = 0; i < message.header.items.size(); ++i) {
            const po::ItemRead item = po::read_message_item(source, office, message, i);
            check(item.data.size() <= mlandata_size, "item data no larger than MLANDATA");
            sink += item.data.size();
        }
    }
    sink += office.recovered_messages.size() + office.recovered_directory.size();
    try {
        po::WriterOptions options;
        options.allow_inconsistent = true;
        options.allow_out_of_limit = true;
        const po::PostOfficeFiles files =
            po::build_post_office(po::spec_from_model(office, source), options);
        sink += files.clandata.size() + files.mlandata.size();
    } catch (const UsageError&) {
        // The writer refuses models it cannot write; that is its documented answer.
    }
    return sink;
}

volatile std::uint64_t g_keep = 0;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    // reinterpret_cast is the only way from libFuzzer's bytes to a string_view of char.
    const std::string_view input(reinterpret_cast<const char*>(data), size);  // NOLINT
    po::PostOfficeSource alone;
    alone.files.push_back({"CLANDATA", "", input});
    std::uint64_t value = read_once(alone, 1000);
    if (size >= 2) {
        const std::string_view rest = input.substr(2);
        const std::size_t first = rest.size() * data[0] / 255;
        const std::size_t second = first + (rest.size() - first) * data[1] / 255;
        po::PostOfficeSource split;
        split.files.push_back({"CLANDATA", "", rest.substr(0, first)});
        split.files.push_back({"MLANDATA", "", rest.substr(first, second - first)});
        split.files.push_back({"USR00001", "", rest.substr(second)});
        value += read_once(split, (data[0] & 1u) != 0 ? 1 : 50);
    }
    g_keep = value;
    return 0;
}
