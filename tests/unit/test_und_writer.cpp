// write_und_entry: the rejection lines go before the message's own headers and the Message:
// size counts them; the rest is exactly what the .ccm writer writes.
#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "parsers/ccm/writer.hpp"
#include "parsers/und/und.hpp"
#include "support/test_files.hpp"

namespace ccsalvage::und {
namespace {

ccm::HeaderField header(std::string keyword, std::string value) {
    ccm::HeaderField field;
    field.keyword = std::move(keyword);
    field.value = std::move(value);
    return field;
}

ccm::Message q184052_message() {
    static constexpr std::string_view kMessageBody = "This is the message body";
    ccm::Message message;
    message.headers = {header("From", "Grewal, Jeff at Hub"), header("Date", "6/2/98 8:39"),
                       header("To", "Admin at HUBPO2"), header("Subject", "Another message")};
    ccm::Item item;
    item.kind = ccm::ItemKind::text;
    item.keyword = "Text item";
    item.data = kMessageBody;
    message.items.push_back(item);
    return message;
}

UndEntry full_entry() {
    UndEntry entry;
    entry.message = q184052_message();
    entry.reason = "Header Buffer Full";
    entry.source_file = "IMPORT\\MSG4A27.CCM";
    entry.rejected_at = "6/2/98 8:41";
    entry.result_code = 1;
    return entry;
}

// The declared size after "Message:" and the bytes that really follow its size line.
std::pair<std::uint64_t, std::uint64_t> message_size(const std::string& bytes) {
    const auto size_start = bytes.find("\r\n") + 2;
    const auto size_end = bytes.find("\r\n", size_start);
    return {std::stoull(bytes.substr(size_start, size_end - size_start)),
            bytes.size() - (size_end + 2)};
}

TEST(UndWriter, RejectionLinesBeforeTheHeadersAndCountedInTheSize) {
    const std::string bytes = write_und_entry(full_entry());
    // The .ccm writer's message is 150 bytes after its size line (test_ccm_writer.cpp); the
    // four lines add 35 + 33 + 23 + 16 bytes.
    EXPECT_EQ(bytes,
              "Message:\r\n"
              "257\r\n"
              "Undeliverable: Header Buffer Full\r\n"
              "Import-File: IMPORT\\MSG4A27.CCM\r\n"
              "Rejected: 6/2/98 8:41\r\n"
              "Result-Code: 1\r\n"
              "From: Grewal, Jeff at Hub\r\n"
              "Date: 6/2/98 8:39\r\n"
              "To: Admin at HUBPO2\r\n"
              "Subject: Another message\r\n"
              "Contents:\r\n"
              "42\r\n"
              "Text item:\r\n"
              "24\r\n"
              "This is the message body\r\n");
    const auto [declared, actual] = message_size(bytes);
    EXPECT_EQ(declared, actual);
}

TEST(UndWriter, TheMessagePartIsTheCcmWritersOwn) {
    const UndEntry entry = full_entry();
    const std::string und = write_und_entry(entry);
    const std::string ccm = ccm::write_ccm_message(entry.message).bytes;
    const auto from = ccm.find("From:");
    EXPECT_EQ(und.substr(und.find("From:")), ccm.substr(from));
}

TEST(UndWriter, EmptyFieldsAreNotWritten) {
    UndEntry entry = full_entry();
    entry.source_file.clear();
    entry.result_code.reset();
    const std::string bytes = write_und_entry(entry);
    EXPECT_EQ(bytes.find("Import-File:"), std::string::npos);
    EXPECT_EQ(bytes.find("Result-Code:"), std::string::npos);
    EXPECT_NE(bytes.find("Undeliverable: Header Buffer Full\r\nRejected: 6/2/98 8:41\r\nFrom:"),
              std::string::npos);
    const auto [declared, actual] = message_size(bytes);
    EXPECT_EQ(declared, actual);

    // Nothing to say: exactly the .ccm message.
    UndEntry bare;
    bare.message = q184052_message();
    EXPECT_EQ(write_und_entry(bare), ccm::write_ccm_message(bare.message).bytes);
}

TEST(UndWriter, ResultCodeZeroIsWritten) {
    UndEntry entry = full_entry();
    entry.result_code = 0;
    EXPECT_NE(write_und_entry(entry).find("Result-Code: 0\r\nFrom:"), std::string::npos);
}

TEST(UndWriter, UnsizedFormHasNoSizeLine) {
    ccm::WriterOptions options;
    options.item_sizes = false;
    const std::string bytes = write_und_entry(full_entry(), options);
    EXPECT_EQ(bytes.rfind("Message:\r\nUndeliverable: Header Buffer Full\r\n", 0), 0u);
}

TEST(UndWriter, LineEndsInsideValuesBecomeBlanks) {
    UndEntry entry = full_entry();
    entry.reason = "Header\r\nBuffer Full";
    const std::string bytes = write_und_entry(entry);
    EXPECT_NE(bytes.find("Undeliverable: Header  Buffer Full\r\n"), std::string::npos);
    const auto [declared, actual] = message_size(bytes);
    EXPECT_EQ(declared, actual);
}

TEST(UndWriter, ValuesAreWrittenInTheCodePage) {
    UndEntry entry = full_entry();
    entry.reason = "Empfänger unbekannt";  // recipient unknown
    const std::string bytes = write_und_entry(entry);
    EXPECT_NE(bytes.find("Undeliverable: Empf\x84nger unbekannt\r\n"), std::string::npos);
    const auto [declared, actual] = message_size(bytes);
    EXPECT_EQ(declared, actual);
}

TEST(UndWriter, LeadingRejectionHeadersAreReplacedNotRepeated) {
    // A message read by the plain .ccm reader from a .und still carries its rejection lines.
    UndEntry entry = full_entry();
    auto& headers = entry.message.headers;
    headers.insert(headers.begin(), header("Undeliverable", "stale reason"));
    headers.insert(headers.begin(), header("result-code", "9"));
    const std::string bytes = write_und_entry(entry);
    EXPECT_EQ(bytes, write_und_entry(full_entry()));
}

TEST(UndWriter, RewritesTheSampleByteForByte) {
    // The sample script writes the layout by hand; reading its entries and writing them again
    // must give the same bytes, sizes included.
    const std::string bytes = testing::sample("und/loop.und");
    std::string rewritten;
    EventLog log;
    read_und(bytes, "loop.und", {}, log,
             [&](const UndEntry& entry) { rewritten += write_und_entry(entry); });
    EXPECT_EQ(rewritten.size(), bytes.size());
    EXPECT_TRUE(rewritten == bytes);
}

}  // namespace
}  // namespace ccsalvage::und
