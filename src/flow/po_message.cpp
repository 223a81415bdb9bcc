#include "flow/po_message.hpp"

#include <fmt/format.h>

#include <optional>
#include <string_view>

#include "parsers/ccm/address.hpp"
#include "parsers/ccm/date.hpp"
#include "parsers/po/dos_time.hpp"

namespace ccsalvage::flow {
namespace {

std::string decoded(std::string_view bytes, CodePage page) {
    return decode_to_utf8(bytes, page).utf8;
}

std::string date_part(const po::DosFields& f, ccm::DateOrder order) {
    const int yy = f.year % 100;
    switch (order) {
        case ccm::DateOrder::european_dmy:
            return fmt::format("{}/{}/{:02}", f.day, f.month, yy);
        case ccm::DateOrder::japanese_ymd:
            return fmt::format("{:02}/{}/{}", yy, f.month, f.day);
        case ccm::DateOrder::us_mdy:
            break;
    }
    return fmt::format("{}/{}/{:02}", f.month, f.day, yy);
}

ccm::ItemKind model_kind(std::uint8_t kind) {
    switch (kind) {
        case 1:
            return ccm::ItemKind::text;
        case 2:
            return ccm::ItemKind::file;
        default:
            return ccm::ItemKind::other;
    }
}

void add_header(ccm::Message& message, std::string keyword, std::string value) {
    ccm::HeaderField field;
    field.keyword = std::move(keyword);
    field.value = std::move(value);
    message.headers.push_back(std::move(field));
}

std::vector<ccm::Address> addresses_of(const std::string& utf8) {
    return ccm::parse_address_list(utf8).addresses;
}

}  // namespace

PoMessage::PoMessage(PoMessage&& other) noexcept
    : message(std::move(other.message)),
      item_data(std::move(other.item_data)),
      items(std::move(other.items)),
      message_number(other.message_number),
      record_file(std::move(other.record_file)),
      record_offset(other.record_offset) {
    repoint_views();
}

PoMessage& PoMessage::operator=(PoMessage&& other) noexcept {
    if (this != &other) {
        message = std::move(other.message);
        item_data = std::move(other.item_data);
        items = std::move(other.items);
        message_number = other.message_number;
        record_file = std::move(other.record_file);
        record_offset = other.record_offset;
        repoint_views();
    }
    return *this;
}

void PoMessage::repoint_views() {
    for (std::size_t i = 0; i < message.items.size() && i < item_data.size(); ++i) {
        message.items[i].data = item_data[i];
    }
}

PoMessageOptions options_for(const po::PostOffice& post_office, CodePage fallback) {
    PoMessageOptions options;
    options.code_page = fallback;
    if (post_office.clandata) {
        if (auto page = parse_code_page(std::to_string(post_office.clandata->common.code_page))) {
            options.code_page = *page;
        }
        switch (post_office.clandata->common.date_order) {
            case 1:
                options.date_order = ccm::DateOrder::european_dmy;
                break;
            case 2:
                options.date_order = ccm::DateOrder::japanese_ymd;
                break;
            default:
                options.date_order = ccm::DateOrder::us_mdy;
        }
    }
    return options;
}

std::string ccmail_date_text(const po::DosDateTime& value, ccm::DateOrder order) {
    const po::DosFields f = po::unpack(value);
    return fmt::format("{} {}:{:02}", date_part(f, order), f.hour, f.minute);
}

std::string ccmail_file_stamp(const po::DosDateTime& value, ccm::DateOrder order) {
    const po::DosFields f = po::unpack(value);
    const int hour12 = f.hour % 12 == 0 ? 12 : f.hour % 12;
    return fmt::format("{} {}:{:02}{}", date_part(f, order), hour12, f.minute,
                       f.hour < 12 ? "AM" : "PM");
}

std::string item_keyword(std::uint8_t kind) {
    switch (kind) {
        case 1:
            return "Text item";
        case 2:
            return "File item";
        case 3:
            return "Fax item";
        case 4:
            return "Graphics item";
        case 5:
            return "Forwarded item";
        case 6:
            return "OLE item";
        default:
            return fmt::format("Item kind {}", kind);
    }
}

PoMessage load_po_message(const po::PostOfficeSource& source, const po::PostOffice& post_office,
                          const po::MessageRecord& compact_or_whole,
                          const PoMessageOptions& options) {
    // A record of a compact read has its header decoded again here, one message at a time.
    std::optional<po::MessageRecord> whole;
    if (compact_or_whole.compact) {
        whole = po::load_message(source, post_office, compact_or_whole, options.record_reads);
    }
    const po::MessageRecord& record = whole ? *whole : compact_or_whole;
    PoMessage out;
    const po::MessageHeader& header = record.header;
    out.message_number = header.message_number;
    if (const po::FileInfo* clandata = post_office.file(po::FileKind::clandata)) {
        out.record_file = clandata->name;
        out.record_offset = std::uint64_t{record.place.head()} * clandata->block_size;
    }

    ccm::Message& m = out.message;
    m.offset = out.record_offset;
    const std::string sender = decoded(header.sender, options.code_page);
    add_header(m, "From", sender);
    m.from = addresses_of(sender);

    std::string to_line, cc_line, bcc_line;
    for (const po::Recipient& recipient : header.recipients) {
        const std::string text = decoded(recipient.address, options.code_page);
        std::string& line = recipient.role == 2   ? cc_line
                            : recipient.role == 3 ? bcc_line
                                                  : to_line;
        if (!line.empty()) line += ", ";
        line += text;
        auto& list = recipient.role == 2 ? m.cc : recipient.role == 3 ? m.bcc : m.to;
        // One recipient is one address even when its name holds ", " ("Last, First").
        list.push_back(ccm::parse_address(text));
    }
    if (!to_line.empty()) add_header(m, "To", to_line);
    if (!cc_line.empty()) add_header(m, "Cc", cc_line);
    if (!bcc_line.empty()) add_header(m, "Bcc", bcc_line);

    m.subject = decoded(header.subject, options.code_page);
    add_header(m, "Subject", m.subject);
    const std::string date_text = ccmail_date_text(header.date, options.date_order);
    ccm::DateOptions date_options;
    date_options.order = options.date_order;
    m.date = ccm::parse_date(date_text, date_options);
    add_header(m, "Date", date_text);
    m.receipt_requested = (header.flags & 1U) != 0;
    m.has_contents = true;

    out.item_data.resize(header.items.size());
    out.items.resize(header.items.size());
    for (std::size_t i = 0; i < header.items.size(); ++i) {
        const po::ItemEntry& entry = header.items[i];
        ccm::Item item;
        item.kind = model_kind(entry.kind);
        item.keyword = item_keyword(entry.kind);
        const std::string title = decoded(entry.title, options.code_page);
        if (item.kind == ccm::ItemKind::file) {
            item.file_name = title;
            if (entry.file_stamp.date != 0) {
                item.file_stamp = ccmail_file_stamp(entry.file_stamp, options.date_order);
            }
            item.title = item.file_stamp.empty() ? title : title + " " + item.file_stamp;
        } else {
            item.title = title;
        }
        item.declared_size = entry.length;
        const bool has_state = i < record.items.size();
        if (options.read_item_data) {
            po::ItemRead read =
                po::read_message_item(source, post_office, record, i, options.item_reads);
            out.items[i].present = !read.extents.empty();
            out.items[i].intact = read.crc_ok && read.complete;
            out.items[i].bytes = read.bytes_read;
            item.truncated = !(read.complete);
            out.item_data[i] = std::move(read.data);
        } else if (has_state) {
            out.items[i].present = record.items[i].present;
            out.items[i].intact = record.items[i].intact;
            out.items[i].bytes = entry.length;
        }
        m.items.push_back(std::move(item));
    }
    out.repoint_views();
    return out;
}

}  // namespace ccsalvage::flow
