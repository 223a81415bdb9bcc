#include "report/cascades.hpp"

#include <gtest/gtest.h>

namespace ccsalvage::report {
namespace {

Finding finding(std::string code, std::string file, std::uint64_t offset, std::string detail,
                std::string severity = "warning") {
    Finding f;
    f.code = std::move(code);
    f.file = std::move(file);
    f.offset = offset;
    f.detail = std::move(detail);
    f.severity = std::move(severity);
    return f;
}

const BlockOf kBlocksOf512 = [](std::string_view, std::uint64_t offset) {
    return std::optional<std::uint64_t>(offset / 512);
};

// The shape the q179072 sample gives: console text in a header (PO-015) breaks its block's
// checksum (PO-011), its payload (PO-016), and leaves its extents (PO-030) and their blocks
// (PO-019) unclaimed.
std::vector<Finding> console_cascade() {
    return {
        finding("PO-011", "CLANDATA", 20508, "block 40 'H': stored CRC 0x1, computed 0x2", "error"),
        finding("PO-015", "CLANDATA", 20546, "message 1373: 73 plain bytes", "error"),
        finding("PO-016", "CLANDATA", 20569, "message 1373: subject: length past the end", "error"),
        finding("PO-019", "MLANDATA", 1283, "block 223 is marked 0x8 but no walk reaches it"),
        finding("PO-019", "MLANDATA", 1284, "block 224 is marked 0x88 but no walk reaches it"),
        finding("PO-030", "MLANDATA", 114176, "extent of message 1373 item 1 in block 223"),
        finding("PO-051", "NFTERROR.LOG", 0, "NFTERROR.LOG present", "note"),
    };
}

TEST(Cascades, GroupsFindingsThatNameTheSameMessageOrBlockUnderTheMostBasicCause) {
    const auto cascades = find_cascades(console_cascade(), kBlocksOf512);
    ASSERT_EQ(cascades.size(), 1u);
    EXPECT_EQ(cascades[0].cause, 1u);  // PO-015 ranks before PO-011
    EXPECT_EQ(cascades[0].consequences, (std::vector<std::size_t>{0, 2, 3, 5}));
}

TEST(Cascades, UnrelatedFindingsAndNotesStayAlone) {
    const auto cascades = find_cascades(console_cascade(), kBlocksOf512);
    for (const auto& c : cascades) {
        for (const auto i : c.consequences) {
            EXPECT_NE(i, 4u);  // block 224 is named by nothing else
            EXPECT_NE(i, 6u);  // a note is never part of a cascade
        }
    }
}

TEST(Cascades, OffsetsGiveTheBlockOnlyWhenTheDetailNamesNone) {
    // Allocation-table entries sit next to each other: their offsets share a block, but the
    // blocks they describe differ, so they must not be joined through their offsets.
    std::vector<Finding> findings{
        finding("PO-019", "MLANDATA", 1283, "block 223 is marked"),
        finding("PO-019", "MLANDATA", 1290, "block 300 is marked"),
    };
    EXPECT_TRUE(find_cascades(findings, kBlocksOf512).empty());
    // Without block names, two findings in one block are one cascade.
    findings = {finding("PO-011", "CLANDATA", 1030, "checksum", "error"),
                finding("PO-016", "CLANDATA", 1100, "payload", "error")};
    const auto cascades = find_cascades(findings, kBlocksOf512);
    ASSERT_EQ(cascades.size(), 1u);
    EXPECT_EQ(cascades[0].cause, 0u);
    // With no block size known, nothing joins them.
    EXPECT_TRUE(find_cascades(findings, nullptr).empty());
}

TEST(Cascades, RankOrdersCausesBeforeConsequences) {
    EXPECT_LT(cause_rank("PO-015"), cause_rank("PO-011"));
    EXPECT_LT(cause_rank("PO-011"), cause_rank("PO-016"));
    EXPECT_LT(cause_rank("PO-016"), cause_rank("PO-019"));
    EXPECT_EQ(cause_rank("PO-019"), cause_rank("PO-030"));
}

}  // namespace
}  // namespace ccsalvage::report
