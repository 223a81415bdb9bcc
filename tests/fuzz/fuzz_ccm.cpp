// Fuzz target for the cc:Mail Import/Export (.ccm) reader.
//
// Each input is read twice: once with the default options, and once with options chosen from
// the first byte (another code page, DBCS included; another day order and year pivot; tiny
// item and header caps; a tiny per-code event cap), so the paths for Asian post offices,
// European dates and the damage bounds are fuzzed too. The whole input is given both times.
//
// The handler reads every byte of every field of every message, so AddressSanitizer sees any
// view into freed or foreign memory, and checks the few promises of reader.hpp/message.hpp that
// a memory error would break: item data are views into the input at data_offset, and offsets
// stay inside the input. A broken promise aborts, which libFuzzer reports as a crash.
//
// An exception escaping read_ccm is a crash too: damage must become events, never exceptions.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "ccm_variant_options.hpp"
#include "core/codepage.hpp"
#include "core/event.hpp"
#include "fuzz_support.hpp"
#include "parsers/ccm/reader.hpp"

namespace {

using namespace ccsalvage;
using fuzz::check;
using fuzz::Sink;
using fuzz::touch_log;

void touch_address(Sink& sink, const ccm::Address& address) {
    sink.bytes(address.raw);
    sink.number(static_cast<std::uint64_t>(address.kind));
    sink.bytes(address.name);
    sink.bytes(address.post_office);
    sink.bytes(address.internet);
}

void touch_message(Sink& sink, const ccm::Message& message, std::string_view input) {
    const std::uint64_t size = input.size();
    check(message.offset <= message.end_offset, "Message.offset <= Message.end_offset");
    check(message.end_offset <= size, "Message.end_offset <= input size");

    sink.number(message.index);
    sink.number(message.offset);
    sink.number(message.end_offset);
    sink.flag(message.sized);
    sink.number(message.declared_size.value_or(7));
    sink.number(message.contents_declared_size.value_or(11));
    for (const auto& header : message.headers) {
        sink.bytes(header.keyword);
        sink.bytes(header.value);
        sink.number(header.offset);
        sink.flag(header.known);
        check(header.offset <= size, "HeaderField.offset <= input size");
    }
    for (const auto* list : {&message.from, &message.to, &message.cc, &message.bcc}) {
        for (const auto& address : *list) {
            touch_address(sink, address);
        }
    }
    if (message.date) {
        const ccm::Date& date = *message.date;
        sink.bytes(date.raw);
        sink.flag(date.valid);
        for (const int part :
             {date.year, date.month, date.day, date.hour, date.minute, date.second}) {
            sink.number(static_cast<std::uint64_t>(static_cast<std::int64_t>(part)));
        }
    }
    sink.bytes(message.subject);
    sink.flag(message.receipt_requested);
    sink.flag(message.has_contents);
    sink.flag(message.partial);
    for (const auto& item : message.items) {
        sink.number(static_cast<std::uint64_t>(item.kind));
        sink.bytes(item.keyword);
        sink.bytes(item.title);
        sink.bytes(item.file_name);
        sink.bytes(item.file_stamp);
        sink.number(item.declared_size.value_or(13));
        sink.number(item.keyword_offset);
        sink.number(item.data_offset);
        sink.bytes(item.data);
        sink.number(static_cast<std::uint64_t>(item.size_fit));
        sink.flag(item.truncated);
        sink.bytes(item.sha256);
        check(item.keyword_offset <= size, "Item.keyword_offset <= input size");
        check(item.data_offset <= size && item.data.size() <= size - item.data_offset,
              "Item data_offset + data.size() <= input size");
        if (!item.data.empty()) {
            check(item.data.data() == input.data() + item.data_offset,
                  "Item.data is a view into the input at data_offset");
        }
    }
}

std::uint64_t read_once(std::string_view input, const ccm::ReaderOptions& options,
                        std::size_t per_code_cap) {
    Sink sink;
    EventLog log(per_code_cap);
    std::uint64_t handled = 0;
    std::uint64_t last_progress = 0;
    ccm::ReaderOptions with_progress = options;
    with_progress.on_progress = [&](std::uint64_t offset) {
        check(offset <= input.size(), "on_progress offset <= input size");
        last_progress = offset;
        sink.number(offset);
    };
    const ccm::ReadSummary summary =
        ccm::read_ccm(input, "fuzz.ccm", with_progress, log, [&](const ccm::Message& message) {
            touch_message(sink, message, input);
            ++handled;
        });
    sink.number(summary.messages);
    sink.number(summary.partial_messages);
    sink.number(summary.items);
    sink.number(summary.bytes);
    sink.number(summary.sized_messages);
    sink.number(handled);
    sink.number(last_progress);
    touch_log(sink, log, input.size());
    return sink.value;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    return fuzz::read_default_and_variant<ccm::ReaderOptions>(data, size, read_once,
                                                              fuzz::ccm_variant_options);
}
