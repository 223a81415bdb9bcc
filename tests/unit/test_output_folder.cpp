#include "core/output_folder.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "core/errors.hpp"
#include "core/sha256.hpp"

namespace ccsalvage {
namespace {

namespace fs = std::filesystem;

class OutputFolderTest : public ::testing::Test {
  protected:
    void SetUp() override {
        base = fs::temp_directory_path() /
               ("ccsalvage-out-" + std::to_string(::getpid()) + "-" +
                ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(base);
    }
    void TearDown() override { fs::remove_all(base); }
    fs::path base;
};

TEST_F(OutputFolderTest, WritesAtomicallyAndReturnsTheHash) {
    auto folder = OutputFolder::create_new(base / "out");
    const auto hash = folder.write_file("a/b/c.txt", "hello");
    EXPECT_EQ(hash, sha256_hex("hello"));
    std::ifstream in(base / "out/a/b/c.txt");
    std::string content((std::istreambuf_iterator<char>(in)), {});
    EXPECT_EQ(content, "hello");
    // No temporary file is left behind.
    std::size_t files = 0;
    for (const auto& entry : fs::recursive_directory_iterator(base / "out")) {
        if (entry.is_regular_file()) ++files;
    }
    EXPECT_EQ(files, 1u);
}

TEST_F(OutputFolderTest, RefusesAFolderThatIsNotEmpty) {
    fs::create_directories(base / "used");
    std::ofstream(base / "used/x") << "x";
    EXPECT_THROW(OutputFolder::create_new(base / "used"), IoError);
    fs::create_directories(base / "empty");
    EXPECT_NO_THROW(OutputFolder::create_new(base / "empty"));
}

TEST_F(OutputFolderTest, PathsCannotLeaveTheFolder) {
    auto folder = OutputFolder::create_new(base / "out");
    for (const char* bad :
         {"../x", "a/../../x", "/etc/passwd", "a//b", "./x", "", "a/./b", "..", "a/.."}) {
        EXPECT_THROW(folder.write_file(bad, "x"), UsageError) << bad;
    }
    EXPECT_THROW(folder.write_file(std::string("a\0b", 3), "x"), UsageError);
    EXPECT_FALSE(fs::exists(base / "x"));
}

TEST_F(OutputFolderTest, DoesNotFollowSymbolicLinks) {
    auto folder = OutputFolder::create_new(base / "out");
    fs::create_directories(base / "elsewhere");
    fs::create_directory_symlink(base / "elsewhere", base / "out/link");
    EXPECT_THROW(folder.write_file("link/x.txt", "x"), IoError);
    EXPECT_FALSE(fs::exists(base / "elsewhere/x.txt"));
    fs::create_symlink(base / "elsewhere/target", base / "out/file-link");
    // Replacing a link by rename is allowed (the link itself is replaced, not followed).
    folder.write_file("file-link", "y");
    EXPECT_FALSE(fs::exists(base / "elsewhere/target"));
}

TEST_F(OutputFolderTest, AbandonedFileLeavesNothing) {
    auto folder = OutputFolder::create_new(base / "out");
    {
        AtomicFile file(folder, "partial.bin");
        file.write("half");
    }
    EXPECT_TRUE(fs::is_empty(base / "out"));
}

TEST_F(OutputFolderTest, ReportsWriteFailuresAsIoErrors) {
    auto folder = OutputFolder::create_new(base / "out");
    ::chmod((base / "out").c_str(), 0500);
    if (::geteuid() == 0) GTEST_SKIP() << "root ignores directory permissions";
    EXPECT_THROW(folder.write_file("x", "y"), IoError);
}

TEST_F(OutputFolderTest, ResumesOnlyAFolderAnEarlierRunMarked) {
    // A new or empty folder is opened like create_new.
    auto fresh = OutputFolder::open_resumable(base / "case", "manifest.json");
    fresh.write_file("manifest.json", "{}");
    fresh.write_file("report.json", "old");
    // The marked folder is accepted again and a file is replaced atomically.
    auto again = OutputFolder::open_resumable(base / "case", "manifest.json");
    again.write_file("report.json", "new");
    std::ifstream in(base / "case/report.json");
    std::string text;
    std::getline(in, text);
    EXPECT_EQ(text, "new");
    // An unrelated non-empty folder is refused, and so is a marker that is a link.
    fs::create_directories(base / "other");
    std::ofstream(base / "other/x") << "x";
    EXPECT_THROW(OutputFolder::open_resumable(base / "other", "manifest.json"), IoError);
    fs::create_symlink(base / "case/manifest.json", base / "other/manifest.json");
    EXPECT_THROW(OutputFolder::open_resumable(base / "other", "manifest.json"), IoError);
    // A link to a case folder is not a case folder.
    fs::create_directory_symlink(base / "case", base / "case-link");
    EXPECT_THROW(OutputFolder::open_resumable(base / "case-link", "manifest.json"), IoError);
    // Paths keep their containment in resume mode.
    EXPECT_THROW(again.write_file("../escape", "x"), UsageError);
}

TEST_F(OutputFolderTest, AppendsWithTheSameChecks) {
    auto folder = OutputFolder::create_new(base / "out");
    folder.append_file("logs/audit.jsonl", "one\n");
    folder.append_file("logs/audit.jsonl", "two\n");
    std::ifstream in(base / "out/logs/audit.jsonl");
    std::string all((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_EQ(all, "one\ntwo\n");
    EXPECT_THROW(folder.append_file("../x", "y"), UsageError);
    fs::create_directories(base / "elsewhere");
    fs::create_symlink(base / "elsewhere/target", base / "out/link");
    EXPECT_THROW(folder.append_file("link", "y"), IoError);
    EXPECT_FALSE(fs::exists(base / "elsewhere/target"));
}

}  // namespace
}  // namespace ccsalvage
