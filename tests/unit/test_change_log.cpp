// repair/change_log.cpp: the repair log is the difference of two models, one line per change.
#include "repair/change_log.hpp"

#include <gtest/gtest.h>

#include "parsers/po/reader.hpp"

namespace ccsalvage::repair {
namespace {

po::PostOffice read_sample(const po::PostOfficeFolder& folder) {
    EventLog log;
    return po::read_post_office(folder.source(), {}, log);
}

TEST(ChangeLog, SamePostOfficeHasNoChange) {
    const auto folder =
        po::PostOfficeFolder::open(std::string(CCSALVAGE_SAMPLES_DIR) + "/po/clean-small/SALES1");
    const auto model = read_sample(folder);
    EXPECT_TRUE(diff_post_offices(model, model).empty());
}

TEST(ChangeLog, OneCounterChangedIsOneLineAtItsOffset) {
    const auto folder =
        po::PostOfficeFolder::open(std::string(CCSALVAGE_SAMPLES_DIR) + "/po/clean-small/SALES1");
    const auto before = read_sample(folder);
    auto after = before;
    ASSERT_TRUE(after.clandata.has_value());
    after.clandata->message_count += 1;
    const auto changes = diff_post_offices(before, after);
    ASSERT_EQ(changes.size(), 1u);
    EXPECT_EQ(changes[0].offset, 68u);  // message_count, section 6.1
    EXPECT_EQ(format_change(changes[0]), "CLANDATA@68 CLANDATA header message_count " +
                                             std::to_string(before.clandata->message_count) +
                                             " -> " +
                                             std::to_string(after.clandata->message_count));
}

TEST(ChangeLog, RestoredSubjectIsQuoted) {
    const auto folder =
        po::PostOfficeFolder::open(std::string(CCSALVAGE_SAMPLES_DIR) + "/po/clean-small/SALES1");
    const auto before = read_sample(folder);
    auto after = before;
    ASSERT_FALSE(after.messages.empty());
    after.messages[0].header.subject = "a \"b\"\r\n";
    const auto changes = diff_post_offices(before, after);
    ASSERT_EQ(changes.size(), 1u);
    EXPECT_EQ(changes[0].field, "subject");
    EXPECT_EQ(changes[0].new_value, "\"a \\\"b\\\"\\x0d\\x0a\"");
}

TEST(ChangeLog, OneAllocationStateChangedIsOneLineAtTheStateByte) {
    const auto folder =
        po::PostOfficeFolder::open(std::string(CCSALVAGE_SAMPLES_DIR) + "/po/clean-small/SALES1");
    const auto before = read_sample(folder);
    EXPECT_TRUE(diff_allocation_tables(before, folder.source(), before, folder.source()).empty());

    // The same files with one state of CLANDATA's table changed (block 2 is the table's head
    // in the canonical layout, section 14.1; the state of block 5 is payload byte 4 + 5).
    std::vector<std::string> copies;
    for (const auto& f : folder.source().files) copies.emplace_back(f.bytes);
    po::PostOfficeSource changed;
    for (std::size_t i = 0; i < copies.size(); ++i) {
        changed.files.push_back({folder.source().files[i].name, "", copies[i]});
    }
    const std::uint64_t at = 2 * 512 + 32 + 4 + 5;
    for (std::size_t i = 0; i < copies.size(); ++i) {
        if (folder.source().files[i].name == "CLANDATA") copies[i][at] = '\x0F';
    }
    EventLog log;
    const auto after = po::read_post_office(changed, {}, log);
    const auto changes = diff_allocation_tables(before, folder.source(), after, changed);
    ASSERT_EQ(changes.size(), 1u);
    EXPECT_EQ(changes[0].file, "CLANDATA");
    EXPECT_EQ(changes[0].offset, at);
    EXPECT_EQ(changes[0].field, "block 5 state");
    EXPECT_EQ(changes[0].new_value, "0F");
}

}  // namespace
}  // namespace ccsalvage::repair
