// Fuzz target for the NFTERROR.LOG reader.
//
// Each input is read twice: with the default options, and with options chosen from the first
// byte (a DBCS or other code page, a tiny line bound, a tiny per-code event cap), so the bound
// and decoding paths are fuzzed too.
//
// The handler reads every field of every record, so AddressSanitizer sees any bad view, and
// checks the promises of reader.hpp/record.hpp: raw is a view into the input at the record's
// offset and within the bound; lines come in order; a parsed record has no failed field and an
// unparsed one has one. Every parsed record is also written with format_line() and read back:
// what the writer writes must always fit the grammar. A broken promise aborts, which libFuzzer
// reports as a crash; so does an exception escaping the reader.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "core/codepage.hpp"
#include "core/event.hpp"
#include "fuzz_support.hpp"
#include "parsers/nfterror/reader.hpp"
#include "parsers/nfterror/writer.hpp"

namespace {

using namespace ccsalvage;
using fuzz::check;
using fuzz::Sink;
using fuzz::touch_log;

void touch_time(Sink& sink, const nfterror::DateTime& when) {
    sink.bytes(when.date_raw);
    sink.bytes(when.time_raw);
    sink.flag(when.valid);
    for (const int part : {when.year, when.month, when.day, when.hour, when.minute, when.second}) {
        sink.integer(part);
    }
}

// A written line is read back as one parsed record.
void check_written(const nfterror::Record& record) {
    const std::string line = nfterror::format_line(record);
    EventLog log;
    std::uint64_t records = 0;
    bool parsed = false;
    nfterror::read_nfterror(line, "written", log, [&](const nfterror::Record& back) {
        ++records;
        parsed = back.parsed && back.deviations.empty();
    });
    check(records == 1 && parsed, "format_line() writes one canonical line");
}

void touch_record(Sink& sink, const nfterror::Record& record, std::string_view input,
                  std::size_t max_line_bytes, std::uint64_t& last_line) {
    const std::uint64_t size = input.size();
    check(record.line_number > last_line, "line numbers increase");
    last_line = record.line_number;
    check(record.offset <= size && record.length <= size - record.offset,
          "offset + length <= input size");
    check(record.raw.size() <= max_line_bytes, "raw within the line bound");
    check(record.raw.size() <= record.length, "raw within the line");
    check(record.raw_bounded == (record.length > max_line_bytes),
          "raw_bounded iff the line is long");
    if (!record.raw.empty()) {
        check(record.raw.data() == input.data() + record.offset, "raw is a view at offset");
    }
    check(record.parsed != record.failed_field.has_value(), "parsed xor failed_field");
    check(record.failed_column <= record.raw.size(), "failed_column inside the line");

    sink.number(record.line_number);
    sink.number(record.offset);
    sink.number(record.length);
    sink.number(static_cast<std::uint64_t>(record.line_end));
    sink.bytes(record.raw);
    sink.flag(record.raw_bounded);
    sink.flag(record.parsed);
    sink.number(record.failed_field ? static_cast<std::uint64_t>(*record.failed_field) : 99);
    sink.number(record.failed_column);
    for (const auto& deviation : record.deviations) sink.bytes(deviation);
    touch_time(sink, record.when);
    sink.bytes(record.program);
    sink.bytes(record.file);
    sink.bytes(record.structure);
    sink.number(record.block.value_or(7));
    sink.number(record.block_offset.value_or(11));
    sink.bytes(record.code);
    sink.bytes(record.text);
    sink.flag(record.known_file);
    sink.flag(record.known_structure);
    sink.flag(record.known_code);
    if (record.parsed) check_written(record);
}

std::uint64_t read_once(std::string_view input, const nfterror::ReaderOptions& options,
                        std::size_t per_code_cap) {
    Sink sink;
    EventLog log(per_code_cap);
    std::uint64_t handled = 0, last_line = 0;
    nfterror::ReaderOptions with_progress = options;
    with_progress.on_progress = [&](std::uint64_t offset) {
        check(offset <= input.size(), "on_progress offset <= input size");
        sink.number(offset);
    };
    const auto summary = nfterror::read_nfterror(
        input, "NFTERROR.LOG", with_progress, log, [&](const nfterror::Record& record) {
            touch_record(sink, record, input, options.max_line_bytes, last_line);
            ++handled;
        });
    check(summary.records == handled, "summary.records counts the records handed over");
    check(summary.parsed + summary.unparsed == handled, "parsed + unparsed == records");
    check(summary.lines >= last_line, "lines counts the last record's line");
    check(summary.lines >= handled + summary.blank_lines, "lines >= records + blank lines");
    sink.number(summary.bytes);
    sink.number(summary.blank_lines);
    sink.number(summary.lf_lines);
    if (summary.earliest) touch_time(sink, *summary.earliest);
    if (summary.latest) touch_time(sink, *summary.latest);
    for (const auto& [code, n] : summary.codes) {
        sink.bytes(code);
        sink.number(n);
    }
    touch_log(sink, log, input.size());
    return sink.value;
}

nfterror::ReaderOptions variant_options(std::uint8_t selector) {
    static constexpr CodePage kPages[] = {CodePage::cp932, CodePage::cp936, CodePage::cp949,
                                          CodePage::cp950, CodePage::cp437, CodePage::cp1252,
                                          CodePage::cp850, CodePage::cp932};
    nfterror::ReaderOptions options;
    options.code_page = kPages[selector & 7u];
    options.max_line_bytes = (selector & 0x08u) != 0 ? 1 + ((selector >> 4) & 0x3Fu) : 4096;
    return options;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    return fuzz::read_default_and_variant<nfterror::ReaderOptions>(data, size, read_once,
                                                                   variant_options);
}
