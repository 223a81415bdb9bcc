#include "mime/body_encoding.hpp"

#include <gmime/gmime.h>

#include <cstring>
#include <memory>

#include "mime/gmime_support.hpp"

namespace ccsalvage::mime {

std::string_view transfer_encoding_name(TransferEncoding encoding) {
    switch (encoding) {
        case TransferEncoding::quoted_printable:
            return "quoted-printable";
        case TransferEncoding::base64:
            return "base64";
        case TransferEncoding::seven_bit:
            break;
    }
    return "7bit";
}

std::string canonical_line_ends(std::string_view text, bool& lone_cr) {
    std::string out;
    out.reserve(text.size() + text.size() / 32 + 2);
    std::size_t i = 0;
    while (i < text.size()) {
        // Copy the run up to the next CR or LF in one go.
        std::size_t end = i;
        while (end < text.size() && text[end] != '\r' && text[end] != '\n') ++end;
        out.append(text.data() + i, end - i);
        if (end == text.size()) break;
        if (text[end] == '\r') {
            if (end + 1 < text.size() && text[end + 1] == '\n') {
                out += "\r\n";
                i = end + 2;
                continue;
            }
            lone_cr = true;
            out.push_back('\r');
        } else {
            out += "\r\n";
        }
        i = end + 1;
    }
    return out;
}

TransferEncoding best_text_encoding(std::string_view canonical_text, bool lone_cr) {
    if (lone_cr) return TransferEncoding::quoted_printable;
    // GMime's own statistics filter (the one g_mime_part_get_best_content_encoding uses), kept
    // per thread and reset for each text instead of a GMime part and stream per text.
    thread_local const GObjectPtr<GMimeFilter> filter(
        gmime().g_mime_filter_best_new(GMIME_FILTER_BEST_ENCODING));
    gmime().g_mime_filter_reset(filter.get());
    // The filter only reads its input (it hands the same buffer back as its output).
    char* input = const_cast<char*>(canonical_text.data());
    char* output = nullptr;
    std::size_t output_length = 0;
    std::size_t output_prespace = 0;
    gmime().g_mime_filter_complete(filter.get(), input, canonical_text.size(), 0, &output,
                                   &output_length, &output_prespace);
    switch (gmime().g_mime_filter_best_encoding(as<GMimeFilterBest>(filter.get()),
                                                GMIME_ENCODING_CONSTRAINT_7BIT)) {
        case GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE:
            return TransferEncoding::quoted_printable;
        case GMIME_CONTENT_ENCODING_BASE64:
            return TransferEncoding::base64;
        default:
            return TransferEncoding::seven_bit;
    }
}

namespace {

// GMime's encoders write LF; every LF in their output is a line end (the encoded data itself
// holds no CR or LF), so each becomes CR LF.
void append_with_crlf(std::string& out, const char* data, std::size_t size) {
    const char* end = data + size;
    while (data < end) {
        const auto* lf =
            static_cast<const char*>(std::memchr(data, '\n', static_cast<std::size_t>(end - data)));
        if (lf == nullptr) {
            out.append(data, static_cast<std::size_t>(end - data));
            return;
        }
        out.append(data, static_cast<std::size_t>(lf - data));
        out += "\r\n";
        data = lf + 1;
    }
}

}  // namespace

void append_encoded(std::string& out, std::string_view bytes, TransferEncoding encoding) {
    if (encoding == TransferEncoding::seven_bit) {
        out.append(bytes);
        return;
    }
    const GMimeContentEncoding gmime_encoding = encoding == TransferEncoding::base64
                                                    ? GMIME_CONTENT_ENCODING_BASE64
                                                    : GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE;
    GMimeEncoding state;
    const GMimeFunctions& gmime_functions = gmime();
    gmime_functions.g_mime_encoding_init_encode(&state, gmime_encoding);
    // The bytes go through the encoder in slices, into one scratch buffer per thread of a fixed
    // size: no allocation per part, and a huge attachment does not leave a huge buffer behind.
    constexpr std::size_t kSlice = 48 * 1024;
    thread_local std::string scratch;
    const std::size_t needed = gmime_functions.g_mime_encoding_outlen(&state, kSlice) + 256;
    if (scratch.size() < needed) scratch.resize(needed);
    std::size_t at = 0;
    while (bytes.size() - at > kSlice) {
        const std::size_t written =
            gmime_functions.g_mime_encoding_step(&state, bytes.data() + at, kSlice, scratch.data());
        append_with_crlf(out, scratch.data(), written);
        at += kSlice;
    }
    const std::size_t written = gmime_functions.g_mime_encoding_flush(
        &state, bytes.data() + at, bytes.size() - at, scratch.data());
    append_with_crlf(out, scratch.data(), written);
}

}  // namespace ccsalvage::mime
