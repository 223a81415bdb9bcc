#include "report/text_escape.hpp"

#include <gtest/gtest.h>

namespace ccsalvage::report {
namespace {

TEST(TextEscape, HtmlEscapesMarkupAndQuotes) {
    EXPECT_EQ(html_escape("<script>alert('x')</script> & \"y\""),
              "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;y&quot;");
}

TEST(TextEscape, HtmlReplacesControlBytesAndInvalidUtf8) {
    EXPECT_EQ(html_escape(std::string("a\0b\x1b", 4)),
              "a\xEF\xBF\xBD"
              "b\xEF\xBF\xBD");
    EXPECT_EQ(html_escape("line\r\nnext\ttab"), "line\r\nnext\ttab");
    // A CP850 byte that is not UTF-8, an overlong encoding of '<' and a lone surrogate.
    EXPECT_EQ(html_escape("\x81"), "\xEF\xBF\xBD");
    EXPECT_EQ(html_escape("\xC0\xBC"), "\xEF\xBF\xBD\xEF\xBF\xBD");
    EXPECT_EQ(html_escape("\xED\xA0\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
    EXPECT_EQ(html_escape("Überstunden"), "Überstunden");
}

TEST(TextEscape, MarkdownIsOneLineAndInert) {
    const auto md = markdown_escape("a|b\n# [link](javascript:x) <img src=x> `code` *bold*");
    EXPECT_EQ(md.find('\n'), std::string::npos);
    EXPECT_EQ(md.find("<img"), std::string::npos);
    EXPECT_NE(md.find("a\\|b"), std::string::npos);
    EXPECT_NE(md.find("\\[link\\]"), std::string::npos);
    EXPECT_NE(md.find("\\`code\\`"), std::string::npos);
}

TEST(TextEscape, MarkdownBoundsTheLength) {
    const std::string long_text(1000, 'x');
    const auto md = markdown_escape(long_text, 50);
    EXPECT_EQ(md, std::string(50, 'x') + "…");
    // A cut inside a multi-byte character does not leave half of it.
    EXPECT_EQ(markdown_escape("ab\xC3\x9C", 3), "ab…");
}

TEST(TextEscape, ValidUtf8KeepsValidText) {
    EXPECT_EQ(valid_utf8("plain ✓ text"), "plain ✓ text");
    EXPECT_EQ(valid_utf8("\xF5\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD");
}

}  // namespace
}  // namespace ccsalvage::report
