#include "case/evidence_set.hpp"

#include <gtest/gtest.h>

#include "core/errors.hpp"
#include "core/sha256.hpp"
#include "support/test_files.hpp"

namespace ccsalvage::casefolder {
namespace {

const std::string kSet = std::string(CCSALVAGE_SAMPLES_DIR) + "/po/q223772-loop-small";

TEST(EvidenceSet, HashesEveryFileOfBothFolders) {
    const auto set = EvidenceSet::open(kSet + "/SALES1", kSet + "/Ccmcdata");
    std::size_t po = 0, connector = 0;
    for (const auto& item : set.items()) {
        (item.role == "post office" ? po : connector)++;
        EXPECT_EQ(item.sha256, sha256_hex(testing::read_file(item.file))) << item.file;
    }
    EXPECT_EQ(po, set.post_office().evidence().size());
    EXPECT_GT(po, 2u);
    EXPECT_GT(connector, 5u);  // CCMAIL.UND, the queues and .bak copies, the .ini files
    ASSERT_NE(set.find(kSet + "/Ccmcdata/CCMAIL.UND"), nullptr);
    // Of the connector's files only the .und logs stay open (the und stage reads them).
    ASSERT_EQ(set.und_files().size(), 1u);
    EXPECT_EQ(set.und_files()[0].display_name(), kSet + "/Ccmcdata/CCMAIL.UND");
    EXPECT_EQ(set.find(kSet + "/Ccmcdata/CCMAIL.UND")->size, set.und_files()[0].size());
}

TEST(EvidenceSet, ConnectorFilesItDoesNotKeepHaveTheirSizes) {
    const auto set = EvidenceSet::open(kSet + "/SALES1", kSet + "/Ccmcdata");
    for (const auto& item : set.items()) {
        EXPECT_EQ(item.size, testing::read_file(item.file).size()) << item.file;
    }
}

TEST(EvidenceSet, UndFilesAreFoundWhateverTheCase) {
    EXPECT_TRUE(is_und_file("Ccmcdata/CCMAIL.UND"));
    EXPECT_TRUE(is_und_file("x/ccmail.und"));
    EXPECT_TRUE(is_und_file("x/Mixed.Und"));
    EXPECT_FALSE(is_und_file("x/CCMAIL.UND.bak"));
    EXPECT_FALSE(is_und_file("x/UND"));
    EXPECT_FALSE(is_und_file("x/MSG0001.CCM"));
}

TEST(EvidenceSet, RehashFindsTheSameHashes) {
    const auto set = EvidenceSet::open(kSet + "/SALES1", std::nullopt);
    const auto again = set.rehash();
    ASSERT_EQ(again.size(), set.items().size());
    for (std::size_t i = 0; i < again.size(); ++i) {
        EXPECT_EQ(again[i].sha256, set.items()[i].sha256);
    }
}

TEST(EvidenceSet, MissingFoldersAreIoErrors) {
    EXPECT_THROW(EvidenceSet::open(kSet + "/NOPE", std::nullopt), IoError);
    EXPECT_THROW(EvidenceSet::open(kSet + "/SALES1", kSet + "/NOPE"), IoError);
}

}  // namespace
}  // namespace ccsalvage::casefolder
