#include "mime/body_encoding.hpp"

#include <gmime/gmime.h>
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "mime/gmime_support.hpp"

namespace ccsalvage::mime {
namespace {

TEST(BodyEncoding, LineEndsBecomeCrLfAndLoneCrIsReported) {
    bool lone_cr = false;
    EXPECT_EQ(canonical_line_ends("a\nb\r\nc", lone_cr), "a\r\nb\r\nc");
    EXPECT_FALSE(lone_cr);
    EXPECT_EQ(canonical_line_ends("\n\n", lone_cr), "\r\n\r\n");
    EXPECT_FALSE(lone_cr);
    EXPECT_EQ(canonical_line_ends("over\rprinted\r", lone_cr), "over\rprinted\r");
    EXPECT_TRUE(lone_cr);
    lone_cr = false;
    EXPECT_EQ(canonical_line_ends("", lone_cr), "");
    EXPECT_FALSE(lone_cr);
}

// What GMime's part API answers for the same text (the composer asked it before), by name;
// GMime answers "default" for text that needs no encoding, which the composer states as 7bit.
std::string gmime_best(const std::string& text) {
    GObjectPtr<GMimePart> part(g_mime_part_new_with_type("text", "plain"));
    GObjectPtr<GMimeStream> stream(g_mime_stream_mem_new_with_buffer(text.data(), text.size()));
    GObjectPtr<GMimeDataWrapper> wrapper(
        g_mime_data_wrapper_new_with_stream(stream.get(), GMIME_CONTENT_ENCODING_DEFAULT));
    g_mime_part_set_content(part.get(), wrapper.get());
    const char* name = g_mime_content_encoding_to_string(
        g_mime_part_get_best_content_encoding(part.get(), GMIME_ENCODING_CONSTRAINT_7BIT));
    return name == nullptr ? "7bit" : name;
}

TEST(BodyEncoding, BestEncodingIsTheOneGMimeChooses) {
    g_mime_init();
    const std::vector<std::string> texts = {
        "",
        "plain ASCII text\r\n",
        "From the start of a line\r\n",
        "Grüße\r\n",
        "ÄÖÜäöüß€ mostly not ASCII",
        std::string("nul\0inside", 10),
        std::string(1200, 'x'),
        std::string(500, 'x') + "\r\n" + std::string(500, 'y'),
        "\x1a control characters \x1b",
    };
    for (const auto& text : texts) {
        EXPECT_EQ(transfer_encoding_name(best_text_encoding(text, false)), gmime_best(text))
            << text;
    }
    EXPECT_EQ(best_text_encoding("over\rprinted", true), TransferEncoding::quoted_printable);
}

std::string gmime_decode(const std::string& encoded, GMimeContentEncoding encoding) {
    GMimeEncoding state;
    g_mime_encoding_init_decode(&state, encoding);
    std::string out(g_mime_encoding_outlen(&state, encoded.size()) + 16, '\0');
    out.resize(g_mime_encoding_flush(&state, encoded.data(), encoded.size(), out.data()));
    return out;
}

void expect_crlf_lines_within(const std::string& encoded, std::size_t limit) {
    std::size_t start = 0;
    for (std::size_t i = 0; i < encoded.size(); ++i) {
        if (encoded[i] == '\n') {
            ASSERT_TRUE(i > 0 && encoded[i - 1] == '\r') << "bare LF at " << i;
            EXPECT_LE(i - 1 - start, limit);
            start = i + 1;
        } else if (encoded[i] == '\r') {
            ASSERT_TRUE(i + 1 < encoded.size() && encoded[i + 1] == '\n') << "bare CR at " << i;
        }
    }
}

TEST(BodyEncoding, Base64AndQuotedPrintableDecodeBackToTheBytes) {
    g_mime_init();
    std::mt19937 rng(11);
    for (std::size_t size : {0u, 1u, 2u, 3u, 56u, 57u, 58u, 1000u, 65536u}) {
        std::string bytes(size, '\0');
        for (auto& c : bytes) c = static_cast<char>(rng());
        std::string encoded;
        append_encoded(encoded, bytes, TransferEncoding::base64);
        expect_crlf_lines_within(encoded, 76);
        EXPECT_EQ(gmime_decode(encoded, GMIME_CONTENT_ENCODING_BASE64), bytes) << size;
    }
    bool lone_cr = false;
    const std::string text = canonical_line_ends(
        "Grüße =?x?= \t\nover\rprinted " + std::string(200, 'z') + " \n", lone_cr);
    std::string encoded;
    append_encoded(encoded, text, TransferEncoding::quoted_printable);
    expect_crlf_lines_within(encoded, 76);
    EXPECT_EQ(gmime_decode(encoded, GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE), text);
}

TEST(BodyEncoding, SevenBitIsAppendedAsItIs) {
    std::string out = "head\r\n";
    append_encoded(out, "body\r\n", TransferEncoding::seven_bit);
    EXPECT_EQ(out, "head\r\nbody\r\n");
    EXPECT_EQ(transfer_encoding_name(TransferEncoding::seven_bit), "7bit");
    EXPECT_EQ(transfer_encoding_name(TransferEncoding::quoted_printable), "quoted-printable");
    EXPECT_EQ(transfer_encoding_name(TransferEncoding::base64), "base64");
}

}  // namespace
}  // namespace ccsalvage::mime
