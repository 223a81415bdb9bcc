// Item bytes: regenerated identically however they are read, exactly the size asked, with the
// signature of the format they imitate; names and text fit CP850.
#include <gtest/gtest.h>

#include "core/codepage.hpp"
#include "core/sha256.hpp"
#include "samples/generator/items.hpp"
#include "samples/generator/random.hpp"
#include "samples/generator/timestamp.hpp"
#include "samples/generator/words.hpp"

namespace ccsalvage::generator {
namespace {

ItemSpec file_item(FileType type, std::uint64_t size, std::uint64_t seed) {
    ItemSpec spec;
    spec.kind = ItemKind::file;
    spec.file_type = type;
    spec.size = size;
    spec.seed = seed;
    return spec;
}

TEST(GeneratorItems, BytesDoNotDependOnHowTheyAreRead) {
    for (const FileType type : {FileType::doc, FileType::txt, FileType::zip, FileType::pcx}) {
        ItemSpec spec = file_item(type, 300001, 42);
        spec.keyword_lookalike = type != FileType::txt;
        const std::string whole = item_bytes(spec);
        ASSERT_EQ(whole.size(), spec.size);
        std::string streamed;
        stream_item(
            spec, [&](std::string_view chunk) { streamed.append(chunk); }, 4093);
        EXPECT_EQ(whole, streamed) << to_string(type);
        EXPECT_EQ(item_sha256(spec), sha256_hex(whole));
    }
    ItemSpec text;
    text.kind = ItemKind::text;
    text.size = 20480;
    text.seed = 99;
    std::string odd;
    stream_item(
        text, [&](std::string_view chunk) { odd.append(chunk); }, 1);
    EXPECT_EQ(odd, item_bytes(text));
}

TEST(GeneratorItems, StartWithTheirFormatSignature) {
    EXPECT_EQ(item_bytes(file_item(FileType::doc, 5000, 1)).substr(0, 4), "\xD0\xCF\x11\xE0");
    EXPECT_EQ(item_bytes(file_item(FileType::zip, 5000, 1)).substr(0, 4), "PK\x03\x04");
    EXPECT_EQ(item_bytes(file_item(FileType::pcx, 5000, 1))[0], '\x0A');
    EXPECT_EQ(item_bytes(file_item(FileType::wpd, 5000, 1)).substr(0, 4), "\xFFWPC");
    EXPECT_EQ(item_bytes(file_item(FileType::wk4, 5000, 1)).substr(0, 4),
              std::string("\0\0\x1A\0", 4));
    // A zip ends with its end-of-central-directory record.
    const std::string zip = item_bytes(file_item(FileType::zip, 5000, 1));
    EXPECT_EQ(zip.substr(zip.size() - 22, 4), "PK\x05\x06");
    // Tiny items are cut, never padded.
    EXPECT_EQ(item_bytes(file_item(FileType::doc, 3, 1)), "\xD0\xCF\x11");
    EXPECT_EQ(item_bytes(file_item(FileType::zip, 0, 1)), "");
}

TEST(GeneratorItems, LookalikesAreInsideTheData) {
    ItemSpec spec = file_item(FileType::wpd, 10000, 7);
    spec.keyword_lookalike = true;
    const std::string bytes = item_bytes(spec);
    const bool found = bytes.find("\r\nMessage:\r\n") != std::string::npos ||
                       bytes.find("\r\nText item:\r\n") != std::string::npos;
    EXPECT_TRUE(found);
}

TEST(GeneratorItems, ForwardedItemsHoldAMessage) {
    const std::string bytes = forwarded_message_bytes(5);
    EXPECT_EQ(bytes.rfind("Message:\r\n", 0), 0U);
    EXPECT_NE(bytes.find("Contents:\r\n"), std::string::npos);
    EXPECT_EQ(bytes, forwarded_message_bytes(5));
}

TEST(GeneratorWords, NamesAndProseFitCp850) {
    Rng rng(1234);
    for (int i = 0; i < 500; ++i) {
        for (const std::string& text :
             {words::person_name(rng), words::exchange_person_name(rng), words::subject(rng),
              words::folder_name(rng), words::sentence(rng)}) {
            EXPECT_TRUE(encode_from_utf8(text, CodePage::cp850).unmappable_offsets.empty()) << text;
        }
    }
    std::string prose;
    words::append_prose_cp850(rng, prose, 5000);
    EXPECT_EQ(prose.size(), 5000U);
}

TEST(GeneratorRandom, HelpersStayInRange) {
    Rng rng(77);
    for (int i = 0; i < 10000; ++i) {
        const auto v = rng.between(5, 9);
        EXPECT_GE(v, 5U);
        EXPECT_LE(v, 9U);
        const auto s = rng.log_uniform(5, 20000);
        EXPECT_GE(s, 5U);
        EXPECT_LE(s, 20000U);
    }
    // The engine's sequence is fixed by the standard: a change here changes every sample.
    Rng fixed(1);
    EXPECT_EQ(fixed.next(), 2469588189546311528ULL);
}

TEST(GeneratorTime, CalendarRoundTrips) {
    const Timestamp t{1998, 6, 2, 8, 39, 0};
    EXPECT_EQ(from_minutes(to_minutes(t)).day, 2);
    EXPECT_EQ(ccm_date(t), "6/2/98 8:39");
    EXPECT_EQ(file_stamp(Timestamp{1997, 5, 6, 15, 10, 0}), "5/6/97 3:10PM");
    EXPECT_EQ(iso_time(from_minutes(to_minutes(Timestamp{2000, 2, 29, 23, 59, 0}))),
              "2000-02-29T23:59:00");
    EXPECT_EQ(nft_date(t), "06-02-98");
}

}  // namespace
}  // namespace ccsalvage::generator
