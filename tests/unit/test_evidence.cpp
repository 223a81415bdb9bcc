#include "core/evidence.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "core/errors.hpp"
#include "core/sha256.hpp"

namespace ccsalvage {
namespace {

namespace fs = std::filesystem;

fs::path temp_file(const std::string& name, const std::string& content) {
    const auto path =
        fs::temp_directory_path() / ("ccsalvage-ev-" + std::to_string(::getpid()) + name);
    std::ofstream(path, std::ios::binary) << content;
    return path;
}

TEST(Evidence, MapsReadOnlyAndHashes) {
    const auto path = temp_file("a", "cc:Mail");
    const auto before = fs::last_write_time(path);
    {
        auto file = EvidenceFile::open(path);
        EXPECT_EQ(file.bytes(), "cc:Mail");
        EXPECT_EQ(file.size(), 7u);
        EXPECT_EQ(file.sha256(), sha256_hex("cc:Mail"));
        file.release_before(file.size());
        EXPECT_EQ(file.bytes(), "cc:Mail") << "released pages are read again on demand";
    }
    EXPECT_EQ(fs::last_write_time(path), before);
    fs::remove(path);
}

TEST(Evidence, ReadAtCopiesRangesAndStopsAtTheEnd) {
    const auto path = temp_file("r", "0123456789");
    {
        auto file = EvidenceFile::open(path);
        char buffer[8] = {};
        EXPECT_EQ(file.read_at(2, buffer, 4), 4u);
        EXPECT_EQ(std::string(buffer, 4), "2345");
        EXPECT_EQ(file.read_at(7, buffer, 8), 3u);  // only what the file holds
        EXPECT_EQ(std::string(buffer, 3), "789");
        EXPECT_EQ(file.read_at(10, buffer, 8), 0u);
        EXPECT_EQ(file.read_at(99, buffer, 8), 0u);
        const EvidenceFile moved = std::move(file);
        EXPECT_EQ(moved.read_at(0, buffer, 2), 2u) << "the descriptor moves with the file";
    }
    const auto empty = temp_file("re", "");
    char c = 0;
    EXPECT_EQ(EvidenceFile::open(empty).read_at(0, &c, 1), 0u);
    fs::remove(path);
    fs::remove(empty);
}

TEST(Evidence, ReaderReadsWhatReadAtReadsThroughOneDescriptor) {
    const auto path = temp_file("rd", "0123456789");
    const auto empty = temp_file("rde", "");
    {
        auto file = EvidenceFile::open(path);
        const auto reader = file.reader();
        const EvidenceFile moved = std::move(file);  // the reader does not point into it
        char buffer[8] = {};
        EXPECT_EQ(reader.read_at(2, buffer, 4), 4u);
        EXPECT_EQ(std::string(buffer, 4), "2345");
        EXPECT_EQ(reader.read_at(7, buffer, 8), 3u);  // only what the file holds
        EXPECT_EQ(std::string(buffer, 3), "789");
        EXPECT_EQ(reader.read_at(10, buffer, 8), 0u);
        char c = 0;
        EXPECT_EQ(EvidenceFile::open(empty).reader().read_at(0, &c, 1), 0u);
    }
    fs::remove(path);
    fs::remove(empty);
}

TEST(Evidence, ReaderRefusesAFileReplacedUnderTheSameName) {
    const auto path = temp_file("rp", "original");
    const auto file = EvidenceFile::open(path);
    const auto other = temp_file("rp2", "replaced");
    fs::rename(other, path);  // a new inode under the name that was opened
    EXPECT_THROW((void)file.reader(), IoError);
    fs::remove(path);
}

TEST(Evidence, EmptyFileIsValid) {
    const auto path = temp_file("b", "");
    auto file = EvidenceFile::open(path);
    EXPECT_TRUE(file.bytes().empty());
    EXPECT_EQ(file.sha256(), sha256_hex(""));
    fs::remove(path);
}

TEST(Evidence, MissingFilesAndFoldersAreIoErrors) {
    EXPECT_THROW(EvidenceFile::open("/nonexistent/ccsalvage"), IoError);
    EXPECT_THROW(EvidenceFile::open(fs::temp_directory_path()), IoError);
}

TEST(Evidence, OpensFilesWithoutWritePermission) {
    const auto path = temp_file("c", "read me");
    fs::permissions(path, fs::perms::owner_read);
    EXPECT_EQ(EvidenceFile::open(path).bytes(), "read me");
    fs::remove(path);
}

}  // namespace
}  // namespace ccsalvage
