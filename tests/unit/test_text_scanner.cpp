#include "repair/scan/text_scanner.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <stdexcept>

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

TEST(TextScanner, FindsTheSameOnBytesWithoutHighBitsAtEveryPlaceOfTheBlockGroups) {
    // The filter rejects four blocks at a time on their high bits and tests a block without
    // one in full. Here no byte has its high bit set: 9 in 10 are printable, the rest control
    // characters, so almost every block reaches the full test and many pass it (runs too short
    // or not wordy enough to report). Console lines start at every place of a 64-byte group
    // (shifts 0 to 79), across read windows of 4,100 bytes, and across the thread split (3 MiB
    // and 16 bytes for 6 MiB): each is found once, at its offset, by every way of scanning.
    std::mt19937_64 rng(64);
    std::string data(6u << 20, '\0');
    for (auto& c : data) {
        const auto v = rng();
        c = v % 10 < 9 ? static_cast<char>(0x20 + (v >> 8) % 95)
                       : static_cast<char>(1 + (v >> 8) % 8);
    }
    // 32 bytes, the shortest reported: unless it starts on the grid it covers one whole block,
    // so a block the filter skipped would lose it.
    const std::string short_line = "\r\nUnknown Date Format 01/02/99\r\n";
    ASSERT_EQ(short_line.size(), 32u);
    std::vector<std::pair<std::size_t, std::string>> lines;
    for (std::size_t shift = 0; shift < 80; ++shift) {
        lines.emplace_back(1000 + shift * 4096 + shift, short_line);
        lines.emplace_back((3u << 20) + 200 + shift * 1024 + shift, kExportLine);
    }
    lines.emplace_back((3u << 20) + 16 - 20, short_line);  // straddles the split
    std::sort(lines.begin(), lines.end());
    for (const auto& [at, line] : lines) {
        data[at - 1] = '\x01';
        data.replace(at, line.size(), line);
        data[at + line.size()] = '\x02';
    }
    for (bool buffered : {false, true}) {
        for (unsigned threads : {1u, 2u}) {
            ScanOptions options;
            options.threads = threads;
            if (buffered) {
                options.read_window = 4100;
                options.read = [&](std::uint64_t offset, char* into, std::size_t size) {
                    const std::size_t n = std::min<std::size_t>(size, data.size() - offset);
                    data.copy(into, n, offset);
                    return n;
                };
            }
            const auto findings = scan_text(data, options);
            ASSERT_EQ(findings.size(), lines.size()) << threads << " threads, " << buffered;
            for (std::size_t i = 0; i < lines.size(); ++i) {
                EXPECT_EQ(findings[i].offset, lines[i].first);
                EXPECT_EQ(findings[i].length, lines[i].second.size());
                EXPECT_EQ(findings[i].kind, FindingKind::console_output);
            }
        }
    }
}

TEST(TextScanner, AReaderThatFailsInAWorkerThreadReachesTheCaller) {
    const auto data = random_bytes(8u << 20, 5);
    ScanOptions options;
    options.threads = 2;
    options.read = [&](std::uint64_t offset, char* into, std::size_t size) -> std::size_t {
        if (offset >= (4u << 20)) throw std::runtime_error("the file went away");
        data.copy(into, size, offset);
        return std::min<std::size_t>(size, data.size() - offset);
    };
    EXPECT_THROW((void)scan_text(data, options), std::runtime_error);
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
