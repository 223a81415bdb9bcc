#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "parsers/ccm/message.hpp"
#include "parsers/ccm/writer.hpp"
#include "support/ccm_items.hpp"

namespace ccsalvage::ccm {
namespace {

using namespace std::string_literals;

HeaderField header(std::string keyword, std::string value) {
    HeaderField field;
    field.keyword = std::move(keyword);
    field.value = std::move(value);
    return field;
}

Address address(std::string raw) {
    Address result;
    result.raw = std::move(raw);
    return result;
}

using testing::text_item;

// The layout of KB Q184052, with the sizes ccsalvage's convention gives:
//   contents = "Text item:\r\n" (12) + "24\r\n" (4) + 24 data bytes + "\r\n" (2) = 42
//   message  = From line (27) + Date line (19) + To line (21) + Subject line (26)
//            + "Contents:\r\n" (11) + "42\r\n" (4) + contents (42) = 150
const std::string kQ184052 =
    "Message:\r\n"
    "150\r\n"
    "From: Grewal, Jeff at Hub\r\n"
    "Date: 6/2/98 8:39\r\n"
    "To: Admin at HUBPO2\r\n"
    "Subject: Another message\r\n"
    "Contents:\r\n"
    "42\r\n"
    "Text item:\r\n"
    "24\r\n"
    "This is the message body\r\n";

constexpr std::string_view kBody = "This is the message body";

TEST(CcmWriter, Q184052LayoutFromHeaderFields) {
    Message message;
    message.headers = {header("From", "Grewal, Jeff at Hub"), header("Date", "6/2/98 8:39"),
                       header("To", "Admin at HUBPO2"), header("Subject", "Another message")};
    message.items.push_back(text_item(kBody));

    const WriteResult result = write_ccm_message(message);
    EXPECT_EQ(result.bytes, kQ184052);
    EXPECT_EQ(result.unmappable_characters, 0u);

    // The sizes agree with the bytes, counted the way the header comment says.
    const auto after_message_size = kQ184052.find("150\r\n") + 5;
    EXPECT_EQ(kQ184052.size() - after_message_size, 150u);
    const auto after_contents_size = kQ184052.find("42\r\n") + 4;
    EXPECT_EQ(kQ184052.size() - after_contents_size, 42u);
}

TEST(CcmWriter, SynthesizesHeadersFromStructuredFields) {
    Message message;
    message.from.push_back(address("Grewal, Jeff at Hub"));
    Date date;
    date.raw = "6/2/98 8:39";
    message.date = date;
    message.to.push_back(address("Admin at HUBPO2"));
    message.subject = "Another message";
    message.items.push_back(text_item(kBody));

    EXPECT_EQ(write_ccm_message(message).bytes, kQ184052);
}

TEST(CcmWriter, SynthesizedHeadersJoinAddressesAndMarkReceipt) {
    Message message;
    message.from.push_back(address("Grewal, Jeff at Hub"));
    message.to.push_back(address("Admin at HUBPO2"));
    message.to.push_back(address("Doe, Jane at HUB"));
    message.cc.push_back(address("#Sales"));
    message.bcc.push_back(address("Ccuser at DB8"));
    message.receipt_requested = true;

    const WriterOptions unsized{CodePage::cp850, CodePage::cp850, false};
    EXPECT_EQ(write_ccm_message(message, unsized).bytes,
              "Message:\r\n"
              "From: Grewal, Jeff at Hub\r\n"
              "To: Admin at HUBPO2, Doe, Jane at HUB\r\n"
              "Cc: #Sales\r\n"
              "Bcc: Ccuser at DB8\r\n"
              "Subject:\r\n"
              "RRT:\r\n"
              "Contents:\r\n"s);
}

TEST(CcmWriter, KeepsRecordedHeaderOrderAndUnknownKeywords) {
    Message message;
    message.headers = {header("From", "A at PO"), header("X-Odd", "kept"), header("RRT", ""),
                       header("Subject", "")};
    const WriterOptions unsized{CodePage::cp850, CodePage::cp850, false};
    EXPECT_EQ(write_ccm_message(message, unsized).bytes,
              "Message:\r\nFrom: A at PO\r\nX-Odd: kept\r\nRRT:\r\nSubject:\r\nContents:\r\n");
}

TEST(CcmWriter, FileItemBytesAreWrittenVerbatimWithExactSize) {
    // Binary data that looks like keywords: only the size delimits it.
    const std::string binary = "\x00\x01\xff\r\nMessage:\r\n\x1a Text item:\r\n\x81\x82"s;
    ASSERT_EQ(binary.size(), 31u);

    Message message;
    message.headers = {header("From", "A at PO")};
    Item file;
    file.kind = ItemKind::file;
    file.keyword = "File item";
    file.file_name = "Abc.wk4";
    file.file_stamp = "5/6/97 3:10PM";
    file.data = binary;
    message.items.push_back(file);

    // A different target page must not touch file bytes.
    const WriterOptions options{CodePage::cp437, CodePage::cp850, true};
    const WriteResult result = write_ccm_message(message, options);
    const std::string contents = "File item: Abc.wk4 5/6/97 3:10PM\r\n31\r\n"s + binary + "\r\n";
    const std::string body =
        "From: A at PO\r\nContents:\r\n" + std::to_string(contents.size()) + "\r\n" + contents;
    EXPECT_EQ(result.bytes, "Message:\r\n" + std::to_string(body.size()) + "\r\n" + body);
    EXPECT_EQ(result.unmappable_characters, 0u);
    EXPECT_NE(result.bytes.find(binary), std::string::npos);
}

TEST(CcmWriter, FileItemTitleIsTheRawLineWhenRecorded) {
    Message message;
    Item file;
    file.kind = ItemKind::file;
    file.keyword = "File item";
    file.title = "Budget 1997 v2.wk4 5-6-97 3:10PM";
    file.file_name = "ignored when the raw line is there";
    file.data = "xy";
    message.items.push_back(file);
    Item bare;
    bare.kind = ItemKind::file;
    bare.keyword = "File item";
    bare.file_name = "NOSTAMP.TXT";
    bare.data = "z";
    message.items.push_back(bare);

    const WriterOptions unsized{CodePage::cp850, CodePage::cp850, false};
    EXPECT_EQ(write_ccm_message(message, unsized).bytes,
              "Message:\r\nFrom:\r\nTo:\r\nSubject:\r\nContents:\r\n"
              "File item: Budget 1997 v2.wk4 5-6-97 3:10PM\r\nxy\r\n"
              "File item: NOSTAMP.TXT\r\nz\r\n");
}

TEST(CcmWriter, EncodesHeadersAndTitlesToTheTargetCodePage) {
    Message message;
    message.headers = {header("From", "Müller, Jörg at Zürich"), header("Subject", "Grüße")};
    message.items.push_back(text_item("", "Notizen für Müller"));

    const WriterOptions unsized{CodePage::cp850, CodePage::cp850, false};
    const WriteResult result = write_ccm_message(message, unsized);
    // CP850: ü = 0x81, ö = 0x94, ß = 0xE1.
    EXPECT_EQ(result.bytes,
              "Message:\r\n"
              "From: M\x81ller, J\x94rg at Z\x81rich\r\n"
              "Subject: Gr\x81\xE1"
              "e\r\n"
              "Contents:\r\n"
              "Text item: Notizen f\x81r M\x81ller\r\n"
              "\r\n"s);
    EXPECT_EQ(result.unmappable_characters, 0u);
}

TEST(CcmWriter, ConvertsTextItemsBetweenCodePages) {
    // "Müller" in CP850 (ü = 0x81) written for a CP1252 post office (ü = 0xFC).
    const std::string cp850 = "M\x81ller";
    Message message;
    message.headers = {header("Subject", "Müller")};
    message.items.push_back(text_item(cp850));

    const WriterOptions convert{CodePage::cp1252, CodePage::cp850, true};
    const WriteResult converted = write_ccm_message(message, convert);
    EXPECT_NE(converted.bytes.find("Subject: M\xFCller\r\n"), std::string::npos);
    EXPECT_NE(converted.bytes.find("Text item:\r\n6\r\nM\xFCller\r\n"), std::string::npos);
    EXPECT_EQ(converted.unmappable_characters, 0u);

    // Same page on both sides: the bytes are copied, never round-tripped through Unicode.
    const WriterOptions same{CodePage::cp850, CodePage::cp850, true};
    const WriteResult copied = write_ccm_message(message, same);
    EXPECT_NE(copied.bytes.find("Subject: M\x81ller\r\n"), std::string::npos);
    EXPECT_NE(copied.bytes.find("Text item:\r\n6\r\nM\x81ller\r\n"), std::string::npos);
}

TEST(CcmWriter, CountsUnmappableCharacters) {
    Message message;
    // The euro sign and a CJK character exist in no DOS Latin page: each becomes one '?'.
    message.headers = {header("Subject", "Preis 5 € 日")};
    const std::string text = "x";
    message.items.push_back(text_item(text, "€"));

    const WriterOptions unsized{CodePage::cp437, CodePage::cp437, false};
    const WriteResult result = write_ccm_message(message, unsized);
    EXPECT_EQ(result.unmappable_characters, 3u);
    EXPECT_NE(result.bytes.find("Subject: Preis 5 ? ?\r\n"), std::string::npos);
    EXPECT_NE(result.bytes.find("Text item: ?\r\nx\r\n"), std::string::npos);
}

TEST(CcmWriter, UnsizedFormWritesNoSizeLines) {
    Message message;
    message.headers = {header("From", "Grewal, Jeff at Hub"), header("Date", "6/2/98 8:39"),
                       header("To", "Admin at HUBPO2"), header("Subject", "Another message")};
    message.items.push_back(text_item(kBody, "Notes"));

    const WriterOptions unsized{CodePage::cp850, CodePage::cp850, false};
    EXPECT_EQ(write_ccm_message(message, unsized).bytes,
              "Message:\r\n"
              "From: Grewal, Jeff at Hub\r\n"
              "Date: 6/2/98 8:39\r\n"
              "To: Admin at HUBPO2\r\n"
              "Subject: Another message\r\n"
              "Contents:\r\n"
              "Text item: Notes\r\n"
              "This is the message body\r\n");
}

TEST(CcmWriter, EmptyTextItemHasSizeZero) {
    Message message;
    message.headers = {header("From", "A at PO")};
    message.items.push_back(text_item(""));

    // contents = "Text item:\r\n" (12) + "0\r\n" (3) + "\r\n" (2) = 17
    // message  = "From: A at PO\r\n" (15) + "Contents:\r\n" (11) + "17\r\n" (4) + 17 = 47
    EXPECT_EQ(write_ccm_message(message).bytes,
              "Message:\r\n47\r\nFrom: A at PO\r\nContents:\r\n17\r\nText item:\r\n0\r\n\r\n");
}

TEST(CcmWriter, NoItemsGiveAnEmptyContentsSection) {
    Message message;
    message.headers = {header("From", "A at PO")};
    // message = "From: A at PO\r\n" (15) + "Contents:\r\n" (11) + "0\r\n" (3) = 29
    EXPECT_EQ(write_ccm_message(message).bytes,
              "Message:\r\n29\r\nFrom: A at PO\r\nContents:\r\n0\r\n");
}

TEST(CcmWriter, SkipsUnclaimedBytesAndKeepsOtherItems) {
    Message message;
    message.headers = {header("From", "A at PO")};
    Item unclaimed;
    unclaimed.kind = ItemKind::unclaimed;
    unclaimed.data = "garbage between items";
    message.items.push_back(unclaimed);
    Item fax;
    fax.kind = ItemKind::other;
    fax.keyword = "Fax item";
    fax.title = "Page 1";
    fax.data = "\x0a\x05";
    message.items.push_back(fax);

    const WriteResult result = write_ccm_message(message);
    EXPECT_EQ(result.bytes.find("garbage"), std::string::npos);
    // contents = "Fax item: Page 1\r\n" (18) + "2\r\n" (3) + 2 + "\r\n" (2) = 25
    EXPECT_EQ(result.bytes,
              "Message:\r\n55\r\nFrom: A at PO\r\nContents:\r\n25\r\n"
              "Fax item: Page 1\r\n2\r\n\x0a\x05\r\n");
}

}  // namespace
}  // namespace ccsalvage::ccm
