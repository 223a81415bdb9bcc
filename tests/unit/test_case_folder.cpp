#include "case/case_folder.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/errors.hpp"
#include "core/sha256.hpp"

namespace ccsalvage::casefolder {
namespace {

namespace fs = std::filesystem;

class CaseFolderTest : public ::testing::Test {
  protected:
    void SetUp() override {
        base = fs::temp_directory_path() /
               ("ccsalvage-case-" + std::to_string(::getpid()) + "-" +
                ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(base);
    }
    void TearDown() override { fs::remove_all(base); }
    std::vector<nlohmann::json> audit_lines() const {
        std::ifstream in(base / "case" / kAudit);
        std::vector<nlohmann::json> out;
        std::string line;
        while (std::getline(in, line)) out.push_back(nlohmann::json::parse(line));
        return out;
    }
    fs::path base;
};

TEST_F(CaseFolderTest, WritesAreAuditedOneJsonObjectPerLine) {
    auto folder = CaseFolder::open(base / "case");
    EXPECT_FALSE(folder.resumed());
    folder.audit("run.started", {{"command_line", "x"}});
    const auto sha = folder.write("report.md", "hello\n", "report");
    EXPECT_EQ(sha, sha256_hex("hello\n"));
    const auto lines = audit_lines();
    ASSERT_EQ(lines.size(), 2u);
    EXPECT_EQ(lines[0]["seq"], 1);
    EXPECT_EQ(lines[0]["event"], "run.started");
    EXPECT_EQ(lines[1]["event"], "file.written");
    EXPECT_EQ(lines[1]["path"], "report.md");
    EXPECT_EQ(lines[1]["sha256"], sha);
    EXPECT_EQ(lines[1]["by"], "report");
    EXPECT_EQ(lines[1]["time"].get<std::string>().size(), 20u);  // 2026-11-21T17:38:25Z
}

TEST_F(CaseFolderTest, AnEventHeldBackKeepsTheTimeItHappened) {
    auto folder = CaseFolder::open(base / "case");
    folder.audit("stage.started", {{"stage", "x"}}, "1997-05-14T07:32:10Z");
    folder.audit("stage.finished", {{"stage", "x"}});
    const auto lines = audit_lines();
    ASSERT_EQ(lines.size(), 2u);
    EXPECT_EQ(lines[0]["time"], "1997-05-14T07:32:10Z");
    EXPECT_EQ(lines[1]["seq"], 2);
    EXPECT_NE(lines[1]["time"], "1997-05-14T07:32:10Z");  // now
}

TEST_F(CaseFolderTest, ResumingContinuesTheAuditTrail) {
    {
        auto folder = CaseFolder::open(base / "case");
        folder.write(std::string(kManifest), "{}", "case");
    }
    auto again = CaseFolder::open(base / "case");
    EXPECT_TRUE(again.resumed());
    again.audit("run.started");
    const auto lines = audit_lines();
    ASSERT_EQ(lines.size(), 2u);
    EXPECT_EQ(lines[1]["seq"], 2);
}

TEST_F(CaseFolderTest, RefusesAFolderNoRunWrote) {
    fs::create_directories(base / "case");
    std::ofstream(base / "case" / "notes.txt") << "mine";
    EXPECT_THROW(CaseFolder::open(base / "case"), IoError);
}

// What a first run killed within its first milliseconds leaves: an audit trail that is empty,
// or whose first record was torn anywhere in its first bytes. The folder is taken up again.
TEST_F(CaseFolderTest, TakesUpAFolderWhoseAuditTrailAFirstRunLeftEmptyOrTornEarly) {
    for (const std::string left :
         {"", "{", R"({"command_li)", R"({"command_line":"ccsalvage re)"}) {
        fs::remove_all(base / "case");
        fs::create_directories(base / "case");
        std::ofstream(base / "case" / kAudit, std::ios::binary) << left;
        bool restarted = false;
        EXPECT_NO_THROW({
            auto folder = CaseFolder::open(base / "case");
            restarted = folder.restarted();
        }) << "left: "
           << left;
        EXPECT_TRUE(restarted) << "left: " << left;
    }
}

// An audit trail that is not how this program begins one is not ours to take up.
TEST_F(CaseFolderTest, RefusesAFolderWhoseAuditTrailIsNotOurs) {
    for (const std::string left : {"x", R"({"command_line":"other )", "\n", "{\"event\":1}\n"}) {
        fs::remove_all(base / "case");
        fs::create_directories(base / "case");
        std::ofstream(base / "case" / kAudit, std::ios::binary) << left;
        EXPECT_THROW(CaseFolder::open(base / "case"), IoError) << "left: " << left;
    }
}

TEST_F(CaseFolderTest, ListsOutputsSortedWithHashesAndWithoutTemporaries) {
    auto folder = CaseFolder::open(base / "case");
    folder.write("stages/b.json", "b", "t");
    folder.write("a.txt", "a", "t");
    std::ofstream(base / "case" / "stages" / ".b.json.tmp123-0") << "partial";
    const auto outputs = folder.list_outputs({std::string(kAudit)});
    ASSERT_EQ(outputs.size(), 2u);
    EXPECT_EQ(outputs[0].path, "a.txt");
    EXPECT_EQ(outputs[1].path, "stages/b.json");
    EXPECT_EQ(outputs[1].sha256, sha256_hex("b"));
    EXPECT_EQ(outputs[1].size, 1u);
    EXPECT_EQ(sha256sums_text(outputs),
              sha256_hex("a") + "  a.txt\n" + sha256_hex("b") + "  stages/b.json\n");
    // Hashed on two threads: the same list.
    EXPECT_EQ(sha256sums_text(folder.list_outputs({std::string(kAudit)}, 2)),
              sha256sums_text(outputs));
}

TEST_F(CaseFolderTest, ReadsBackWithoutFollowingLinks) {
    auto folder = CaseFolder::open(base / "case");
    folder.write("x", "data", "t");
    EXPECT_EQ(folder.read("x"), "data");
    EXPECT_FALSE(folder.read("missing").has_value());
    std::ofstream(base / "outside") << "secret";
    fs::create_symlink(base / "outside", base / "case" / "link");
    EXPECT_FALSE(folder.read("link").has_value());
    EXPECT_THROW(folder.read("../outside"), UsageError);
}

// read_lines splits as std::getline does, across the 64 KiB reads too, without the whole file.
TEST_F(CaseFolderTest, ReadsLinesAsGetlineDoesAcrossReads) {
    auto folder = CaseFolder::open(base / "case");
    std::string text;
    for (int i = 0; i < 3000; ++i) {
        text += std::string(static_cast<std::size_t>(i % 97), 'a' + static_cast<char>(i % 26));
        text += i % 500 == 0 ? "\n\n" : "\n";
    }
    text += "last line without its end";
    for (const auto& content :
         {text, std::string(200000, 'x'), std::string("\n"), std::string("a\n"), std::string()}) {
        folder.write("lines.jsonl", content, "t");
        std::vector<std::string> expected;
        std::istringstream in(content);
        for (std::string line; std::getline(in, line);) expected.push_back(line);
        std::vector<std::string> got;
        EXPECT_TRUE(
            folder.read_lines("lines.jsonl", [&got](std::string_view l) { got.emplace_back(l); }));
        EXPECT_EQ(got, expected);
    }
    EXPECT_FALSE(folder.read_lines("missing", [](std::string_view) {}));
    std::ofstream(base / "outside") << "secret\n";
    fs::create_symlink(base / "outside", base / "case" / "link");
    EXPECT_FALSE(folder.read_lines("link", [](std::string_view) {}));
}

TEST(CaseFolderTime, UtcNowIsIso8601) {
    const auto now = utc_now();
    ASSERT_EQ(now.size(), 20u);
    EXPECT_EQ(now[4], '-');
    EXPECT_EQ(now[10], 'T');
    EXPECT_EQ(now.back(), 'Z');
}

}  // namespace
}  // namespace ccsalvage::casefolder
