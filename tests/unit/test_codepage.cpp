#include "core/codepage.hpp"

#include <gtest/gtest.h>

namespace ccsalvage {
namespace {

TEST(CodePage, ParsesNames) {
    EXPECT_EQ(parse_code_page("850"), CodePage::cp850);
    EXPECT_EQ(parse_code_page("CP437"), CodePage::cp437);
    EXPECT_EQ(parse_code_page("ibm850"), CodePage::cp850);
    EXPECT_EQ(parse_code_page("windows-1252"), CodePage::cp1252);
    EXPECT_EQ(parse_code_page("cp932"), CodePage::cp932);
    EXPECT_FALSE(parse_code_page("utf-8"));
    EXPECT_FALSE(parse_code_page(""));
}

TEST(CodePage, DecodesCp850AndCp437Differently) {
    // 0x94 is ö in both; 0x9B is ø in CP850 but ¢ in CP437.
    EXPECT_EQ(decode_to_utf8("\x94", CodePage::cp850).utf8, "ö");
    EXPECT_EQ(decode_to_utf8("\x9b", CodePage::cp850).utf8, "ø");
    EXPECT_EQ(decode_to_utf8("\x9b", CodePage::cp437).utf8, "¢");
}

TEST(CodePage, EverySingleByteValueDecodesInCp850) {
    std::string all;
    for (int i = 0; i < 256; ++i) all.push_back(static_cast<char>(i));
    const auto decoded = decode_to_utf8(all, CodePage::cp850);
    EXPECT_TRUE(decoded.undecodable_offsets.empty());
}

TEST(CodePage, ReportsUndecodableDbcsBytesAtTheirOffset) {
    // "ab" + an invalid Shift-JIS lead/trail pair + "c"
    const auto decoded = decode_to_utf8(std::string("ab\x81\x20"
                                                    "c"),
                                        CodePage::cp932);
    ASSERT_EQ(decoded.undecodable_offsets.size(), 1u);
    EXPECT_EQ(decoded.undecodable_offsets[0], 2u);
    EXPECT_NE(decoded.utf8.find("\xEF\xBF\xBD"), std::string::npos);  // U+FFFD kept in place
    EXPECT_EQ(decode_to_utf8("\x93\xfa\x96\x7b", CodePage::cp932).utf8, "日本");
}

TEST(CodePage, EncodesAndCountsUnmappable) {
    const auto encoded = encode_from_utf8("Müller €", CodePage::cp850);
    EXPECT_EQ(encoded.bytes, "M\x81ller ?");
    ASSERT_EQ(encoded.unmappable_offsets.size(), 1u);
    EXPECT_EQ(encoded.unmappable_offsets[0], 8u);
    EXPECT_EQ(
        decode_to_utf8(encode_from_utf8("Ça va", CodePage::cp850).bytes, CodePage::cp850).utf8,
        "Ça va");
}

}  // namespace
}  // namespace ccsalvage
