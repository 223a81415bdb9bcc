#include "core/codepage.hpp"

#include <gtest/gtest.h>
#include <unicode/ucnv.h>
#include <unicode/ustring.h>

#include <memory>
#include <optional>
#include <random>
#include <string>

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

// ICU's answer for the whole text at once, stopping at the first byte it cannot map (nullopt).
std::optional<std::string> icu_decode(const std::string& bytes, CodePage page) {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<UConverter, void (*)(UConverter*)> converter(
        ucnv_open(std::string(icu_converter_name(page)).c_str(), &status), ucnv_close);
    ucnv_setToUCallBack(converter.get(), UCNV_TO_U_CALLBACK_STOP, nullptr, nullptr, nullptr,
                        &status);
    std::u16string utf16(bytes.size() * 2 + 2, u'\0');
    const auto units =
        ucnv_toUChars(converter.get(), utf16.data(), static_cast<int32_t>(utf16.size()),
                      bytes.data(), static_cast<int32_t>(bytes.size()), &status);
    if (U_FAILURE(status)) return std::nullopt;
    std::string utf8(static_cast<std::size_t>(units) * 3, '\0');
    int32_t length = 0;
    u_strToUTF8(utf8.data(), static_cast<int32_t>(utf8.size()), &length, utf16.data(), units,
                &status);
    utf8.resize(static_cast<std::size_t>(length));
    return utf8;
}

// The single-byte pages decode by a table of ICU's answers per byte: the result must be what ICU
// gives for the whole text, and bytes ICU cannot map must still be reported where they are.
TEST(CodePage, SingleBytePagesDecodeExactlyAsIcuDoes) {
    std::mt19937 rng(5);
    for (CodePage page : {CodePage::cp850, CodePage::cp437, CodePage::cp1252}) {
        for (int round = 0; round < 200; ++round) {
            std::string bytes(static_cast<std::size_t>(rng() % 300), '\0');
            for (auto& c : bytes) c = static_cast<char>(rng());
            const DecodedText decoded = decode_to_utf8(bytes, page);
            const auto expected = icu_decode(bytes, page);
            if (expected) {
                EXPECT_EQ(decoded.utf8, *expected) << code_page_name(page);
                EXPECT_TRUE(decoded.undecodable_offsets.empty());
            } else {
                ASSERT_FALSE(decoded.undecodable_offsets.empty()) << code_page_name(page);
                const auto first = decoded.undecodable_offsets.front();
                EXPECT_FALSE(icu_decode(bytes.substr(first, 1), page).has_value());
                EXPECT_TRUE(icu_decode(bytes.substr(0, first), page).has_value());
            }
        }
    }
}

}  // namespace
}  // namespace ccsalvage
