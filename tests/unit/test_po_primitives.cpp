// The primitives of the post office model: little-endian access, CRC-32, the scrambling
// keystream, DOS dates, text slots (docs/formats/post-office.md, sections 2, 4.6, 4.7).
#include <gtest/gtest.h>

#include "parsers/po/bytes.hpp"
#include "parsers/po/crc32.hpp"
#include "parsers/po/dos_time.hpp"
#include "parsers/po/scramble.hpp"
#include "parsers/po/text_field.hpp"
#include "parsers/po/text_scan.hpp"

namespace ccsalvage::po {
namespace {

std::string hex(std::string_view bytes) {
    static constexpr char kDigits[] = "0123456789ABCDEF";
    std::string out;
    for (const char c : bytes) {
        if (!out.empty()) out += ' ';
        out += kDigits[static_cast<unsigned char>(c) >> 4];
        out += kDigits[static_cast<unsigned char>(c) & 0xF];
    }
    return out;
}

TEST(PoBytes, ReadsLittleEndianAndRefusesToReadPastTheEnd) {
    const std::string b("\x01\x02\x03\x04\x05", 5);
    EXPECT_EQ(get_u16(b, 0), 0x0201);
    EXPECT_EQ(get_u32(b, 1), 0x05040302u);
    EXPECT_FALSE(get_u32(b, 2));
    EXPECT_FALSE(get_u8(b, 5));
    EXPECT_FALSE(get_u16(b, static_cast<std::size_t>(-1)));
    LeReader r(b);
    EXPECT_EQ(r.u32(), 0x04030201u);
    EXPECT_TRUE(r.ok());
    EXPECT_EQ(r.u16(), 0);  // only one byte left
    EXPECT_FALSE(r.ok());
    EXPECT_EQ(r.failed_at(), 4u);
    EXPECT_EQ(r.u8(), 0);  // latched
}

TEST(PoBytes, WritersCheckTheirBuffer) {
    std::string out(4, '\0');
    put_u32(out, 0, 0xA1B2C3D4u);
    EXPECT_EQ(hex(out), "D4 C3 B2 A1");
    EXPECT_THROW(put_u16(out, 3, 1), std::out_of_range);
    append_u16(out, 0x1234);
    EXPECT_EQ(hex(out), "D4 C3 B2 A1 34 12");
}

TEST(PoCrc32, TestVectorsOfSection46) {
    EXPECT_EQ(crc32("123456789"), 0xCBF43926u);
    EXPECT_EQ(crc32(""), 0u);
    EXPECT_EQ(crc32("56789", crc32("1234")), 0xCBF43926u);      // continuation
    EXPECT_EQ(crc32("This is the message body"), 0xC67B5DF0u);  // item CRC of message 179
}

TEST(PoScramble, WorkedExampleHubpo2OfSection47) {
    EXPECT_EQ(key_byte(0, 69), 0xBD);
    EXPECT_EQ(hex(scramble("HUBPO2", 0, 69)), "F5 C0 AD F7 AE F4");
}

TEST(PoScramble, ItemDataVectorOfSection47) {
    std::string key;
    for (std::uint32_t p = 0; p < 24; ++p) key.push_back(static_cast<char>(key_byte(3, p)));
    EXPECT_EQ(hex(key), "FE F5 C2 BF BD C2 F6 BD F1 81 F7 B6 A9 A8 E0 EE DF F3 B9 B6 BD 82 BF F7");
    EXPECT_EQ(hex(scramble("This is the message body", 3, 0)),
              "AA 9D AB CC 9D AB 85 9D 85 E9 92 96 C4 CD 93 9D BE 94 DC 96 DF ED DB 8E");
}

TEST(PoScramble, SenderKeyOfSection651) {
    std::string key;
    for (std::uint32_t p = 34; p <= 52; ++p) key.push_back(static_cast<char>(key_byte(6, p)));
    EXPECT_EQ(hex(key), "A1 C6 B2 E6 B2 B1 A4 A0 99 A8 A8 D5 FB DF 83 9C C7 C3 8C");
}

TEST(PoScramble, IsItsOwnInverseAndNeverPrintsAscii) {
    std::string ascii;
    for (int c = 0x20; c < 0x7F; ++c) ascii.push_back(static_cast<char>(c));
    const std::string stored = scramble(ascii, 12345, 17);
    for (const char c : stored) EXPECT_GE(static_cast<unsigned char>(c), 0x80);
    EXPECT_EQ(scramble(stored, 12345, 17), ascii);
    EXPECT_NE(scramble(ascii, 1, 17), stored);  // another seed, other bytes
}

TEST(PoScramble, LongRunsMatchTheKeyByteByByte) {
    // Long runs take the vectorised path (32 bytes a step) and a tail: every length around a
    // step, positions that wrap past 2^32, and seeds with high bits, checked against key_byte().
    for (const std::uint32_t seed : {0u, 7u, 0x80000001u, 0xFFFFFFFFu}) {
        for (const std::uint32_t first : {0u, 5u, 0xFFFFFFF0u}) {
            for (const std::size_t length : {31u, 32u, 33u, 64u, 95u, 1000u}) {
                std::string data;
                for (std::size_t i = 0; i < length; ++i) data.push_back(static_cast<char>(i * 7));
                std::string want = data;
                for (std::size_t i = 0; i < length; ++i) {
                    want[i] =
                        static_cast<char>(static_cast<std::uint8_t>(want[i]) ^
                                          key_byte(seed, first + static_cast<std::uint32_t>(i)));
                }
                EXPECT_EQ(scramble(data, seed, first), want)
                    << seed << " " << first << " " << length;
            }
        }
    }
}

TEST(PoDosTime, WorkedExampleOfSection2) {
    const DosDateTime v = pack(1998, 6, 2, 8, 39, 0);
    EXPECT_EQ(v.date, 0x24C2);
    EXPECT_EQ(v.time, 0x44E0);
    const DosFields f = unpack(v);
    EXPECT_EQ(f.year, 1998);
    EXPECT_EQ(f.month, 6);
    EXPECT_EQ(f.day, 2);
    EXPECT_EQ(f.hour, 8);
    EXPECT_EQ(f.minute, 39);
    EXPECT_EQ(check(v), DateCheck::ok);
}

TEST(PoDosTime, ImpossibleAndInvalidValuesAreToldApart) {
    EXPECT_EQ(check({0, 0}), DateCheck::ok);                              // no date
    EXPECT_EQ(check(pack(1999, 2, 31, 0, 0, 0)), DateCheck::impossible);  // 2/31/99 (Q233325)
    EXPECT_EQ(check(pack(2000, 2, 29, 0, 0, 0)), DateCheck::ok);
    EXPECT_EQ(check(pack(1999, 2, 29, 0, 0, 0)), DateCheck::impossible);
    EXPECT_EQ(check(pack(1999, 13, 1, 0, 0, 0)), DateCheck::invalid);
    EXPECT_EQ(check(pack(1999, 0, 1, 0, 0, 0)), DateCheck::invalid);
    EXPECT_EQ(check(pack(1999, 1, 0, 0, 0, 0)), DateCheck::invalid);
    EXPECT_EQ(check(pack(1999, 1, 1, 24, 0, 0)), DateCheck::invalid);
    EXPECT_EQ(check(pack(1999, 1, 1, 23, 60, 0)), DateCheck::invalid);
    EXPECT_EQ(check({pack(1999, 1, 1, 0, 0, 0).date, 30}), DateCheck::invalid);  // second 60
}

TEST(PoText, SlotRoundTripAndDamage) {
    std::string block(64, '\0');
    put_slot(block, 0, 64, "HUBPO2", 0, 68);
    EXPECT_EQ(hex(block.substr(0, 7)), "06 F5 C0 AD F7 AE F4");
    Slot s = decode_slot(block, 0, 68);
    EXPECT_EQ(s.text, "HUBPO2");
    EXPECT_FALSE(s.length_invalid);
    EXPECT_FALSE(s.padding_fault);
    block[20] = 'x';
    EXPECT_EQ(decode_slot(block, 0, 68).padding_fault, 20u);
    block[0] = 64;  // longer than the slot holds
    s = decode_slot(block, 0, 68);
    EXPECT_TRUE(s.length_invalid);
    EXPECT_EQ(s.text.size(), 63u);
    EXPECT_THROW(put_slot(block, 0, 8, "123456789", 0, 0), std::length_error);
}

TEST(PoText, Text16RoundTripAndCut) {
    std::string payload("\0\0", 2);
    append_text16(payload, "Another message", 6);
    LeReader r(payload, 2);
    Text16 t;
    EXPECT_TRUE(read_text16(r, 6, t));
    EXPECT_EQ(t.text, "Another message");
    EXPECT_EQ(t.offset, 4u);
    payload.resize(10);
    LeReader cut(payload, 2);
    EXPECT_FALSE(read_text16(cut, 6, t));
    EXPECT_TRUE(t.cut);
    EXPECT_EQ(t.text, "Anothe");
}

TEST(PoText, FoldingOnlyTouchesAsciiLetters) {
    EXPECT_EQ(fold_name("Grewal, Jeff \x81z"), "GREWAL, JEFF \x81Z");
}

TEST(PoTextScan, FindsRunsOfPrintableBytes) {
    const std::string b = std::string("\x80\x81", 2) + "Exporting\r\n" + std::string("\0abc", 4);
    const auto runs = printable_runs(b, 8);
    ASSERT_EQ(runs.size(), 1u);
    EXPECT_EQ(runs[0].start, 2u);
    EXPECT_EQ(runs[0].length, 11u);
    EXPECT_TRUE(printable_runs(b, 12).empty());
}

}  // namespace
}  // namespace ccsalvage::po
