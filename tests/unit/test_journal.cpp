#include "export/journal.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "core/errors.hpp"

namespace ccsalvage::exporting {
namespace {

namespace fs = std::filesystem;

class JournalTest : public ::testing::Test {
  protected:
    void SetUp() override {
        base = fs::temp_directory_path() / ("ccsalvage-journal-" + std::to_string(::getpid()));
        fs::remove_all(base);
    }
    void TearDown() override { fs::remove_all(base); }
    fs::path base;
};

nlohmann::json done(std::uint64_t sequence, const std::string& outcome, const std::string& target,
                    std::uint64_t end) {
    return {{"record", "done"},   {"sequence", sequence}, {"key", "k" + std::to_string(sequence)},
            {"outcome", outcome}, {"end", end},           {"entry", {{"target", target}}}};
}

TEST_F(JournalTest, ReadsBackDoneRecordsAndCutsATornLine) {
    auto folder = OutputFolder::create_new(base);
    {
        Journal journal(folder);
        journal.append({{"record", "run"}, {"arguments", {{"format", "mbox"}}}});
        journal.append({{"record", "planned"}, {"sequence", 0}, {"key", "k0"}});
        journal.append(done(0, "exported", "mbox/a.mbox", 100));
        journal.append(done(1, "duplicate", "", 0));
        journal.append(done(2, "exported", "mbox/a.mbox", 250));
        journal.sync();
    }
    std::ofstream(base / kJournalName, std::ios::app) << R"({"record":"done","seq)";
    Journal journal(folder);
    const JournalState state = journal.load();
    EXPECT_EQ(state.arguments["format"], "mbox");
    EXPECT_EQ(state.done, 3u);
    EXPECT_EQ(state.exported, 2u);
    EXPECT_EQ(state.duplicates, 1u);
    EXPECT_EQ(state.seen.count("k2"), 1u);
    EXPECT_EQ(state.appended.at("mbox/a.mbox").length, 250u);
    EXPECT_EQ(state.appended.at("mbox/a.mbox").messages, 2u);
    std::ifstream in(base / kJournalName);
    std::string text((std::istreambuf_iterator<char>(in)), {});
    EXPECT_TRUE(text.ends_with("}\n")) << "the torn line is cut off";
}

// Planned records are written as text; they must read as the json objects they replaced, byte
// for byte, whatever the key holds (the separators \x1e and \x1f, quotes, UTF-8).
TEST_F(JournalTest, PlannedRecordsAreTheJsonTheyReplaced) {
    auto folder = OutputFolder::create_new(base);
    const std::string key =
        "abc\x1epo\x1fM\xc3\xbcller, \"Jo\"\x1fInbox\x1f"
        "7";
    {
        Journal journal(folder);
        journal.append_planned(12, key);
        journal.append({{"record", "planned"}, {"sequence", 12}, {"key", key}});
        journal.append_all({done(0, "exported", "a", 1), done(1, "duplicate", "", 0)});
        journal.sync();
    }
    std::ifstream in(base / kJournalName);
    std::string direct, built, first_done, second_done;
    ASSERT_TRUE(std::getline(in, direct));
    ASSERT_TRUE(std::getline(in, built));
    EXPECT_EQ(direct, built);
    ASSERT_TRUE(std::getline(in, first_done));
    ASSERT_TRUE(std::getline(in, second_done));
    EXPECT_EQ(nlohmann::json::parse(second_done)["outcome"], "duplicate");
}

// for_each_done skips lines without "record":"done" unparsed: a key holding that very text (a
// planned record, a done record's key) must neither be visited as done nor hide a done record.
TEST_F(JournalTest, ForEachDoneVisitsExactlyTheDoneRecords) {
    auto folder = OutputFolder::create_new(base);
    const std::string tricky = R"(x"record":"done"y)";
    {
        Journal journal(folder);
        journal.append({{"record", "run"}, {"arguments", {{"format", "mbox"}}}});
        journal.append_planned(0, tricky);
        auto first = done(0, "exported", "mbox/a.mbox", 10);
        first["key"] = tricky;
        journal.append_all({first, done(1, "duplicate", "", 0)});
        journal.append_planned(2, "k2");
        journal.append(done(2, "quarantined", "", 0));
        journal.sync();
    }
    Journal journal(folder);
    std::vector<std::uint64_t> visited;
    std::vector<std::string> keys;
    journal.for_each_done([&](nlohmann::json& record) {
        visited.push_back(record["sequence"].get<std::uint64_t>());
        keys.push_back(record["key"].get<std::string>());
    });
    EXPECT_EQ(visited, (std::vector<std::uint64_t>{0, 1, 2}));
    EXPECT_EQ(keys.front(), tricky);
}

TEST_F(JournalTest, DoneRecordsOutOfOrderAreRefused) {
    auto folder = OutputFolder::create_new(base);
    {
        Journal journal(folder);
        journal.append(done(0, "exported", "x.eml", 0));
        journal.append(done(2, "exported", "y.eml", 0));
    }
    Journal journal(folder);
    EXPECT_THROW(journal.load(), IoError);
}

}  // namespace
}  // namespace ccsalvage::exporting
