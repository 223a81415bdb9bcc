#include "mime/content_parameters.hpp"

#include <gmime/gmime.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace ccsalvage::mime {
namespace {

// GMime's own Content-Type writer, for values it writes in plain form (ASCII, shorter than a
// line).
std::string gmime_content_type(const char* type, const char* subtype, const char* parameter,
                               const std::string& value) {
    GMimeContentType* content_type = g_mime_content_type_new(type, subtype);
    g_mime_content_type_set_parameter(content_type, parameter, value.c_str());
    GMimeFormatOptions* format = g_mime_format_options_new();
    g_mime_format_options_set_newline_format(format, GMIME_NEWLINE_FORMAT_DOS);
    char* encoded = g_mime_content_type_encode(content_type, format);
    std::string out = std::string("Content-Type:") + encoded;
    g_free(encoded);
    g_mime_format_options_free(format);
    g_object_unref(content_type);
    return out;
}

TEST(ContentParameters, PlainValuesAreWrittenAsGMimeWritesThem) {
    g_mime_init();
    std::vector<std::string> values = {"README.TXT",
                                       "Budget 1997 (final).xls",
                                       "quote\"and\\backslash.doc",
                                       "{braces}|pipe~tilde.bin",
                                       "=-ccsalvage-0123456789abcdef01234567",
                                       "semi;colon,comma.txt"};
    for (std::size_t length = 40; length < 78; length += 3) {
        values.push_back(std::string(length, 'n') + ".doc");
        values.push_back(std::string(length / 2, 'n') + " " + std::string(length / 2, 'm'));
    }
    for (const auto& value : values) {
        if (value.size() >= 78) continue;  // GMime uses RFC 2231 there; see below
        std::string out;
        append_content_header(out, "Content-Type", "application/vnd.lotus-1-2-3",
                              {{"name", value}});
        EXPECT_EQ(out, gmime_content_type("application", "vnd.lotus-1-2-3", "name", value))
            << value;
    }
}

// Decodes the RFC 2231 segments of one parameter back into the value.
std::string join_segments(const std::vector<std::string>& segments) {
    std::string out;
    for (const auto& segment : segments) {
        std::string value = segment.substr(segment.find('=') + 1);
        if (value.starts_with("utf-8''")) value.erase(0, 7);
        for (std::size_t i = 0; i < value.size(); ++i) {
            if (value[i] == '%') {
                out.push_back(static_cast<char>(std::stoi(value.substr(i + 1, 2), nullptr, 16)));
                i += 2;
            } else {
                out.push_back(value[i]);
            }
        }
    }
    return out;
}

TEST(ContentParameters, Rfc2231SegmentsHoldWholeCharactersAndFitTheLine) {
    std::string name = "Übersicht";
    for (int i = 0; i < 20; ++i) name += " äöü日本";
    const auto segments = rfc2231_parameter("filename", name);
    ASSERT_GT(segments.size(), 1u);
    for (std::size_t n = 0; n < segments.size(); ++n) {
        EXPECT_TRUE(segments[n].starts_with("filename*" + std::to_string(n) + "*="));
        EXPECT_LE(segments[n].size() + 2, 78u);  // "\t" before, ";" after
        const std::string part = join_segments({segments[n]});
        EXPECT_TRUE(g_utf8_validate(part.data(), static_cast<gssize>(part.size()), nullptr));
    }
    EXPECT_EQ(join_segments(segments), name);
    EXPECT_EQ(rfc2231_parameter("name", "Ü.txt"),
              std::vector<std::string>{"name*=utf-8''%C3%9C.txt"});
}

TEST(ContentParameters, NonAsciiAndOverlongValuesGoOutInRfc2231Form) {
    std::string out;
    append_content_header(out, "Content-Disposition", "attachment", {{"filename", "Ü.txt"}});
    EXPECT_EQ(out, "Content-Disposition: attachment;\r\n\tfilename*=utf-8''%C3%9C.txt\r\n");

    const std::string long_name = std::string(100, 'x') + ".doc";
    out.clear();
    append_content_header(out, "Content-Type", "application/msword", {{"name", long_name}});
    EXPECT_TRUE(out.starts_with("Content-Type: application/msword;\r\n\tname*0*=utf-8''xxx"));
    for (std::size_t start = 0, end = out.find("\r\n"); end != std::string::npos;
         start = end + 2, end = out.find("\r\n", start)) {
        EXPECT_LE(end - start, 78u);
    }
}

}  // namespace
}  // namespace ccsalvage::mime
