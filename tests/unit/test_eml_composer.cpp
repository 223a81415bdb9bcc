#include <gmime/gmime.h>
#include <gtest/gtest.h>

#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "mime/address_mapping.hpp"
#include "mime/eml_composer.hpp"
#include "mime/zoned_date.hpp"
#include "parsers/ccm/message.hpp"
#include "parsers/ccm/writer.hpp"
#include "support/ccm_address.hpp"
#include "support/ccm_items.hpp"

namespace ccsalvage::mime {
namespace {

using namespace std::string_literals;

// ---------------------------------------------------------------------------------------------
// Building messages. Item::data is a view: the strings it points into live in the fixture.

ccm::Address po_user(std::string name, std::string post_office) {
    ccm::Address address;
    address.kind = ccm::AddressKind::post_office_user;
    address.name = std::move(name);
    address.post_office = std::move(post_office);
    address.raw = address.name + " at " + address.post_office;
    return address;
}

ccm::Date date(std::string raw, int year, int month, int day, int hour, int minute) {
    ccm::Date result;
    result.raw = std::move(raw);
    result.valid = true;
    result.year = year;
    result.month = month;
    result.day = day;
    result.hour = hour;
    result.minute = minute;
    return result;
}

using testing::text_item;

ccm::Item file_item(std::string_view data, std::string name, std::string stamp) {
    ccm::Item item;
    item.kind = ccm::ItemKind::file;
    item.keyword = "File item";
    item.file_name = std::move(name);
    item.file_stamp = std::move(stamp);
    item.title = item.file_name + " " + item.file_stamp;
    item.data = data;
    return item;
}

// A header line nobody documented, kept by the reader as it was.
ccm::HeaderField unknown_header(std::string keyword, std::string value) {
    ccm::HeaderField field;
    field.keyword = std::move(keyword);
    field.value = std::move(value);
    field.known = false;
    return field;
}

// The Q184052 layout: Grewal, Jeff at Hub to Admin at HUBPO2, one text item.
ccm::Message q184052(std::string_view body) {
    ccm::Message message;
    message.from.push_back(po_user("Grewal, Jeff", "Hub"));
    message.to.push_back(po_user("Admin", "HUBPO2"));
    message.date = date("6/2/98 8:39", 1998, 6, 2, 8, 39);
    message.subject = "Another message";
    message.has_contents = true;
    message.offset = 1234;
    message.items.push_back(text_item(body));
    return message;
}

// ---------------------------------------------------------------------------------------------
// Reading the result back with GMime's parser.

struct GObjectUnref {
    void operator()(gpointer object) const {
        if (object != nullptr) g_object_unref(object);
    }
};
template <typename T>
using GPtr = std::unique_ptr<T, GObjectUnref>;

template <typename To, typename From>
To* as(From* object) {
    return reinterpret_cast<To*>(object);
}

GPtr<GMimeMessage> parse(const std::string& bytes) {
    g_mime_init();  // counted by GMime; compose_eml has already initialised it
    GPtr<GMimeStream> stream(g_mime_stream_mem_new_with_buffer(bytes.data(), bytes.size()));
    GPtr<GMimeParser> parser(g_mime_parser_new_with_stream(stream.get()));
    return GPtr<GMimeMessage>(g_mime_parser_construct_message(parser.get(), nullptr));
}

bool is_type(GMimeObject* object, const char* type, const char* subtype) {
    return g_mime_content_type_is_type(g_mime_object_get_content_type(object), type, subtype) != 0;
}

// The decoded (transfer-encoding removed) bytes of a leaf part.
std::string decoded_content(GMimeObject* object) {
    GMimeDataWrapper* wrapper = g_mime_part_get_content(as<GMimePart>(object));
    if (wrapper == nullptr) return {};
    GPtr<GMimeStream> out(g_mime_stream_mem_new());
    g_mime_data_wrapper_write_to_stream(wrapper, out.get());
    const GByteArray* bytes = g_mime_stream_mem_get_byte_array(as<GMimeStreamMem>(out.get()));
    return std::string(reinterpret_cast<const char*>(bytes->data), bytes->len);
}

std::vector<GMimeObject*> leaf_parts(GMimeMessage* message) {
    GMimeObject* body = g_mime_message_get_mime_part(message);
    if (!is_type(body, "multipart", "*")) return {body};
    std::vector<GMimeObject*> parts;
    auto* multipart = as<GMimeMultipart>(body);
    for (int i = 0; i < g_mime_multipart_get_count(multipart); ++i) {
        parts.push_back(g_mime_multipart_get_part(multipart, i));
    }
    return parts;
}

std::string header(GMimeMessage* message, const char* name) {
    const char* value = g_mime_object_get_header(as<GMimeObject>(message), name);
    return value == nullptr ? std::string() : std::string(value);
}

// The unfolded raw header block of the composed bytes, for checks of the encoded form.
std::string header_block(const std::string& bytes) {
    return bytes.substr(0, bytes.find("\r\n\r\n") + 2);
}

bool has_header_line(const std::string& bytes, std::string_view line) {
    return header_block(bytes).find("\r\n"s + std::string(line) + "\r\n") != std::string::npos ||
           header_block(bytes).starts_with(std::string(line) + "\r\n");
}

void expect_crlf_only(const std::string& bytes) {
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        if (bytes[i] == '\n') {
            ASSERT_TRUE(i > 0 && bytes[i - 1] == '\r') << "bare LF at " << i;
        }
        if (bytes[i] == '\r') {
            ASSERT_TRUE(i + 1 < bytes.size() && bytes[i + 1] == '\n') << "bare CR at " << i;
        }
    }
    EXPECT_TRUE(bytes.ends_with("\r\n"));
}

bool all_ascii(const std::string& text) {
    for (char c : text) {
        if (static_cast<unsigned char>(c) >= 0x80) return false;
    }
    return true;
}

bool contains(const std::string& haystack, std::string_view needle) {
    return haystack.find(needle) != std::string::npos;
}

std::string lower(std::string text) {
    for (char& c : text) c = static_cast<char>(g_ascii_tolower(c));
    return text;
}

// ---------------------------------------------------------------------------------------------

TEST(EmlComposer, SingleTextItemGivesOneTextPlainPart) {
    const std::string body = "This is the message body";
    ComposeOptions options;
    options.source_file = "MSG4A27.CCM";
    options.post_office = "HUBPO2";
    const ComposedMessage composed = compose_eml(q184052(body), options);

    expect_crlf_only(composed.bytes);
    const std::string& bytes = composed.bytes;
    EXPECT_TRUE(has_header_line(bytes, "From: \"Grewal, Jeff\" <jeff.grewal@hub.ccmail.invalid>"));
    EXPECT_TRUE(has_header_line(bytes, "To: Admin <admin@hubpo2.ccmail.invalid>"));
    EXPECT_TRUE(has_header_line(bytes, "Subject: Another message"));
    EXPECT_TRUE(has_header_line(bytes, "Date: Tue, 02 Jun 1998 08:39:00 +0000"));
    EXPECT_TRUE(has_header_line(bytes, "Message-Id: <" + composed.message_id + ">"));
    EXPECT_TRUE(has_header_line(bytes, "MIME-Version: 1.0"));
    EXPECT_TRUE(has_header_line(bytes, "X-CCMail-From: Grewal, Jeff at Hub"));
    EXPECT_TRUE(has_header_line(bytes, "X-CCMail-To: Admin at HUBPO2"));
    EXPECT_TRUE(has_header_line(bytes, "X-CCMail-Date: 6/2/98 8:39"));
    EXPECT_TRUE(has_header_line(bytes, "X-CCSalvage-Source: MSG4A27.CCM offset 1234"));
    EXPECT_TRUE(has_header_line(bytes, "X-CCSalvage-Post-Office: HUBPO2"));
    EXPECT_TRUE(has_header_line(bytes, "Content-Type: text/plain; charset=utf-8"));
    EXPECT_FALSE(contains(bytes, "X-CCMail-Receipt-Requested"));
    EXPECT_FALSE(contains(bytes, "X-CCSalvage-Unclaimed-Bytes"));
    EXPECT_TRUE(composed.warnings.empty());

    const auto parsed = parse(bytes);
    ASSERT_TRUE(parsed);
    const auto parts = leaf_parts(parsed.get());
    ASSERT_EQ(parts.size(), 1u);
    EXPECT_TRUE(is_type(parts[0], "text", "plain"));
    // A single-part body always ends with a line end.
    EXPECT_EQ(decoded_content(parts[0]), body + "\r\n");
}

TEST(EmlComposer, MessageIdIsSyntheticAndStable) {
    const std::string body = "This is the message body";
    const std::string other_body = "This is the message body!";
    ccm::Message message = q184052(body);

    const std::string id = synthetic_message_id(message);
    ASSERT_EQ(id.size(), 32u + std::string_view("@ccsalvage.invalid").size());
    EXPECT_TRUE(id.ends_with("@ccsalvage.invalid"));
    EXPECT_EQ(id.find_first_not_of("0123456789abcdef"), 32u);

    const ComposedMessage first = compose_eml(message);
    const ComposedMessage second = compose_eml(message);
    EXPECT_EQ(first.message_id, id);
    EXPECT_EQ(second.message_id, id);
    EXPECT_EQ(first.bytes, second.bytes);  // composing is deterministic

    // Where the message was found does not matter; blanks in the header text do not either.
    ccm::Message moved = q184052(body);
    moved.offset = 999999;
    moved.index = 7;
    moved.items[0].data_offset = 4242;
    moved.subject = "Another   message ";
    EXPECT_EQ(synthetic_message_id(moved), id);

    ccm::Message changed = q184052(other_body);
    EXPECT_NE(synthetic_message_id(changed), id);
    ccm::Message resubjected = q184052(body);
    resubjected.subject = "Another message (2)";
    EXPECT_NE(synthetic_message_id(resubjected), id);

    // A recorded sha256 is used when present (the reader fills it); it must match the data.
    ccm::Message hashed = q184052(body);
    hashed.items[0].sha256 = "0000";
    EXPECT_NE(synthetic_message_id(hashed), id);
}

TEST(EmlComposer, NonAsciiSubjectIsRfc2047Encoded) {
    const std::string body = "x";
    ccm::Message message = q184052(body);
    message.subject = "Grüße";
    const ComposedMessage composed = compose_eml(message);

    const std::string headers = header_block(composed.bytes);
    EXPECT_TRUE(contains(lower(headers), "subject: =?utf-8?")) << headers;
    EXPECT_FALSE(contains(headers, "Grüße"));
    EXPECT_TRUE(all_ascii(headers)) << headers;

    const auto parsed = parse(composed.bytes);
    ASSERT_TRUE(parsed);
    EXPECT_STREQ(g_mime_message_get_subject(parsed.get()), "Grüße");
}

TEST(EmlComposer, NonAsciiAddressesAndRawTextAreEncoded) {
    const std::string body = "x";
    ccm::Message message = q184052(body);
    message.to = {po_user("Müller, Jörg", "Zürich")};
    const ComposedMessage composed = compose_eml(message);
    expect_crlf_only(composed.bytes);
    EXPECT_TRUE(all_ascii(header_block(composed.bytes)));

    const auto parsed = parse(composed.bytes);
    ASSERT_TRUE(parsed);
    InternetAddressList* to = g_mime_message_get_to(parsed.get());
    ASSERT_EQ(internet_address_list_length(to), 1);
    InternetAddress* first = internet_address_list_get_address(to, 0);
    EXPECT_STREQ(internet_address_get_name(first), "Müller, Jörg");
    EXPECT_STREQ(internet_address_mailbox_get_addr(as<InternetAddressMailbox>(first)),
                 "jorg.muller@zurich.ccmail.invalid");
    char* raw =
        g_mime_utils_header_decode_text(nullptr, header(parsed.get(), "X-CCMail-To").c_str());
    EXPECT_STREQ(raw, "Müller, Jörg at Zürich");
    g_free(raw);
}

TEST(EmlComposer, DateIsPlacedInTheConfiguredZone) {
    const std::string body = "x";
    ComposeOptions berlin;
    berlin.time_zone = "Europe/Berlin";
    // Summer time in June, standard time in January.
    EXPECT_TRUE(has_header_line(compose_eml(q184052(body), berlin).bytes,
                                "Date: Tue, 02 Jun 1998 08:39:00 +0200"));
    ccm::Message winter = q184052(body);
    winter.date = date("1/15/99 17:05", 1999, 1, 15, 17, 5);
    EXPECT_TRUE(has_header_line(compose_eml(winter, berlin).bytes,
                                "Date: Fri, 15 Jan 1999 17:05:00 +0100"));

    ComposeOptions new_york;
    new_york.time_zone = "America/New_York";
    EXPECT_TRUE(has_header_line(compose_eml(q184052(body), new_york).bytes,
                                "Date: Tue, 02 Jun 1998 08:39:00 -0400"));

    ComposeOptions unknown;
    unknown.time_zone = "Mars/Olympus_Mons";
    const ComposedMessage fallback = compose_eml(q184052(body), unknown);
    EXPECT_TRUE(has_header_line(fallback.bytes, "Date: Tue, 02 Jun 1998 08:39:00 +0000"));
    ASSERT_EQ(fallback.warnings.size(), 1u);
    EXPECT_TRUE(contains(fallback.warnings[0], "Mars/Olympus_Mons"));
}

TEST(EmlComposer, InvalidDateLeavesOnlyTheRawText) {
    const std::string body = "x";
    ccm::Message message = q184052(body);
    message.date->raw = "2/31/99 10:00";
    message.date->valid = false;
    const ComposedMessage composed = compose_eml(message);
    EXPECT_FALSE(contains(header_block(composed.bytes), "\r\nDate:"));
    EXPECT_FALSE(header_block(composed.bytes).starts_with("Date:"));
    EXPECT_TRUE(has_header_line(composed.bytes, "X-CCMail-Date: 2/31/99 10:00"));
    ASSERT_EQ(composed.warnings.size(), 1u);
    EXPECT_TRUE(contains(composed.warnings[0], "2/31/99"));
}

TEST(EmlComposer, TextIsDecodedFromTheCodePage) {
    // CP850: 0x81 = ü, 0x84 = ä, 0xE1 = ß. Bare LF line ends become CR LF.
    const std::string body =
        "Gr\x81\xE1"
        "e an M\x81ller\r\nZweite Zeile\nDritte M\x84rz";
    ccm::Message message = q184052(body);
    message.items[0].title = "Notizen für Müller";
    const ComposedMessage composed = compose_eml(message);
    expect_crlf_only(composed.bytes);

    const auto parsed = parse(composed.bytes);
    ASSERT_TRUE(parsed);
    const auto parts = leaf_parts(parsed.get());
    ASSERT_EQ(parts.size(), 1u);
    EXPECT_STREQ(g_mime_object_get_content_type_parameter(parts[0], "charset"), "utf-8");
    EXPECT_EQ(decoded_content(parts[0]), "Grüße an Müller\r\nZweite Zeile\r\nDritte März\r\n");
    EXPECT_STREQ(g_mime_part_get_content_description(as<GMimePart>(parts[0])),
                 "Notizen für Müller");

    // The same bytes read as CP437 (0xE1 = ß there too, 0x81 = ü, 0x84 = ä).
    ComposeOptions cp437;
    cp437.code_page = CodePage::cp437;
    const auto parsed437 = parse(compose_eml(message, cp437).bytes);
    EXPECT_EQ(decoded_content(leaf_parts(parsed437.get())[0]),
              "Grüße an Müller\r\nZweite Zeile\r\nDritte März\r\n");
}

TEST(EmlComposer, AttachmentsRoundTripByteForByte) {
    const std::string body = "See the attachment.\r\n";
    std::string binary = "\x00\x01\x02\xff\xfe\r\nMessage:\r\n\x1a\r\rText item:\n"s;
    for (int i = 0; i < 300; ++i) binary.push_back(static_cast<char>(i * 7));
    const std::string ascii_data = "plain file\r\n";

    ccm::Message message = q184052(body);
    message.items.push_back(file_item(binary, "Übersicht 1997.wk4", "5/6/97 3:10PM"));
    message.items.push_back(file_item(ascii_data, "README.TXT", ""));
    const ComposedMessage composed = compose_eml(message);
    expect_crlf_only(composed.bytes);
    EXPECT_TRUE(contains(composed.bytes, "Content-Type: multipart/mixed"));
    // Non-ASCII names go out as RFC 2231 parameters, ASCII ones plain.
    EXPECT_TRUE(contains(composed.bytes, "filename*=utf-8''%C3%9Cbersicht%201997.wk4") ||
                contains(composed.bytes, "filename*=UTF-8''%C3%9Cbersicht%201997.wk4"))
        << composed.bytes;
    EXPECT_TRUE(contains(composed.bytes, "filename=README.TXT"));

    const auto parsed = parse(composed.bytes);
    ASSERT_TRUE(parsed);
    EXPECT_TRUE(is_type(g_mime_message_get_mime_part(parsed.get()), "multipart", "mixed"));
    const auto parts = leaf_parts(parsed.get());
    ASSERT_EQ(parts.size(), 3u);

    EXPECT_TRUE(is_type(parts[0], "text", "plain"));
    EXPECT_EQ(decoded_content(parts[0]), body);

    auto* wk4 = as<GMimePart>(parts[1]);
    EXPECT_TRUE(is_type(parts[1], "application", "vnd.lotus-1-2-3"));
    EXPECT_TRUE(g_mime_part_is_attachment(wk4));
    EXPECT_STREQ(g_mime_part_get_filename(wk4), "Übersicht 1997.wk4");
    EXPECT_EQ(g_mime_part_get_content_encoding(wk4), GMIME_CONTENT_ENCODING_BASE64);
    EXPECT_EQ(decoded_content(parts[1]), binary);
    // The raw item line, stamp included, is kept.
    EXPECT_STREQ(g_mime_part_get_content_description(wk4), "Übersicht 1997.wk4 5/6/97 3:10PM");

    auto* readme = as<GMimePart>(parts[2]);
    EXPECT_TRUE(is_type(parts[2], "text", "plain"));
    EXPECT_STREQ(g_mime_part_get_filename(readme), "README.TXT");
    EXPECT_EQ(decoded_content(parts[2]), ascii_data);
}

// Percent-decodes one RFC 2231 segment value.
std::string percent_decode(std::string_view text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '%' && i + 2 < text.size()) {
            out.push_back(
                static_cast<char>(std::stoi(std::string(text.substr(i + 1, 2)), nullptr, 16)));
            i += 2;
        } else {
            out.push_back(text[i]);
        }
    }
    return out;
}

TEST(EmlComposer, LongNonAsciiFileNamesAreCutBetweenCharacters) {
    std::string name = "Übersicht";
    for (int i = 0; i < 30; ++i) name += " äöü日本";
    name += ".wk4";
    const std::string data = "data";
    ccm::Message message = q184052("body");
    message.items.push_back(file_item(data, name, ""));
    const ComposedMessage composed = compose_eml(message);
    expect_crlf_only(composed.bytes);

    // Every continuation decodes to whole UTF-8 characters on its own.
    std::size_t segments = 0;
    for (std::size_t at = composed.bytes.find("filename*"); at != std::string::npos;
         at = composed.bytes.find("filename*", at + 1)) {
        const auto equals = composed.bytes.find('=', at);
        const auto end = composed.bytes.find_first_of(";\r", equals);
        std::string value = composed.bytes.substr(equals + 1, end - equals - 1);
        if (value.starts_with("utf-8''")) value.erase(0, 7);
        const std::string decoded = percent_decode(value);
        EXPECT_TRUE(g_utf8_validate(decoded.data(), static_cast<gssize>(decoded.size()), nullptr))
            << value;
        ++segments;
    }
    EXPECT_GT(segments, 1u);
    // The continuation lines stay within 78 characters.
    std::size_t long_lines = 0;
    std::size_t continuation_lines = 0;
    for (std::size_t line_start = 0, at = composed.bytes.find("\r\n"); at != std::string::npos;
         line_start = at + 2, at = composed.bytes.find("\r\n", line_start)) {
        const std::string_view line(composed.bytes.data() + line_start, at - line_start);
        if (line.starts_with("\tfilename*") || line.starts_with("\tname*")) {
            ++continuation_lines;
            if (line.size() > 78) ++long_lines;
        }
    }
    EXPECT_EQ(continuation_lines, 2 * segments);
    EXPECT_EQ(long_lines, 0u);

    const auto parsed = parse(composed.bytes);
    const auto parts = leaf_parts(parsed.get());
    ASSERT_EQ(parts.size(), 2u);
    EXPECT_STREQ(g_mime_part_get_filename(as<GMimePart>(parts[1])), name.c_str());
    EXPECT_STREQ(g_mime_object_get_content_type_parameter(parts[1], "name"), name.c_str());
    EXPECT_EQ(decoded_content(parts[1]), data);
}

TEST(EmlComposer, OtherItemsBecomeOpaqueAttachments) {
    const std::string body = "cover";
    const std::string fax_data = "\x0a\x05\x01\x01";
    ccm::Message message = q184052(body);
    ccm::Item fax;
    fax.kind = ccm::ItemKind::other;
    fax.keyword = "Fax item";
    fax.title = "Page 1";
    fax.data = fax_data;
    message.items.push_back(fax);
    const ComposedMessage composed = compose_eml(message);

    const auto parsed = parse(composed.bytes);
    const auto parts = leaf_parts(parsed.get());
    ASSERT_EQ(parts.size(), 2u);
    EXPECT_TRUE(is_type(parts[1], "application", "octet-stream"));
    EXPECT_STREQ(g_mime_part_get_filename(as<GMimePart>(parts[1])), "Fax item.bin");
    EXPECT_STREQ(g_mime_part_get_content_description(as<GMimePart>(parts[1])), "Fax item: Page 1");
    EXPECT_EQ(decoded_content(parts[1]), fax_data);
    EXPECT_EQ(composed.warnings.size(), 1u);
}

TEST(EmlComposer, UnclaimedBytesAreCountedNotExported) {
    const std::string body = "the text";
    const std::string garbage = "Exporting messages in mailbox \"x\" to file EXPORT\\MSG4A27.CCM";
    ccm::Message message = q184052(body);
    ccm::Item unclaimed;
    unclaimed.kind = ccm::ItemKind::unclaimed;
    unclaimed.data = garbage;
    message.items.push_back(unclaimed);
    const ComposedMessage composed = compose_eml(message);

    EXPECT_FALSE(contains(composed.bytes, "Exporting messages"));
    EXPECT_TRUE(has_header_line(composed.bytes,
                                "X-CCSalvage-Unclaimed-Bytes: " + std::to_string(garbage.size())));
    ASSERT_EQ(composed.warnings.size(), 1u);
    // Still one text item and nothing else: a single text/plain body.
    const auto parsed = parse(composed.bytes);
    EXPECT_TRUE(is_type(g_mime_message_get_mime_part(parsed.get()), "text", "plain"));
    EXPECT_EQ(decoded_content(g_mime_message_get_mime_part(parsed.get())), body + "\r\n");
}

TEST(EmlComposer, NoItemsGiveAnEmptyTextBody) {
    ccm::Message message = q184052("");
    message.items.clear();
    const ComposedMessage composed = compose_eml(message);
    expect_crlf_only(composed.bytes);
    const auto parsed = parse(composed.bytes);
    ASSERT_TRUE(parsed);
    GMimeObject* body = g_mime_message_get_mime_part(parsed.get());
    EXPECT_TRUE(is_type(body, "text", "plain"));
    EXPECT_EQ(decoded_content(body), "");
}

TEST(EmlComposer, SeveralTextItemsGiveMultipartMixed) {
    const std::string first = "first";
    const std::string second = "";  // a text item of length zero (Q178122)
    ccm::Message message = q184052(first);
    message.items.push_back(text_item(second, "Empty"));
    const ComposedMessage composed = compose_eml(message);
    expect_crlf_only(composed.bytes);
    const auto parsed = parse(composed.bytes);
    const auto parts = leaf_parts(parsed.get());
    ASSERT_EQ(parts.size(), 2u);
    EXPECT_EQ(decoded_content(parts[0]), first);
    EXPECT_EQ(decoded_content(parts[1]), second);
}

TEST(EmlComposer, LoneCarriageReturnSurvivesQuotedPrintable) {
    const std::string body = "over\rprinted\r\nnext\r\n";
    const ComposedMessage composed = compose_eml(q184052(body));
    expect_crlf_only(composed.bytes);  // the lone CR is encoded, never written bare
    EXPECT_TRUE(contains(composed.bytes, "Content-Transfer-Encoding: quoted-printable"));
    const auto parsed = parse(composed.bytes);
    EXPECT_EQ(decoded_content(g_mime_message_get_mime_part(parsed.get())), body);
}

TEST(EmlComposer, ReceiptAndUnknownHeadersAreKept) {
    const std::string body = "x";
    ccm::Message message = q184052(body);
    message.receipt_requested = true;
    message.headers.push_back(unknown_header("Priority", "High"));
    const ComposedMessage composed = compose_eml(message);
    EXPECT_TRUE(has_header_line(composed.bytes, "X-CCMail-Receipt-Requested: yes"));
    EXPECT_TRUE(has_header_line(composed.bytes, "X-CCMail-Unknown-Header: Priority: High"));
}

TEST(EmlComposer, ControlCharactersCannotBreakHeaders) {
    const std::string body = "x";
    ccm::Message message = q184052(body);
    message.subject = "Hello\r\nBcc: victim@example.com";
    message.from[0].raw = "Grewal, Jeff at Hub\r\nExporting messages";
    const ComposedMessage composed = compose_eml(message);
    expect_crlf_only(composed.bytes);
    EXPECT_FALSE(contains(composed.bytes, "\r\nBcc:"));
    EXPECT_FALSE(contains(composed.bytes, "\r\nExporting"));
    const auto parsed = parse(composed.bytes);
    EXPECT_EQ(internet_address_list_length(g_mime_message_get_bcc(parsed.get())), 0);
}

TEST(EmlComposer, MissingSenderIsAWarning) {
    const std::string body = "x";
    ccm::Message message = q184052(body);
    message.from.clear();
    const ComposedMessage composed = compose_eml(message);
    EXPECT_FALSE(header_block(composed.bytes).starts_with("From:"));
    EXPECT_FALSE(contains(header_block(composed.bytes), "\r\nFrom:"));
    ASSERT_EQ(composed.warnings.size(), 1u);
}

// Forwarded items carry the forwarded message in Import/Export text (the generator's form).
ccm::Item forwarded_item(std::string_view bytes) {
    ccm::Item item;
    item.kind = ccm::ItemKind::other;
    item.keyword = "Forwarded item";
    item.title = "FW: Another message";
    item.data = bytes;
    return item;
}

TEST(EmlComposer, ForwardedMessageBecomesMessageRfc822) {
    const std::string inner = ccm::write_ccm_message(q184052("The forwarded text\r\n")).bytes;
    auto message = q184052("See below\r\n");
    message.items.push_back(forwarded_item(inner));
    const auto composed = compose_eml(message);
    EXPECT_TRUE(composed.warnings.empty());
    auto parsed = parse(composed.bytes);
    ASSERT_TRUE(parsed);
    auto* multipart = as<GMimeMultipart>(g_mime_message_get_mime_part(parsed.get()));
    ASSERT_EQ(g_mime_multipart_get_count(multipart), 2);
    GMimeObject* part = g_mime_multipart_get_part(multipart, 1);
    ASSERT_TRUE(is_type(part, "message", "rfc822"));
    GMimeMessage* embedded = g_mime_message_part_get_message(as<GMimeMessagePart>(part));
    ASSERT_NE(embedded, nullptr);
    EXPECT_STREQ(g_mime_message_get_subject(embedded), "Another message");
}

TEST(EmlComposer, ForwardedBytesThatAreNoMessageAreAttachedAsTextWithAWarning) {
    auto message = q184052("See below\r\n");
    message.items.push_back(forwarded_item("not an Import/Export message\r\n"));
    const auto composed = compose_eml(message);
    ASSERT_EQ(composed.warnings.size(), 1u);
    EXPECT_NE(composed.warnings.front().find("attached as text"), std::string::npos);
    auto parsed = parse(composed.bytes);
    auto* multipart = as<GMimeMultipart>(g_mime_message_get_mime_part(parsed.get()));
    ASSERT_EQ(g_mime_multipart_get_count(multipart), 2);
    EXPECT_TRUE(is_type(g_mime_multipart_get_part(multipart, 1), "text", "plain"));
}

TEST(EmlComposer, GivenMessageIdAndProvenanceHeadersAreWritten) {
    ComposeOptions options;
    options.message_id = message_id_for_identity(std::string(64, 'a'));
    options.provenance.emplace_back("X-CCSalvage-Repair-Status", "as found");
    const auto composed = compose_eml(q184052("x\r\n"), options);
    EXPECT_EQ(composed.message_id, std::string(32, 'a') + "@ccsalvage.invalid");
    EXPECT_NE(composed.bytes.find("X-CCSalvage-Repair-Status: as found\r\n"), std::string::npos);
}

// ---------------------------------------------------------------------------------------------
// One message with every feature at once: read back with GMime's parser, every header and part
// must give back what went in; its exact bytes are a golden file.

using testing::ccm_address;

// An item of another kind than text and file (forwarded message, fax, ...).
ccm::Item other_item(std::string keyword, std::string title, std::string_view data) {
    ccm::Item item;
    item.kind = ccm::ItemKind::other;
    item.keyword = std::move(keyword);
    item.title = std::move(title);
    item.data = data;
    return item;
}

struct RichMessage {
    // CP850: 0x81 = ü, 0xE1 = ß, 0x84 = ä; bare LF and a lone CR in the text.
    const std::string text =
        "Gr\x81\xE1"
        "e aus M\x81"
        "nchen,\nanbei die Zahlen.\r\nZweite Zeile\rdr\x81"
        "ber\r\n";
    const std::string workbook = [] {
        std::string bytes = "WK4\x00\x01\x02\xff\r\n\x1a";
        for (int i = 0; i < 700; ++i) bytes.push_back(static_cast<char>(i * 13));
        return bytes;
    }();
    const std::string readme = "plain file\r\n";
    const std::string budget = "1997;100\r\n1998;120\r\n";
    const std::string fax = "\x0a\x05\x01\x01 fax page";
    const std::string unclaimed = "Exporting messages in mailbox";
    const std::string inner_text = "The forwarded text\r\n";
    const std::string inner_file = "inner attachment bytes\x00\x01";
    std::string forwarded;  // the inner message in Import/Export form
    std::string workbook_name;
    ccm::Message inner;
    ccm::Message message;

    RichMessage() {
        std::string name =
            "\xC3\x9C"  // Ü
            "bersicht Vertriebsergebnisse ";
        for (int i = 0; i < 4; ++i) name += "\xC3\xA4\xC3\xB6\xC3\xBC\xE6\x97\xA5 ";  // äöü日
        workbook_name = name + "1997.wk4";

        inner.from.push_back(ccm_address(ccm::AddressKind::post_office_user, "Admin", "HUBPO2"));
        inner.to.push_back(ccm_address(ccm::AddressKind::post_office_user, "Grewal, Jeff", "Hub"));
        inner.date = date("6/1/98 17:05", 1998, 6, 1, 17, 5);
        inner.subject = "Zahlen f\xC3\xBCr Juni";
        inner.has_contents = true;
        inner.items.push_back(text_item(inner_text));
        inner.items.push_back(file_item(inner_file, "NOTES.BIN", "6/1/98 5:00PM"));
        forwarded = ccm::write_ccm_message(inner).bytes;

        message.from.push_back(
            ccm_address(ccm::AddressKind::post_office_user, "Grewal, Jeff", "Hub"));
        message.to.push_back(ccm_address(ccm::AddressKind::post_office_user,
                                         "M\xC3\xBCller, J\xC3\xB6rg", "Z\xC3\xBCrich"));
        message.to.push_back(ccm_address(ccm::AddressKind::internet, "Pat O'Brien", "SMTPGW",
                                         "pat.obrien@example.com"));
        message.to.push_back(ccm_address(ccm::AddressKind::bulletin_board, "Sales", "HQ"));
        for (const char* user : {"Lindqvist, Ingrid", "Castano, Angel", "Overgaard, Elodie",
                                 "Zimmermann, Francois", "Aberg, Heinz"}) {
            message.to.push_back(ccm_address(ccm::AddressKind::post_office_user, user, "MUNICH"));
        }
        message.cc.push_back(ccm_address(ccm::AddressKind::local_name, "Admin", ""));
        message.bcc.push_back(
            ccm_address(ccm::AddressKind::post_office_user, "Weiss, Sofia \"Sofi\"", "OSLO"));
        message.date = date("6/2/98 8:39", 1998, 6, 2, 8, 39);
        message.subject =
            "Quartalszahlen f\xC3\xBCr M\xC3\xBCnchen und Z\xC3\xBCrich: bitte vor Freitag "
            "pr\xC3\xBC"
            "fen, sonst wird es knapp mit dem Bericht";
        message.receipt_requested = true;
        message.headers.push_back(unknown_header("Priority", "High"));
        message.has_contents = true;
        message.offset = 4096;
        message.items.push_back(text_item(text, "Notizen f\xC3\xBCr M\xC3\xBCller"));
        message.items.push_back(file_item(workbook, workbook_name, "5/6/97 3:10PM"));
        message.items.push_back(file_item(readme, "README.TXT", ""));
        message.items.push_back(file_item(budget, "Budget 1997 (final).xls", ""));
        message.items.push_back(
            other_item("Forwarded item", "FW: Zahlen f\xC3\xBCr Juni", forwarded));
        message.items.push_back(other_item("Fax item", "Page 1", fax));
        ccm::Item garbage;
        garbage.kind = ccm::ItemKind::unclaimed;
        garbage.data = unclaimed;
        message.items.push_back(garbage);
    }

    static ComposeOptions options() {
        ComposeOptions options;
        options.time_zone = "Europe/Berlin";
        options.source_file = "SALES1/CLANDATA";
        options.post_office = "SALES1";
        options.message_id = message_id_for_identity(std::string(64, 'c'));
        options.provenance.emplace_back("X-CCSalvage-Record", "message number 42");
        options.provenance.emplace_back("X-CCSalvage-Repair-Status", "as found");
        return options;
    }
};

std::string decoded_header(GMimeObject* object, const char* name) {
    const char* raw = g_mime_object_get_header(object, name);
    if (raw == nullptr) return "(absent)";
    char* decoded = g_mime_utils_header_decode_text(nullptr, raw);
    std::string out(decoded);
    g_free(decoded);
    return out;
}

void expect_mailboxes(InternetAddressList* list, const std::vector<ccm::Address>& source) {
    ASSERT_EQ(internet_address_list_length(list), static_cast<int>(source.size()));
    for (std::size_t i = 0; i < source.size(); ++i) {
        const MappedAddress mapped = map_address(source[i]);
        InternetAddress* got = internet_address_list_get_address(list, static_cast<int>(i));
        const char* name = internet_address_get_name(got);
        EXPECT_EQ(name == nullptr ? std::string() : std::string(name), mapped.display_name);
        EXPECT_STREQ(internet_address_mailbox_get_addr(as<InternetAddressMailbox>(got)),
                     mapped.addr_spec.c_str());
    }
}

TEST(EmlComposer, RichMessageReadsBackWithGMime) {
    const RichMessage rich;
    const ComposedMessage composed = compose_eml(rich.message, RichMessage::options());
    expect_crlf_only(composed.bytes);

    // Header lines stay within 78 columns (RFC 5322 2.1.1), every line within 998.
    bool in_headers = true;
    for (std::size_t start = 0, end = composed.bytes.find("\r\n"); end != std::string::npos;
         start = end + 2, end = composed.bytes.find("\r\n", start)) {
        const std::string_view line(composed.bytes.data() + start, end - start);
        EXPECT_LE(line.size(), 998u);
        if (in_headers) {
            EXPECT_LE(line.size(), 78u) << line;
        }
        if (line.empty()) in_headers = false;
        if (line.starts_with("--=-ccsalvage-")) in_headers = true;  // a part's headers follow
    }
    EXPECT_TRUE(all_ascii(composed.bytes.substr(0, composed.bytes.find("\r\n\r\n"))));

    const auto parsed = parse(composed.bytes);
    ASSERT_TRUE(parsed);
    GMimeObject* top = as<GMimeObject>(parsed.get());
    expect_mailboxes(g_mime_message_get_from(parsed.get()), rich.message.from);
    expect_mailboxes(g_mime_message_get_to(parsed.get()), rich.message.to);
    expect_mailboxes(g_mime_message_get_cc(parsed.get()), rich.message.cc);
    expect_mailboxes(g_mime_message_get_bcc(parsed.get()), rich.message.bcc);
    EXPECT_EQ(std::string(g_mime_message_get_subject(parsed.get())), rich.message.subject);
    GDateTime* when = g_mime_message_get_date(parsed.get());
    ASSERT_NE(when, nullptr);
    const auto placed = place_in_zone(*rich.message.date, "Europe/Berlin");
    ASSERT_TRUE(placed.has_value());
    EXPECT_EQ(g_date_time_to_unix(when), placed->utc_seconds);
    EXPECT_EQ(g_date_time_get_utc_offset(when) / G_TIME_SPAN_SECOND, 7200);
    EXPECT_STREQ(g_mime_message_get_message_id(parsed.get()),
                 (std::string(32, 'c') + "@ccsalvage.invalid").c_str());
    EXPECT_EQ(decoded_header(top, "X-CCMail-From"), "Grewal, Jeff at Hub");
    std::string raw_to;
    for (const auto& address : rich.message.to) {
        raw_to += (raw_to.empty() ? "" : ", ") + address.raw;
    }
    EXPECT_EQ(decoded_header(top, "X-CCMail-To"), raw_to);
    EXPECT_EQ(decoded_header(top, "X-CCMail-Cc"), "Admin");
    EXPECT_EQ(decoded_header(top, "X-CCMail-Bcc"), rich.message.bcc[0].raw);
    EXPECT_EQ(decoded_header(top, "X-CCMail-Date"), "6/2/98 8:39");
    EXPECT_EQ(decoded_header(top, "X-CCMail-Receipt-Requested"), "yes");
    EXPECT_EQ(decoded_header(top, "X-CCMail-Unknown-Header"), "Priority: High");
    EXPECT_EQ(decoded_header(top, "X-CCSalvage-Source"), "SALES1/CLANDATA offset 4096");
    EXPECT_EQ(decoded_header(top, "X-CCSalvage-Post-Office"), "SALES1");
    EXPECT_EQ(decoded_header(top, "X-CCSalvage-Record"), "message number 42");
    EXPECT_EQ(decoded_header(top, "X-CCSalvage-Repair-Status"), "as found");
    EXPECT_EQ(decoded_header(top, "X-CCSalvage-Unclaimed-Bytes"),
              std::to_string(rich.unclaimed.size()));

    const auto parts = leaf_parts(parsed.get());
    ASSERT_EQ(parts.size(), 6u);
    // The text: UTF-8, line ends CR LF, the lone CR kept (quoted-printable).
    EXPECT_TRUE(is_type(parts[0], "text", "plain"));
    EXPECT_EQ(decoded_content(parts[0]),
              "Grüße aus München,\r\nanbei die Zahlen.\r\nZweite Zeile\rdrüber\r\n");
    EXPECT_EQ(decoded_header(parts[0], "Content-Description"), "Notizen für Müller");
    // Attachments: the item bytes, the names (RFC 2231 for the non-ASCII one, quoted for the one
    // with blanks and parentheses).
    const std::vector<std::pair<std::string, std::string>> files = {
        {rich.workbook_name, rich.workbook},
        {"README.TXT", rich.readme},
        {"Budget 1997 (final).xls", rich.budget}};
    for (std::size_t i = 0; i < files.size(); ++i) {
        auto* part = as<GMimePart>(parts[i + 1]);
        EXPECT_TRUE(g_mime_part_is_attachment(part));
        EXPECT_EQ(std::string(g_mime_part_get_filename(part)), files[i].first);
        EXPECT_EQ(std::string(g_mime_object_get_content_type_parameter(parts[i + 1], "name")),
                  files[i].first);
        EXPECT_EQ(decoded_content(parts[i + 1]), files[i].second);
    }
    EXPECT_TRUE(is_type(parts[1], "application", "vnd.lotus-1-2-3"));
    EXPECT_TRUE(is_type(parts[2], "text", "plain"));
    EXPECT_TRUE(is_type(parts[3], "application", "vnd.ms-excel"));
    // The forwarded message, embedded whole.
    ASSERT_TRUE(is_type(parts[4], "message", "rfc822"));
    EXPECT_EQ(decoded_header(parts[4], "Content-Description"), "FW: Zahlen für Juni");
    GMimeMessage* embedded = g_mime_message_part_get_message(as<GMimeMessagePart>(parts[4]));
    ASSERT_NE(embedded, nullptr);
    EXPECT_EQ(std::string(g_mime_message_get_subject(embedded)), "Zahlen für Juni");
    expect_mailboxes(g_mime_message_get_from(embedded), rich.inner.from);
    const auto inner_parts = leaf_parts(embedded);
    ASSERT_EQ(inner_parts.size(), 2u);
    EXPECT_EQ(decoded_content(inner_parts[0]), rich.inner_text);
    EXPECT_EQ(std::string(g_mime_part_get_filename(as<GMimePart>(inner_parts[1]))), "NOTES.BIN");
    EXPECT_EQ(decoded_content(inner_parts[1]), rich.inner_file);
    // The fax: opaque, under its keyword.
    EXPECT_TRUE(is_type(parts[5], "application", "octet-stream"));
    EXPECT_EQ(std::string(g_mime_part_get_filename(as<GMimePart>(parts[5]))), "Fax item.bin");
    EXPECT_EQ(decoded_content(parts[5]), rich.fax);
    EXPECT_FALSE(contains(composed.bytes, rich.unclaimed));
}

// The exact bytes of the rich message: any change to the composed form shows here first. The
// file was written by the composer of the GMime object model (before the direct composer) and
// reproduced byte for byte by the direct one.
TEST(EmlComposer, RichMessageMatchesTheGoldenFile) {
    const RichMessage rich;
    const ComposedMessage composed = compose_eml(rich.message, RichMessage::options());
    std::ifstream golden(std::string(CCSALVAGE_GOLDEN_DIR) + "/mime/rich-message.eml",
                         std::ios::binary);
    ASSERT_TRUE(golden.is_open());
    std::ostringstream expected;
    expected << golden.rdbuf();
    EXPECT_EQ(composed.bytes, expected.str());
}

}  // namespace
}  // namespace ccsalvage::mime
