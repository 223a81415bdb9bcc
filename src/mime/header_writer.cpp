#include "mime/header_writer.hpp"

#include <memory>

#include "mime/gmime_support.hpp"
#include "mime/header_text.hpp"
#include "mime/zoned_date.hpp"

namespace ccsalvage::mime {

namespace {

struct TimeZoneUnref {
    void operator()(GTimeZone* zone) const { g_time_zone_unref(zone); }
};
struct DateTimeUnref {
    void operator()(GDateTime* date) const { g_date_time_unref(date); }
};

void add_mailboxes(GMimeMessage* message, GMimeAddressType type,
                   const std::vector<ccm::Address>& addresses, const AddressMapping& mapping) {
    InternetAddressList* list = g_mime_message_get_addresses(message, type);
    for (const auto& address : addresses) {
        const MappedAddress mapped = map_address(address, mapping);
        const std::string display = header_safe(mapped.display_name);
        GObjectPtr<InternetAddress> mailbox(internet_address_mailbox_new(
            display.empty() ? nullptr : display.c_str(), mapped.addr_spec.c_str()));
        internet_address_set_charset(mailbox.get(), "utf-8");
        internet_address_list_add(list, mailbox.get());
    }
}

void append_header(GMimeMessage* message, const char* name, const std::string& value) {
    if (value.empty()) return;
    g_mime_object_append_header(as<GMimeObject>(message), name, header_safe(value).c_str(),
                                "utf-8");
}

void set_date(GMimeMessage* message, const ccm::Message& source, const ComposeOptions& options,
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
    const int offset = found.value_or(0);
    std::unique_ptr<GTimeZone, TimeZoneUnref> zone(g_time_zone_new_offset(offset));
    std::unique_ptr<GDateTime, DateTimeUnref> when(g_date_time_new(
        zone.get(), date.year, date.month, date.day, date.hour, date.minute, date.second));
    if (!when) {
        warnings.push_back("date \"" + date.raw + "\" is out of range; no Date header written");
        return;
    }
    g_mime_message_set_date(message, when.get());
}

}  // namespace

void write_headers(GMimeMessage* msg, const ccm::Message& source, const ComposeOptions& options,
                   const std::string& message_id, bool provenance,
                   std::vector<std::string>& warnings) {
    if (source.from.empty()) warnings.push_back("no sender; no From header written");
    add_mailboxes(msg, GMIME_ADDRESS_TYPE_FROM, source.from, options.addresses);
    add_mailboxes(msg, GMIME_ADDRESS_TYPE_TO, source.to, options.addresses);
    add_mailboxes(msg, GMIME_ADDRESS_TYPE_CC, source.cc, options.addresses);
    add_mailboxes(msg, GMIME_ADDRESS_TYPE_BCC, source.bcc, options.addresses);

    const std::string subject = subject_of(source);
    if (!subject.empty()) g_mime_message_set_subject(msg, header_safe(subject).c_str(), "utf-8");
    set_date(msg, source, options, warnings);
    g_mime_message_set_message_id(msg, message_id.c_str());

    // The original cc:Mail text.
    append_header(msg, "X-CCMail-From", raw_addresses(source, source.from, "From"));
    append_header(msg, "X-CCMail-To", raw_addresses(source, source.to, "To"));
    append_header(msg, "X-CCMail-Cc", raw_addresses(source, source.cc, "Cc"));
    append_header(msg, "X-CCMail-Bcc", raw_addresses(source, source.bcc, "Bcc"));
    append_header(msg, "X-CCMail-Date", raw_date(source));
    if (source.receipt_requested) append_header(msg, "X-CCMail-Receipt-Requested", "yes");
    for (const auto& field : source.headers) {
        if (!field.known) {
            append_header(msg, "X-CCMail-Unknown-Header", field.keyword + ": " + field.value);
        }
    }
    if (!provenance) return;
    // Where the message was found.
    const std::string offset = "offset " + std::to_string(source.offset);
    append_header(msg, "X-CCSalvage-Source",
                  options.source_file.empty() ? offset : options.source_file + " " + offset);
    append_header(msg, "X-CCSalvage-Post-Office", options.post_office);
    for (const auto& [name, value] : options.provenance) append_header(msg, name.c_str(), value);
    if (source.partial) {
        append_header(msg, "X-CCSalvage-Partial", "yes");
        warnings.push_back("the file ended inside this message; exported what was there");
    }
}

}  // namespace ccsalvage::mime
