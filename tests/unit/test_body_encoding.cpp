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

// GMime's encoder over the whole input in one call, line ends made CR LF: what the composer's
// sliced encoding must give byte for byte.
std::string gmime_encode_whole(const std::string& bytes, GMimeContentEncoding encoding) {
    GMimeEncoding state;
    g_mime_encoding_init_encode(&state, encoding);
    std::string lf(g_mime_encoding_outlen(&state, bytes.size()) + 256, '\0');
    lf.resize(g_mime_encoding_flush(&state, bytes.data(), bytes.size(), lf.data()));
    std::string out;
    for (char c : lf) {
        if (c == '\n') out.push_back('\r');
        out.push_back(c);
    }
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
    for (std::size_t size :
         {0u, 1u, 2u, 3u, 56u, 57u, 58u, 1000u, 49152u, 49153u, 65536u, 300000u}) {
        std::string bytes(size, '\0');
        for (auto& c : bytes) c = static_cast<char>(rng());
        std::string encoded;
        append_encoded(encoded, bytes, TransferEncoding::base64);
        expect_crlf_lines_within(encoded, 76);
        EXPECT_EQ(gmime_decode(encoded, GMIME_CONTENT_ENCODING_BASE64), bytes) << size;
        EXPECT_EQ(encoded, gmime_encode_whole(bytes, GMIME_CONTENT_ENCODING_BASE64)) << size;
    }
    bool lone_cr = false;
    // Longer than one encoder slice, with line ends and characters that need encoding across
    // the slice boundaries.
    std::string long_text;
    while (long_text.size() < 200000) long_text += "Grüße aus München = 100 %\n";
    const std::string long_canonical = canonical_line_ends(long_text, lone_cr);
    std::string long_encoded;
    append_encoded(long_encoded, long_canonical, TransferEncoding::quoted_printable);
    expect_crlf_lines_within(long_encoded, 76);
    EXPECT_EQ(gmime_decode(long_encoded, GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE), long_canonical);
    EXPECT_EQ(long_encoded,
              gmime_encode_whole(long_canonical, GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE));
    // A line end, a lone CR, a blank and a multi-byte character exactly on the slice boundary.
    for (const std::string& across :
         {std::string("\r\n"), std::string("\rx"), std::string(" \r\n"), std::string("ü")}) {
        for (std::size_t before : {49150u, 49151u, 49152u}) {
            const std::string straddling = std::string(before, 'a') + across + "tail\r\n";
            std::string straddling_encoded;
            append_encoded(straddling_encoded, straddling, TransferEncoding::quoted_printable);
            expect_crlf_lines_within(straddling_encoded, 76);
            EXPECT_EQ(gmime_decode(straddling_encoded, GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE),
                      straddling)
                << before;
            EXPECT_EQ(straddling_encoded,
                      gmime_encode_whole(straddling, GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE))
                << before;
        }
    }
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
