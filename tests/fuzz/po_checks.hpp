#pragma once
// What the post office fuzz targets share (fuzz_po and the per-file targets fuzz_clandata,
// fuzz_mlandata, fuzz_usr): reading a PostOfficeSource once with every promise of
// parsers/po/reader.hpp checked, and the reader options chosen from one input byte.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/errors.hpp"
#include "core/event.hpp"
#include "fuzz_support.hpp"
#include "parsers/po/reader.hpp"
#include "parsers/po/writer.hpp"

namespace ccsalvage::fuzz {

inline po::ReadOptions po_variant_options(std::uint8_t selector) {
    static constexpr CodePage kPages[] = {CodePage::cp437, CodePage::cp932, CodePage::cp1252,
                                          CodePage::cp950};
    po::ReadOptions options;
    options.fallback_code_page = kPages[selector & 3u];
    options.check_text_decoding = (selector & 4u) == 0;
    return options;
}

inline std::uint64_t size_of_file(const po::PostOfficeSource& source, std::string_view name) {
    for (const auto& file : source.files) {
        if (file.name == name) return file.bytes.size();
    }
    return 0;
}

// Reads the source, touches every record, every event and every item's data, and with
// `round_trip` hands the model back to the writer (which may refuse it with UsageError, and
// nothing else). The per-file targets leave the round trip to fuzz_po: it doubles their time.
inline std::uint64_t read_post_office_once(const po::PostOfficeSource& source,
                                           const po::ReadOptions& options, std::size_t per_code_cap,
                                           bool round_trip = true) {
    Sink sink;
    EventLog log(per_code_cap);
    const po::PostOffice office = po::read_post_office(source, options, log);
    for (const auto& event : log.events()) {
        for (const auto& file : source.files) {
            if (file.shown() == event.file) {
                check(event.offset <= file.bytes.size(), "event offset inside its file");
            }
        }
        sink.bytes(event.file);
        sink.number(event.offset);
        sink.bytes(event.code);
        sink.bytes(event.detail);
    }
    sink.number(log.total());

    for (const auto& info : office.files) {
        check(info.source_index < source.files.size(), "FileInfo.source_index names a file");
        check(info.size == source.files[info.source_index].bytes.size(),
              "FileInfo.size is the file's size");
    }
    const std::uint64_t mlandata_size = size_of_file(source, "MLANDATA");
    for (const auto* list : {&office.messages, &office.recovered_messages}) {
        for (const auto& message : *list) {
            sink.number(message.header.message_number);
            sink.bytes(message.header.subject);
            for (std::size_t i = 0; i < message.header.items.size(); ++i) {
                const po::ItemRead item = po::read_message_item(source, office, message, i);
                check(item.data.size() <= mlandata_size, "item data no larger than MLANDATA");
                sink.bytes(item.data);
            }
        }
    }
    for (const auto& message : office.messages) {
        check(message.items.empty() || message.items.size() == message.header.items.size(),
              "MessageRecord.items parallel to header.items");
    }
    for (const auto& mailbox : office.mailboxes) {
        sink.bytes(mailbox.file);
        for (const auto& folder : mailbox.folders) {
            sink.number(folder.entries.size());
        }
    }
    sink.number(office.directory.size() + office.recovered_directory.size());
    sink.number(office.recovered_extents.size());
    if (!round_trip) return sink.value;
    try {
        po::WriterOptions writer_options;
        writer_options.allow_inconsistent = true;
        writer_options.allow_out_of_limit = true;
        const po::PostOfficeFiles files =
            po::build_post_office(po::spec_from_model(office, source), writer_options);
        sink.number(files.clandata.size() + files.mlandata.size());
    } catch (const UsageError&) {
        // The writer refuses models it cannot write; that is its documented answer.
    }
    return sink.value;
}

// MessageDetail::compact keeps less of each record and load_message() decodes the rest again
// (export, analyze and the ledger read compact): the compact read must report the same events
// as the full one and every record it keeps, made whole again, must equal the full read's.
inline void check_compact_read_agrees(const po::PostOfficeSource& source,
                                      const po::ReadOptions& options, std::size_t per_code_cap) {
    EventLog full_log(per_code_cap), compact_log(per_code_cap);
    const po::PostOffice full = po::read_post_office(source, options, full_log);
    po::ReadOptions compact_options = options;
    compact_options.messages = po::MessageDetail::compact;
    const po::PostOffice compact = po::read_post_office(source, compact_options, compact_log);
    const auto& a = full_log.events();
    const auto& b = compact_log.events();
    check(a.size() == b.size() && full_log.total() == compact_log.total(),
          "compact read: as many events as the full read");
    for (std::size_t i = 0; i < a.size() && i < b.size(); ++i) {
        check(a[i].code == b[i].code && a[i].file == b[i].file && a[i].offset == b[i].offset &&
                  a[i].detail == b[i].detail,
              "compact read: the same events as the full read");
    }
    const auto same_list = [&](const po::MessageList& full_list,
                               const po::MessageList& compact_list) {
        check(full_list.size() == compact_list.size(), "compact read: as many records");
        for (std::size_t i = 0; i < full_list.size() && i < compact_list.size(); ++i) {
            const po::MessageRecord whole = po::load_message(source, compact, compact_list[i]);
            const po::MessageHeader& x = full_list[i].header;
            const po::MessageHeader& y = whole.header;
            check(x.message_number == y.message_number && x.date == y.date &&
                      x.arrival == y.arrival && x.flags == y.flags &&
                      x.item_count == y.item_count && x.recipient_count == y.recipient_count &&
                      x.sender == y.sender && x.subject == y.subject &&
                      x.total_item_bytes == y.total_item_bytes,
                  "load_message: the full read's header fields");
            check(x.recipients.size() == y.recipients.size() && x.items.size() == y.items.size(),
                  "load_message: the full read's recipients and items");
            for (std::size_t k = 0; k < x.recipients.size() && k < y.recipients.size(); ++k) {
                check(x.recipients[k].address == y.recipients[k].address &&
                          x.recipients[k].role == y.recipients[k].role,
                      "load_message: the full read's recipient");
            }
            for (std::size_t k = 0; k < x.items.size() && k < y.items.size(); ++k) {
                check(x.items[k].length == y.items[k].length &&
                          x.items[k].extent_block == y.items[k].extent_block &&
                          x.items[k].data_crc == y.items[k].data_crc &&
                          x.items[k].title == y.items[k].title,
                      "load_message: the full read's item entry");
            }
            check(full_list[i].place.blocks == whole.place.blocks &&
                      full_list[i].provenance == whole.provenance,
                  "load_message: the full read's place and provenance");
            check(full_list[i].items.size() == whole.items.size(),
                  "load_message: the full read's item states");
            for (std::size_t k = 0; k < full_list[i].items.size() && k < whole.items.size(); ++k) {
                check(full_list[i].items[k].present == whole.items[k].present &&
                          full_list[i].items[k].intact == whole.items[k].intact,
                      "load_message: the full read's item state");
            }
        }
    };
    same_list(full.messages, compact.messages);
    same_list(full.recovered_messages, compact.recovered_messages);
}

}  // namespace ccsalvage::fuzz
