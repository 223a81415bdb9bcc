#include "export/json_text.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace ccsalvage::exporting {
namespace {

std::string by_nlohmann(const std::string& text) {
    return nlohmann::json(text).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string direct(const std::string& text) {
    std::string out;
    append_json_string(out, text);
    return out;
}

// The journal's keys hold \x1e and \x1f separators; every byte 0..0x7F, quotes and backslashes,
// UTF-8 and invalid UTF-8 must come out exactly as nlohmann writes them.
TEST(JsonText, EveryAsciiByteAsNlohmannWritesIt) {
    for (int c = 0; c < 0x80; ++c) {
        const std::string text = "a" + std::string(1, static_cast<char>(c)) + "b";
        EXPECT_EQ(direct(text), by_nlohmann(text)) << "byte " << c;
    }
}

TEST(JsonText, KeysUtf8AndInvalidBytes) {
    for (const std::string& text : {std::string("0123abcd\x1epo\x1fuser\x1fInbox\x1f"
                                                "3"),
                                    std::string("M\xc3\xbcller \"quoted\" back\\slash"),
                                    std::string("bad \xff byte"), std::string()}) {
        EXPECT_EQ(direct(text), by_nlohmann(text));
    }
}

TEST(JsonText, AppendsAfterWhatIsThere) {
    std::string out = "{\"key\":";
    append_json_string(out, "k\n");
    EXPECT_EQ(out, "{\"key\":\"k\\n\"");
}

// nlohmann's decoder decides what is valid UTF-8 for the journal: a strict dump throws on
// exactly the strings is_valid_utf8 refuses. Every string of up to three bytes over an alphabet
// of the bytes that matter at UTF-8 boundaries, and longer well-formed sequences.
TEST(JsonText, ValidUtf8AsNlohmannDecides) {
    const std::vector<unsigned char> bytes = {0x00, 0x41, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf,
                                              0xc0, 0xc1, 0xc2, 0xdf, 0xe0, 0xe1, 0xec, 0xed, 0xee,
                                              0xef, 0xf0, 0xf1, 0xf3, 0xf4, 0xf5, 0xff};
    const auto strict_ok = [](const std::string& text) {
        try {
            (void)nlohmann::json(text).dump();
            return true;
        } catch (const nlohmann::json::type_error&) {
            return false;
        }
    };
    std::vector<std::string> texts;
    for (const auto a : bytes) {
        texts.emplace_back(1, static_cast<char>(a));
        for (const auto b : bytes) {
            texts.push_back({static_cast<char>(a), static_cast<char>(b)});
            for (const auto c : bytes) {
                texts.push_back({static_cast<char>(a), static_cast<char>(b), static_cast<char>(c)});
            }
        }
    }
    for (const char* text : {"\xf0\x90\x80\x80", "\xf4\x8f\xbf\xbf", "\xf4\x90\x80\x80",
                             "\xf0\x8f\xbf\xbf", "\xee\x80\x80\xf3\xbf\xbf\xbf"}) {
        texts.emplace_back(text);
    }
    for (const auto& text : texts) {
        ASSERT_EQ(is_valid_utf8(text), strict_ok(text)) << ::testing::PrintToString(text);
        ASSERT_EQ(direct(text), by_nlohmann(text)) << ::testing::PrintToString(text);
    }
}

TEST(JsonText, NumbersAsNlohmannWritesThem) {
    for (const std::uint64_t n : {std::uint64_t{0}, std::uint64_t{9}, std::uint64_t{10},
                                  std::uint64_t{4294967296}, ~std::uint64_t{0}}) {
        std::string out;
        append_json_number(out, n);
        EXPECT_EQ(out, nlohmann::json(n).dump());
    }
}

}  // namespace
}  // namespace ccsalvage::exporting
