#include "mime/header_encoding.hpp"

#include <gmime/gmime.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "mime/gmime_support.hpp"
#include "mime/header_text.hpp"

namespace ccsalvage::mime {
namespace {

struct GFree {
    void operator()(void* p) const { g_free(p); }
};
std::string take(char* text) {
    const std::unique_ptr<char, GFree> owned(text);
    return owned ? std::string(owned.get()) : std::string();
}

// Header text of the kinds evidence holds: plain, blanks at the ends and inside, long words,
// things that look like encoded words, specials, non-ASCII.
const std::vector<std::string>& corpus() {
    static const std::vector<std::string> texts = [] {
        std::vector<std::string> out = {
            "",
            "Another message",
            "two  blanks inside",
            " leading blank",
            "trailing blank ",
            "=?utf-8?q?looks_encoded?=",
            "a=?b",
            "question? equals= both =?",
            "\"quoted\" (comment) <angle> [square] ; , : \\ @",
            "Grüße aus München",
            "Zimmermann, François at HUB",
            "日本語のテキスト",
            "Re: Re: Fwd: AW: Quarterly figures for the auditors, please review before Friday "
            "and send them back",
            "#Sales at HQ",
        };
        for (std::size_t length : {69u, 70u, 71u, 76u, 77u, 78u, 79u, 85u, 100u}) {
            out.push_back(std::string(length, 'x'));
            out.push_back("word " + std::string(length, 'y') + " word");
        }
        return out;
    }();
    return texts;
}

TEST(HeaderEncoding, UnstructuredTextIsEncodedExactlyAsGMimeDoes) {
    g_mime_init();
    for (const auto& text : corpus()) {
        EXPECT_EQ(encode_unstructured(text),
                  take(g_mime_utils_header_encode_text(nullptr, text.c_str(), "utf-8")))
            << text;
    }
}

TEST(HeaderEncoding, UnstructuredHeadersAreFoldedExactlyAsGMimeDoes) {
    g_mime_init();
    for (const auto& text : corpus()) {
        std::string out;
        append_unstructured_header(out, "Subject", text);
        const std::string encoded =
            take(g_mime_utils_header_encode_text(nullptr, header_safe(text).c_str(), "utf-8"));
        std::string expected;
        append_lf_as_crlf(expected, take(g_mime_utils_unstructured_header_fold(
                                        nullptr, nullptr, ("Subject: " + encoded).c_str())));
        EXPECT_EQ(out, expected) << text;
    }
}

TEST(HeaderEncoding, ControlCharactersCannotEndTheHeaderLine) {
    std::string out;
    append_unstructured_header(out, "Subject", "Hello\r\nBcc: victim@example.com\x00x");
    EXPECT_EQ(out.find("\r\nBcc"), std::string::npos);
    EXPECT_EQ(out.find('\r'), out.size() - 2);
}

TEST(HeaderEncoding, PhrasesAreQuotedOrEncodedByGMime) {
    g_mime_init();
    EXPECT_EQ(encode_phrase("Admin"), "Admin");
    EXPECT_EQ(encode_phrase("Grewal, Jeff"), "\"Grewal, Jeff\"");
    const std::string encoded = encode_phrase("Müller, Jörg");
    EXPECT_TRUE(encoded.starts_with("=?UTF-8?")) << encoded;
    EXPECT_EQ(take(g_mime_utils_header_decode_phrase(nullptr, encoded.c_str())), "Müller, Jörg");
}

// The same mailboxes written by GMime's own address list writer (what the composer used before).
std::string gmime_mailbox_header(const char* name, const std::vector<EncodedMailbox>& boxes,
                                 const std::vector<std::string>& display_names) {
    GObjectPtr<InternetAddressList> list(internet_address_list_new());
    for (std::size_t i = 0; i < boxes.size(); ++i) {
        GObjectPtr<InternetAddress> mailbox(internet_address_mailbox_new(
            display_names[i].empty() ? nullptr : display_names[i].c_str(),
            boxes[i].addr_spec.c_str()));
        internet_address_set_charset(mailbox.get(), "utf-8");
        internet_address_list_add(list.get(), mailbox.get());
    }
    GMimeFormatOptions* format = g_mime_format_options_new();
    g_mime_format_options_set_newline_format(format, GMIME_NEWLINE_FORMAT_DOS);
    ::GString* text = g_string_new(name);
    g_string_append(text, ": ");
    internet_address_list_encode(list.get(), format, text);
    std::string out(text->str, text->len);
    g_string_free(text, TRUE);
    g_mime_format_options_free(format);
    return out;
}

TEST(HeaderEncoding, MailboxListsAreFoldedExactlyAsGMimeFoldsThem) {
    g_mime_init();
    const std::vector<std::string> names = {
        "Grewal, Jeff",
        "",
        "Müller, Jörg",
        "Admin",
        "#Sales",
        "A very long display name that alone takes up most of a header line, truly",
        "Zimmermann, François",
        "Weiss, Sofia \"Sofi\"",
        "Ein sehr langer Anzeigename mit Umlauten: Ärger, Öl, Übermut und noch mehr Wörter "
        "dahinter"};
    const std::vector<std::string> addresses = {
        "jeff.grewal@hub.ccmail.invalid",
        "user@example.com",
        "jorg.muller@zurich.ccmail.invalid",
        "admin@local.ccmail.invalid",
        "bb.sales@hq.ccmail.invalid",
        "a.very.long.display.name.that.alone.takes.up.most@of.a.header.line.invalid",
        "francois.zimmermann@munich.ccmail.invalid",
        "sofia.sofi.weiss@oslo.ccmail.invalid",
        "ein.sehr.langer@anzeigename.invalid"};
    // Every prefix of the list, under a short and a long header name.
    for (const char* header : {"To", "X-Very-Long-Header-Name-For-Testing"}) {
        for (std::size_t count = 1; count <= names.size(); ++count) {
            std::vector<EncodedMailbox> boxes;
            std::vector<std::string> display;
            for (std::size_t i = 0; i < count; ++i) {
                boxes.push_back({names[i].empty() ? "" : encode_phrase(names[i]), addresses[i]});
                display.push_back(names[i]);
            }
            std::vector<const EncodedMailbox*> pointers;
            for (const auto& box : boxes) pointers.push_back(&box);
            std::string out;
            append_mailbox_header(out, header, pointers);
            EXPECT_EQ(out, gmime_mailbox_header(header, boxes, display)) << count;
        }
    }
}

TEST(HeaderEncoding, NoMailboxesNoHeader) {
    std::string out;
    append_mailbox_header(out, "Cc", {});
    EXPECT_EQ(out, "");
}

TEST(HeaderEncoding, LfBecomesCrLf) {
    std::string out;
    append_lf_as_crlf(out, "a\nb\n\nc");
    EXPECT_EQ(out, "a\r\nb\r\n\r\nc");
}

}  // namespace
}  // namespace ccsalvage::mime
