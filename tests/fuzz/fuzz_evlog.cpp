// Fuzz target for the Event Viewer export reader (text and CSV, UTF-16 included).
//
// Each input is read twice: with the default options, and with a record bound chosen from the
// first byte (tiny bounds reach the too-long paths) and a tiny per-code event cap. Every field
// of every record is read so AddressSanitizer sees any bad view.
//
// Checked promises: records come in file order with offsets inside the input and increasing
// line numbers; every file name taken from a description occurs in it; a result code is
// small; a record's description is bounded by the record bound plus the continuation lines it
// gathered (never more than the input). A broken promise aborts; so does an exception
// escaping the reader.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/event.hpp"
#include "fuzz_support.hpp"
#include "parsers/evlog/reader.hpp"

namespace {

using namespace ccsalvage;
using fuzz::check;
using fuzz::Sink;
using fuzz::touch_log;

evlog::ReaderOptions variant(std::uint8_t selector) {
    evlog::ReaderOptions options;
    options.max_record_bytes = 1 + (selector & 0x3Fu) * 7;
    return options;
}

std::uint64_t read_once(std::string_view input, const evlog::ReaderOptions& options,
                        std::size_t per_code_cap) {
    Sink sink;
    EventLog log(per_code_cap);
    std::uint64_t last_offset = 0, last_line = 0, records = 0;
    const auto summary =
        evlog::read_event_log(input, "fuzz.txt", options, log, [&](const evlog::Record& r) {
            check(r.offset <= input.size(), "record offset inside the input");
            check(records == 0 || r.offset > last_offset, "records in file order");
            check(r.line > last_line, "line numbers increase");
            last_offset = r.offset;
            last_line = r.line;
            ++records;
            for (const std::string* f : {&r.date, &r.time, &r.source, &r.type, &r.category, &r.user,
                                         &r.computer, &r.description}) {
                sink.bytes(*f);
            }
            check(r.description.size() <= 4 * input.size() + 16, "description bounded");
            sink.number(r.event_id ? static_cast<std::uint64_t>(*r.event_id) + 1 : 0);
            check(!r.event_id || *r.event_id >= 0, "event IDs are not negative");
            for (const auto& name : r.files) {
                check(r.description.find(name) != std::string::npos,
                      "a file name comes from the description");
                sink.bytes(name);
            }
            check(r.files.size() <= 48, "file names bounded");
            if (r.result_code) check(*r.result_code >= 0 && *r.result_code <= 9999, "small code");
            sink.flag(r.from_connector());
            sink.flag(r.from_migration());
        });
    check(summary.records == records, "one handler call per record");
    sink.number(summary.skipped_lines);
    sink.number(static_cast<std::uint64_t>(summary.layout));
    touch_log(sink, log, input.size());
    return sink.value;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    return fuzz::read_default_and_variant<evlog::ReaderOptions>(data, size, read_once, variant);
}
