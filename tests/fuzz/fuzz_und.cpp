// Fuzz target for the .und reader, the import-loop finder and the .und writer.
//
// Each input is read twice: with the default options, and with options chosen from the first
// byte (another code page, DBCS included; another day order; tiny item and header caps; a tiny
// per-code event cap). Every entry is handed to a LoopFinder, whose groups are then reported,
// and written again with write_und_entry(), whose output is read back.
//
// Checked promises: entries come in file order with offsets inside the input; item data are
// views into the input; rejection lines lie inside their entry; every attempt of a group was an
// entry; a written entry reads back as one entry with the same reason, source file, rejection
// time and result code when the code page holds all of them (CP850, which maps every byte, is
// used for that check). A broken promise aborts; so does an exception escaping a reader.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <set>
#include <string>
#include <string_view>

#include "ccm_variant_options.hpp"
#include "core/codepage.hpp"
#include "core/event.hpp"
#include "fuzz_support.hpp"
#include "parsers/und/loops.hpp"
#include "parsers/und/rejection.hpp"
#include "parsers/und/und.hpp"

namespace {

using namespace ccsalvage;
using fuzz::check;
using fuzz::Sink;
using fuzz::touch_log;

void touch_entry(Sink& sink, const und::UndEntry& entry, std::string_view input) {
    const auto& message = entry.message;
    const std::uint64_t size = input.size();
    check(message.offset <= message.end_offset && message.end_offset <= size,
          "entry inside the input");
    sink.bytes(entry.reason);
    sink.bytes(entry.source_file);
    sink.bytes(entry.rejected_at);
    sink.number(static_cast<std::uint64_t>(entry.result_code.value_or(-1) + 1));
    sink.number(static_cast<std::uint64_t>(entry.reason_kind));
    if (entry.rejected_date) sink.bytes(entry.rejected_date->raw);
    for (const auto& field : entry.rejection_headers) {
        check(field.offset >= message.offset && field.offset <= message.end_offset,
              "rejection line inside its entry");
        check(und::is_rejection_keyword(field.keyword), "rejection line has a rejection keyword");
        sink.bytes(field.keyword);
        sink.bytes(field.value);
    }
    check(!entry.rejection_headers.empty() || entry.reason_kind == und::ReasonKind::none,
          "no rejection lines, no reason");
    for (const auto& header : message.headers) sink.bytes(header.value);
    for (const auto& item : message.items) {
        check(item.data_offset <= size && item.data.size() <= size - item.data_offset,
              "item data inside the input");
        if (!item.data.empty()) {
            check(item.data.data() == input.data() + item.data_offset, "item data is a view");
        }
        sink.bytes(item.data);
    }
}

// The entry written and read again, in CP850 (every byte maps, so no text is lost).
void check_rewritten(Sink& sink, const und::UndEntry& entry, const ccm::ReaderOptions& options) {
    ccm::WriterOptions writer;
    writer.code_page = options.code_page;
    writer.source_code_page = options.code_page;
    const std::string written = und::write_und_entry(entry, writer);
    sink.bytes(written);
    if (options.code_page != CodePage::cp850) return;
    EventLog log;
    std::uint64_t entries = 0;
    und::read_und(written, "rewritten.und", options, log, [&](const und::UndEntry& back) {
        if (++entries > 1) return;
        // Values are written trimmed-as-read and on one line, so they read back the same,
        // unless a value held a line end (written as a blank) or lost its meaning as a field.
        const auto same = [](std::string_view a, std::string_view b) {
            return a.find_first_of("\r\n") != std::string_view::npos || a == b;
        };
        check(same(entry.reason, back.reason), "reason reads back");
        check(same(entry.source_file, back.source_file), "source file reads back");
        check(same(entry.rejected_at, back.rejected_at), "rejection time reads back");
        check(entry.result_code == back.result_code, "result code reads back");
    });
    check(entries >= 1, "a written entry reads back as an entry");
}

std::uint64_t read_once(std::string_view input, const ccm::ReaderOptions& options,
                        std::size_t per_code_cap) {
    Sink sink;
    EventLog log(per_code_cap);
    und::LoopFinder finder(3);
    std::set<std::uint64_t> offsets;
    std::uint64_t last_offset = 0, handled = 0;
    const auto summary =
        und::read_und(input, "fuzz.und", options, log, [&](const und::UndEntry& entry) {
            check(handled == 0 || entry.message.offset > last_offset, "entries in file order");
            last_offset = entry.message.offset;
            offsets.insert(entry.message.offset);
            touch_entry(sink, entry, input);
            finder.add(entry);
            check_rewritten(sink, entry, options);
            ++handled;
        });
    check(summary.messages == handled, "one entry per message");

    std::uint64_t attempts = 0;
    const auto groups = finder.groups(1);
    for (const auto& group : groups) {
        check(group.attempt_count >= group.attempts.size() && !group.attempts.empty(),
              "attempt counts");
        check(group.attempts.size() <= 3, "attempts kept within the bound");
        attempts += group.attempt_count;
        sink.bytes(group.identity.key);
        for (const auto& attempt : group.attempts) {
            check(offsets.count(attempt.offset) == 1, "every attempt was an entry");
            sink.bytes(attempt.rejected_at);
        }
    }
    check(attempts == handled, "every entry is in exactly one group");
    und::report_import_loops(finder.groups(), "fuzz.und", log);

    touch_log(sink, log, input.size());
    return sink.value;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    return fuzz::read_default_and_variant<ccm::ReaderOptions>(data, size, read_once,
                                                              fuzz::ccm_variant_options);
}
