// repair/locate.cpp: offsets in a post office file mapped to block, record and field, checked on
// the console burst of samples/po/q179072-small (its offset from the ground truth).
#include "repair/locate.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace ccsalvage::repair {
namespace {

std::string clandata() {
    std::ifstream in(std::string(CCSALVAGE_SAMPLES_DIR) + "/po/q179072-small/HUBPO2/CLANDATA",
                     std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

TEST(Locate, ConsoleBurstLiesInTheSenderAndSubjectOfMessage995) {
    const std::string file = clandata();
    const Located at = locate(file, po::FileKind::clandata, 512, 13890, 73);
    EXPECT_EQ(at.block, 27u);
    EXPECT_EQ(at.record_head, 27u);
    EXPECT_EQ(at.structure, "message header");
    EXPECT_EQ(at.key, 995u);
    EXPECT_EQ(at.field, "sender");
    EXPECT_FALSE(at.last_field.empty());
}

TEST(Locate, BlockHeaderFieldsAndFixedFields) {
    const std::string file = clandata();
    EXPECT_EQ(locate(file, po::FileKind::clandata, 512, 27 * 512 + 4, 1).field, "block_number");
    EXPECT_EQ(locate(file, po::FileKind::clandata, 512, 27 * 512 + 28, 1).field, "crc32");
    // Payload offset 16 of a message header is its reference count (6.5).
    EXPECT_EQ(locate(file, po::FileKind::clandata, 512, 27 * 512 + 32 + 16, 1).field,
              "reference_count");
    EXPECT_EQ(locate(file, po::FileKind::clandata, 512, 0, 1).structure, "file header");
    // CLANDATA header fields by block offset (6.1): 76 directory_entry_count, 208 chain 'l'.
    EXPECT_EQ(locate(file, po::FileKind::clandata, 512, 76, 1).field, "directory_entry_count");
    EXPECT_EQ(locate(file, po::FileKind::clandata, 512, 208, 1).field, "chain table l");
}

TEST(Locate, OffsetsOutsideTheFileAreUnrecognised) {
    const std::string file = clandata();
    EXPECT_EQ(locate(file, po::FileKind::clandata, 512, file.size() + 512, 1).structure,
              "unrecognised block");
    EXPECT_EQ(locate(file, po::FileKind::clandata, 0, 10, 1).structure, "");
}

}  // namespace
}  // namespace ccsalvage::repair
