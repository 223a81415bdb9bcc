#include "parsers/ccm/line_scan.hpp"

#include <gtest/gtest.h>

namespace ccsalvage::ccm {
namespace {

TEST(LineScan, LineEndsCrLfLfAndNone) {
    const std::string_view bytes = "ab\r\ncd\nef";
    auto l = line_at(bytes, 0);
    EXPECT_EQ(l.content, "ab");
    EXPECT_EQ(l.eol_length(), 2u);
    l = line_at(bytes, l.next);
    EXPECT_EQ(l.content, "cd");
    EXPECT_EQ(l.eol_length(), 1u);
    l = line_at(bytes, l.next);
    EXPECT_EQ(l.content, "ef");
    EXPECT_EQ(l.eol_length(), 0u);
    EXPECT_EQ(l.next, bytes.size());
}

TEST(LineScan, ItemKeywords) {
    auto k = parse_item_keyword("Text item:");
    ASSERT_TRUE(k);
    EXPECT_EQ(k->keyword, "Text item");
    EXPECT_EQ(k->title, "");
    k = parse_item_keyword("File item: Budget 1998.wk4 5/6/98 3:10PM");
    ASSERT_TRUE(k);
    EXPECT_EQ(k->keyword, "File item");
    EXPECT_EQ(k->title, "Budget 1998.wk4 5/6/98 3:10PM");
    k = parse_item_keyword("Forwarded message item: Re: plans");
    ASSERT_TRUE(k);
    EXPECT_EQ(k->keyword, "Forwarded message item");
    EXPECT_FALSE(parse_item_keyword("Subject: Fax item: urgent"));
    EXPECT_FALSE(parse_item_keyword("item:"));
    EXPECT_FALSE(parse_item_keyword("t item:"));
    EXPECT_FALSE(parse_item_keyword("ext item:"));
    EXPECT_FALSE(parse_item_keyword("Text item"));
    EXPECT_FALSE(parse_item_keyword(std::string(200, 'a') + " item:"));
}

TEST(LineScan, HeadersAndSizes) {
    auto h = parse_header_line("From: Doe, Jane at HQ");
    ASSERT_TRUE(h);
    EXPECT_EQ(h->keyword, "From");
    EXPECT_EQ(h->value, "Doe, Jane at HQ");
    h = parse_header_line("RRT:");
    ASSERT_TRUE(h);
    EXPECT_EQ(h->value, "");
    EXPECT_FALSE(parse_header_line("no keyword here"));
    EXPECT_FALSE(parse_header_line(": value"));

    auto s = parse_size_line("179");
    ASSERT_TRUE(s);
    EXPECT_EQ(s->value, 179u);
    s = parse_size_line("   ");
    ASSERT_TRUE(s);
    EXPECT_TRUE(s->blank);
    s = parse_size_line("99999999999999999999999");
    ASSERT_TRUE(s);
    EXPECT_TRUE(s->overflow);
    EXPECT_FALSE(parse_size_line("12a"));
    EXPECT_FALSE(parse_size_line("From: x"));
}

TEST(LineScan, FindsKeywordLinesOnlyAtLineStarts) {
    const std::string bytes = "xx Message:\r\nyyy\r\nText item:\r\n12\r\n";
    EXPECT_EQ(find_next_keyword_line(bytes, 0, false), bytes.find("Text item:"));
    // Strong search wants a size line after an item keyword.
    const std::string weak = "zz\r\nText item:\r\nnot a size\r\n";
    EXPECT_EQ(find_next_keyword_line(weak, 0, false), weak.find("Text"));
    EXPECT_EQ(find_next_keyword_line(weak, 0, true), weak.size());
}

}  // namespace
}  // namespace ccsalvage::ccm
