#include "repair/scan/text_scanner.hpp"

#include <gtest/gtest.h>

#include <random>

namespace ccsalvage::scan {
namespace {

std::string random_bytes(std::size_t size, std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::string out(size, '\0');
    for (std::size_t i = 0; i < size; i += 8) {
        const auto v = rng();
        for (std::size_t k = 0; k < 8 && i + k < size; ++k) {
            out[i + k] = static_cast<char>((v >> (8 * k)) & 0xFF);
        }
    }
    return out;
}

const std::string kExportLine =
    "\r\n\r\nExporting messages in mailbox \"randyyeh_ee\" to file EXPORT\\MSG4A27.CCM\r\n";

TEST(TextScanner, NothingInSixtyFourMebibytesOfRandomBytes) {
    const auto data = random_bytes(64u << 20, 20261121);
    EXPECT_TRUE(scan_text(data).empty());
}

TEST(TextScanner, FindsConsoleTextAtExactOffsets) {
    auto data = random_bytes(1u << 20, 1);
    // Keep the bytes around each insertion non-printable, so the expected extent is exact.
    const std::vector<std::size_t> offsets = {0, 4096, 65537, 500000,
                                              (1u << 20) - kExportLine.size()};
    for (auto at : offsets) {
        if (at > 0) data[at - 1] = '\x80';
        data.replace(at, kExportLine.size(), kExportLine);
        if (at + kExportLine.size() < data.size()) data[at + kExportLine.size()] = '\x81';
    }
    const auto findings = scan_text(data);
    ASSERT_EQ(findings.size(), offsets.size());
    for (std::size_t i = 0; i < offsets.size(); ++i) {
        EXPECT_EQ(findings[i].offset, offsets[i]);
        EXPECT_EQ(findings[i].length, kExportLine.size());
        EXPECT_EQ(findings[i].kind, FindingKind::console_output);
        EXPECT_EQ(findings[i].phrase_id, "export-mailbox");
    }
}

TEST(TextScanner, StrayPrintableBytesAroundTheTextAreLeftOut) {
    auto data = std::string(200, '\x90');
    // 'A' and '+' before the line and "A+" after it are printable by accident (as in Q179072).
    const std::string noisy =
        "\x9A"
        "A+" +
        kExportLine + "A+\x16";
    data.replace(50, noisy.size(), noisy);
    const auto findings = scan_text(data);
    ASSERT_EQ(findings.size(), 1u);
    EXPECT_EQ(findings[0].offset, 53u);
    EXPECT_EQ(findings[0].length, kExportLine.size());
}

TEST(TextScanner, RunsAcrossTheThreadSplitAreReportedOnce) {
    auto data = random_bytes(8u << 20, 2);
    // The two-thread split of an 8 MiB input falls at 4 MiB; straddle it several ways.
    const std::size_t mid = 4u << 20;
    const std::vector<std::size_t> offsets = {mid - 40, mid + 1000};
    for (auto at : offsets) {
        data[at - 1] = '\x80';
        data.replace(at, kExportLine.size(), kExportLine);
        data[at + kExportLine.size()] = '\x81';
    }
    for (unsigned threads : {1u, 2u, 3u}) {
        ScanOptions options;
        options.threads = threads;
        const auto findings = scan_text(data, options);
        ASSERT_EQ(findings.size(), 2u) << threads << " threads";
        EXPECT_EQ(findings[0].offset, offsets[0]);
        EXPECT_EQ(findings[1].offset, offsets[1]);
    }
}

TEST(TextScanner, ReadingThroughABufferFindsTheSameAsTheMappedBytes) {
    // The filter pass over copies (ScanOptions::read) with windows that are not a multiple of
    // the 16-byte grid, lines across window ends and the thread split, and a reader that stops
    // short (a file that shrank): the same findings as the scan of the bytes themselves.
    auto data = random_bytes(3u << 20, 3);
    const std::vector<std::size_t> offsets = {16, 4090, 10000, (3u << 19) - 30, (3u << 20) - 200};
    for (auto at : offsets) {
        data[at - 1] = '\x80';
        data.replace(at, kExportLine.size(), kExportLine);
        data[at + kExportLine.size()] = '\x81';
    }
    for (const std::size_t stop_at : {data.size(), std::size_t{2} << 20}) {
        for (unsigned threads : {1u, 2u}) {
            ScanOptions options;
            options.threads = threads;
            options.read_window = 4100;
            std::size_t reads = 0;
            options.read = [&](std::uint64_t offset, char* into, std::size_t size) {
                ++reads;
                if (offset >= stop_at) return std::size_t{0};
                const std::size_t n = std::min<std::size_t>(size, stop_at - offset);
                data.copy(into, n, offset);
                return n;
            };
            const auto findings = scan_text(data, options);
            ASSERT_EQ(findings.size(), offsets.size()) << threads << " threads";
            for (std::size_t i = 0; i < offsets.size(); ++i) {
                EXPECT_EQ(findings[i].offset, offsets[i]);
                EXPECT_EQ(findings[i].length, kExportLine.size());
            }
            EXPECT_GT(reads, 500u);  // the filter did go through the reader
        }
    }
}

TEST(TextScanner, WordyTextWithoutPhraseIsATextRunButShortOrNonWordyIsNot) {
    std::string data(300, '\xF0');
    const std::string prose =
        "the quick brown fox jumps over the lazy dog and keeps running far away\r\n";
    data.replace(100, prose.size(), prose);
    auto findings = scan_text(data);
    ASSERT_EQ(findings.size(), 1u);
    EXPECT_EQ(findings[0].kind, FindingKind::text_run);
    std::string symbols(300, '\xF0');
    symbols.replace(100, 70, std::string(70, '#'));
    EXPECT_TRUE(scan_text(symbols).empty());
}

TEST(TextScanner, HexDumpLooksLikeDebug) {
    const std::string data = std::string(3, '\x01') + "Exporting";
    const auto dump = hex_dump(data, 3, 9, 0);
    EXPECT_EQ(dump.substr(0, 10), "00000000  ");
    EXPECT_NE(dump.find("45 78 70 6F 72-74 69"), std::string::npos);
    EXPECT_NE(dump.find("...Exporting"), std::string::npos);
}

}  // namespace
}  // namespace ccsalvage::scan
