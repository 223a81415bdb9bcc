#include "export/json_text.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

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

}  // namespace
}  // namespace ccsalvage::exporting
