#include "mime/header_writer.hpp"

#include "mime/header_encoding.hpp"
#include "mime/header_text.hpp"
#include "mime/mailbox_cache.hpp"
#include "mime/zoned_date.hpp"

namespace ccsalvage::mime {

namespace {

void add_mailboxes(std::string& out, std::string_view name,
                   const std::vector<ccm::Address>& addresses, const AddressMapping& mapping) {
    if (addresses.empty()) return;
    std::vector<const EncodedMailbox*> mailboxes;
    mailboxes.reserve(addresses.size());
    for (const auto& address : addresses) mailboxes.push_back(&encoded_mailbox(address, mapping));
    append_mailbox_header(out, name, mailboxes);
}

void append_header(std::string& out, std::string_view name, const std::string& value) {
    if (value.empty()) return;
    append_unstructured_header(out, name, value);
}

void write_date(std::string& out, const ccm::Message& source, const ComposeOptions& options,
                std::vector<std::string>& warnings) {
    if (!source.date) {
        warnings.push_back("no Date: in the message; no Date header written");
        return;
    }
    const ccm::Date& date = *source.date;
    if (!date.valid) {
        warnings.push_back("date \"" + date.raw +
                           "\" could not be read or is impossible; no Date header written");
        return;
    }
    const auto found = zone_offset_seconds(options.time_zone, date);
    if (!found) {
        warnings.push_back("unknown time zone \"" + options.time_zone + "\"; date taken as UTC");
    }
    const auto text = rfc5322_date(date, found.value_or(0));
    if (!text) {
        warnings.push_back("date \"" + date.raw + "\" is out of range; no Date header written");
        return;
    }
    append_plain_header(out, "Date", *text);
}

}  // namespace

void write_headers(std::string& out, const ccm::Message& source, const ComposeOptions& options,
                   const std::string& message_id, bool provenance,
                   std::vector<std::string>& warnings) {
    if (source.from.empty()) warnings.push_back("no sender; no From header written");
    add_mailboxes(out, "From", source.from, options.addresses);
    add_mailboxes(out, "To", source.to, options.addresses);
    add_mailboxes(out, "Cc", source.cc, options.addresses);
    add_mailboxes(out, "Bcc", source.bcc, options.addresses);

    append_header(out, "Subject", subject_of(source));
    write_date(out, source, options, warnings);
    append_plain_header(out, "Message-Id", "<" + message_id + ">");

    // The original cc:Mail text.
    append_header(out, "X-CCMail-From", raw_addresses(source, source.from, "From"));
    append_header(out, "X-CCMail-To", raw_addresses(source, source.to, "To"));
    append_header(out, "X-CCMail-Cc", raw_addresses(source, source.cc, "Cc"));
    append_header(out, "X-CCMail-Bcc", raw_addresses(source, source.bcc, "Bcc"));
    append_header(out, "X-CCMail-Date", raw_date(source));
    if (source.receipt_requested) append_header(out, "X-CCMail-Receipt-Requested", "yes");
    for (const auto& field : source.headers) {
        if (!field.known) {
            append_header(out, "X-CCMail-Unknown-Header", field.keyword + ": " + field.value);
        }
    }
    if (!provenance) return;
    // Where the message was found.
    const std::string offset = "offset " + std::to_string(source.offset);
    append_header(out, "X-CCSalvage-Source",
                  options.source_file.empty() ? offset : options.source_file + " " + offset);
    append_header(out, "X-CCSalvage-Post-Office", options.post_office);
    for (const auto& [name, value] : options.provenance) append_header(out, name, value);
    if (source.partial) {
        append_header(out, "X-CCSalvage-Partial", "yes");
        warnings.push_back("the file ended inside this message; exported what was there");
    }
}

}  // namespace ccsalvage::mime
