#include "mime/body_parts.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/codepage.hpp"
#include "support/ccm_items.hpp"

namespace ccsalvage::mime {
namespace {

using testing::text_item;

TEST(BodyParts, TextIsDecodedAndAWholeBodyEndsWithALineEnd) {
    ComposeOptions options;  // CP850
    std::vector<std::string> warnings;
    const std::string bytes =
        "Gr\x81\xE1"
        "e\nzwei";
    EXPECT_EQ(text_part(text_item(bytes), 1, options, true, warnings).content, "Grüße\r\nzwei\r\n");
    EXPECT_EQ(text_part(text_item(bytes), 1, options, false, warnings).content, "Grüße\r\nzwei");
    EXPECT_EQ(text_part(text_item(""), 1, options, true, warnings).content, "");
    EXPECT_TRUE(warnings.empty());
    options.code_page = CodePage::cp932;
    EXPECT_EQ(text_part(text_item("\x93\xfa\x96\x7b"), 1, options, false, warnings).content,
              "日本");
    EXPECT_TRUE(warnings.empty());
    EXPECT_EQ(text_part(text_item("ab\x81\x20"), 3, options, false, warnings).content,
              "ab\xEF\xBF\xBD ");
    ASSERT_EQ(warnings.size(), 1u);
    EXPECT_NE(warnings[0].find("item 3"), std::string::npos);
}

TEST(BodyParts, AttachmentsAreTypedByExtensionAndNamedSafely) {
    const BodyPart sheet = attachment_part("x", "BUDGET.WK4", "");
    EXPECT_EQ(sheet.mime_type, "application/vnd.lotus-1-2-3");
    EXPECT_EQ(sheet.encoding, TransferEncoding::base64);
    EXPECT_EQ(attachment_part("x", "photo.JPG", "").mime_type, "image/jpeg");
    EXPECT_EQ(attachment_part("x", "noext", "").mime_type, "application/octet-stream");

    std::vector<std::string> warnings;
    ccm::Item item;
    item.kind = ccm::ItemKind::file;
    item.file_name = "bad\r\nname\x01.txt";
    EXPECT_EQ(attachment_name(item, 2, warnings), "bad__name_.txt");
    EXPECT_TRUE(warnings.empty());
    item.file_name.clear();
    EXPECT_EQ(attachment_name(item, 2, warnings), "attachment-2.bin");
    EXPECT_EQ(warnings.size(), 1u);
}

TEST(BodyParts, PartsAreWrittenWithTheirHeaders) {
    std::string out;
    write_part(out, attachment_part("abc", "README.TXT", "README.TXT 1/1/97"));
    EXPECT_EQ(out,
              "Content-Type: text/plain; name=README.TXT\r\n"
              "Content-Transfer-Encoding: base64\r\n"
              "Content-Disposition: attachment; filename=README.TXT\r\n"
              "Content-Description: README.TXT 1/1/97\r\n"
              "\r\n"
              "YWJj\r\n");
    out.clear();
    write_part(out, message_part("From: a@b.invalid\r\n\r\nbody\r\n", ""));
    EXPECT_EQ(out,
              "Content-Type: message/rfc822\r\nContent-Disposition: inline\r\n\r\n"
              "From: a@b.invalid\r\n\r\nbody\r\n");
}

}  // namespace
}  // namespace ccsalvage::mime
