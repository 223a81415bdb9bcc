#include "core/output_folder.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "core/errors.hpp"
#include "core/sha256.hpp"
#include "support/page_residency.hpp"

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

// The halves of write() a caller runs on two threads (the post office writer's MLANDATA
// written behind) give the file and hash write() gives.
TEST_F(OutputFolderTest, AtomicFileHashedAndWrittenApartEqualsWrite) {
    auto folder = OutputFolder::create_new(base / "out");
    AtomicFile whole(folder, "whole.bin");
    AtomicFile apart(folder, "apart.bin");
    for (const std::string_view part : {"first part, ", "", "second part\n"}) {
        whole.write(part);
        apart.hash(part);
        apart.write_unhashed(part);
    }
    EXPECT_EQ(apart.bytes_written(), whole.bytes_written());
    const auto whole_hash = whole.commit();
    EXPECT_EQ(apart.commit(), whole_hash);
    EXPECT_EQ(whole_hash, sha256_hex("first part, second part\n"));
    std::ifstream in(base / "out/apart.bin");
    EXPECT_EQ(std::string((std::istreambuf_iterator<char>(in)), {}), "first part, second part\n");
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
    bool resumed = true;
    // A new or empty folder is opened like create_new.
    auto fresh = OutputFolder::create_or_resume(base / "case", "manifest.json", resumed);
    EXPECT_FALSE(resumed);
    fresh.write_file("manifest.json", "{}");
    fresh.write_file("report.json", "old");
    // The marked folder is accepted again and a file is replaced atomically.
    auto again = OutputFolder::create_or_resume(base / "case", "manifest.json", resumed);
    again.write_file("report.json", "new");
    std::ifstream in(base / "case/report.json");
    std::string text;
    std::getline(in, text);
    EXPECT_EQ(text, "new");
    // An unrelated non-empty folder is refused, and so is a marker that is a link.
    fs::create_directories(base / "other");
    std::ofstream(base / "other/x") << "x";
    EXPECT_THROW(OutputFolder::create_or_resume(base / "other", "manifest.json", resumed), IoError);
    fs::create_symlink(base / "case/manifest.json", base / "other/manifest.json");
    EXPECT_THROW(OutputFolder::create_or_resume(base / "other", "manifest.json", resumed), IoError);
    // A link to a case folder is not a case folder.
    fs::create_directory_symlink(base / "case", base / "case-link");
    EXPECT_THROW(OutputFolder::create_or_resume(base / "case-link", "manifest.json", resumed),
                 IoError);
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

TEST_F(OutputFolderTest, ResumeAcceptsOnlyAFolderWithTheMarker) {
    bool resumed = true;
    auto first = OutputFolder::create_or_resume(base / "out", "journal.jsonl", resumed);
    EXPECT_FALSE(resumed);
    first.write_file("journal.jsonl", "{}\n");
    auto again = OutputFolder::create_or_resume(base / "out", "journal.jsonl", resumed);
    EXPECT_TRUE(resumed);
    EXPECT_THROW(again.resolve("../x"), UsageError) << "same containment rules";

    fs::create_directories(base / "other");
    std::ofstream(base / "other/keep.txt") << "someone else's";
    EXPECT_THROW(OutputFolder::create_or_resume(base / "other", "journal.jsonl", resumed), IoError);
}

TEST_F(OutputFolderTest, AppendFileCutsBackAndGrows) {
    auto folder = OutputFolder::create_new(base / "out");
    {
        AppendFile file(folder, "box/a.mbox");
        file.write("first\nsecond\n");
        file.sync();
    }
    AppendFile again(folder, "box/a.mbox");
    EXPECT_EQ(again.size(), 13u);
    again.truncate(6);
    again.write("third\n");
    EXPECT_THROW(again.truncate(100), IoError);
    std::ifstream in(base / "out/box/a.mbox");
    std::string content((std::istreambuf_iterator<char>(in)), {});
    EXPECT_EQ(content, "first\nthird\n");
}

TEST_F(OutputFolderTest, AppendFileReadsBackWhatItWrote) {
    auto folder = OutputFolder::create_new(base / "out");
    AppendFile file(folder, "box/a.mbox");
    file.write("From a\nfirst\n\n");
    file.write("From b\nsecond\n\n");
    EXPECT_EQ(file.read(0, 14), "From a\nfirst\n\n");
    EXPECT_EQ(file.read(14, 29), "From b\nsecond\n\n");
    EXPECT_EQ(file.read(29, 29), "");
    // A range the file does not hold (yet) is an error naming the file, not short bytes.
    try {
        (void)file.read(20, 30);
        ADD_FAILURE() << "a range past the end was read";
    } catch (const IoError& error) {
        EXPECT_NE(std::string(error.what()).find("a.mbox"), std::string::npos) << error.what();
    }
    EXPECT_THROW((void)file.read(10, 5), IoError);
    // Reading moves nothing: the next write still appends.
    file.write("From c\n");
    EXPECT_EQ(file.read(29, 36), "From c\n");
}

TEST_F(OutputFolderTest, AppendFilePrefetchBringsARangeBackIntoThePageCache) {
    auto folder = OutputFolder::create_new(base / "out");
    constexpr std::size_t kHalf = 4U << 20;
    AppendFile file(folder, "box/a.mbox");
    file.write(std::string(2 * kHalf, 'm'));
    file.sync();
    // Out of the cache (clean after the fsync), if this file system lets pages go at all.
    const int fd = ::open((base / "out/box/a.mbox").c_str(), O_RDONLY | O_CLOEXEC);
    ASSERT_GE(fd, 0);
    ASSERT_EQ(::posix_fadvise(fd, 0, 2 * kHalf, POSIX_FADV_DONTNEED), 0);
    if (testing::resident_pages(fd, 0, 2 * kHalf) != 0) {
        ::close(fd);
        GTEST_SKIP() << "the file system keeps its pages cached: read-ahead not observable";
    }
    file.prefetch(0, kHalf);  // a hint: the kernel reads while the caller goes on
    const auto page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
    std::size_t resident = 0;
    for (int tries = 0; tries < 300 && resident < kHalf / page; ++tries) {
        ::usleep(10000);
        resident = testing::resident_pages(fd, 0, kHalf);
    }
    // Nearly all of it: a machine that reclaims cold pages on its own (DAMON's reclaim on the
    // CI machine) can take a few back before they are counted (1,021 of 1,024 in one CI run).
    // Without the hint none of the range comes back.
    EXPECT_GE(resident, kHalf / page * 9 / 10) << "the range asked for was not read ahead";
    EXPECT_LT(testing::resident_pages(fd, kHalf, kHalf), kHalf / page / 2)
        << "the range not asked for came back too: the test shows nothing";
    ::close(fd);
    EXPECT_EQ(file.read(kHalf - 3, kHalf + 3), "mmmmmm");
}

TEST_F(OutputFolderTest, ReadsBackAFileItWroteAndRefusesALink) {
    auto folder = OutputFolder::create_new(base / "out");
    const std::string bytes = std::string("a\0b\r\n", 5) + std::string(70000, 'x');
    folder.write_file("md/cur/m1", bytes);
    EXPECT_EQ(folder.read_file("md/cur/m1"), bytes);
    fs::create_symlink(base / "out/md/cur/m1", base / "out/md/cur/link");
    EXPECT_THROW((void)folder.read_file("md/cur/link"), IoError);
    EXPECT_THROW((void)folder.read_file("md/cur/missing"), IoError);
    EXPECT_THROW((void)folder.read_file("../escape"), UsageError);
}

TEST_F(OutputFolderTest, AtomicFileCanStageInAnotherDirectoryAndStaleTempsAreRemoved) {
    auto folder = OutputFolder::create_new(base / "out");
    AtomicFile file(folder, "md/cur/m1:2,S", "md/tmp");
    file.write("x");
    file.commit();
    EXPECT_TRUE(folder.exists("md/cur/m1:2,S"));
    std::ofstream(base / "out/md/tmp/.m2.tmp123-4") << "half";
    EXPECT_EQ(folder.remove_stale_temporaries(), 1u);
    EXPECT_FALSE(fs::exists(base / "out/md/tmp/.m2.tmp123-4"));
}

}  // namespace
}  // namespace ccsalvage
