// WritebackStarter: write-back is asked for every kStep bytes written, from where the writer's
// own bytes start, and the file's bytes are unaffected (it is a hint). The effect on the disk
// is measured in docs/performance.md, not here.
#include "core/writeback.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "support/page_residency.hpp"

namespace ccsalvage {
namespace {

namespace fs = std::filesystem;

TEST(WritebackStarter, AsksEveryStepFromWhereTheWritersBytesStart) {
    const auto path = fs::temp_directory_path() / ("ccsalvage-wb-" + std::to_string(::getpid()));
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    ASSERT_GE(fd, 0);
    const std::string chunk(1 << 20, 'x');
    WritebackStarter starter;
    starter.reset(0);
    std::uint64_t end = 0;
    for (int i = 0; i < 20; ++i) {
        ASSERT_EQ(::write(fd, chunk.data(), chunk.size()), static_cast<ssize_t>(chunk.size()));
        end += chunk.size();
        starter.wrote(fd, end);
        // Asked for whole steps only: 8 MiB, then 16 MiB.
        EXPECT_EQ(starter.asked_up_to(), end - end % WritebackStarter::kStep) << end;
    }
    // A file cut back (a resumed append) starts counting again from its new length.
    starter.reset(3 << 20);
    starter.wrote(fd, 10 << 20);
    EXPECT_EQ(starter.asked_up_to(), 3U << 20);
    starter.wrote(fd, 11 << 20);
    EXPECT_EQ(starter.asked_up_to(), 11U << 20);
    // An offset before the start (never expected) asks for nothing.
    starter.wrote(fd, 1 << 20);
    EXPECT_EQ(starter.asked_up_to(), 11U << 20);
    ::close(fd);
    EXPECT_EQ(fs::file_size(path), 20U << 20);
    fs::remove(path);
}

using ccsalvage::testing::resident_pages;

TEST(WritebackStarter, DropsWhatWasAskedForTwoStepsBeforeAndKeepsTheBytes) {
    const auto path =
        fs::temp_directory_path() / ("ccsalvage-wbdrop-" + std::to_string(::getpid()));
    const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    ASSERT_GE(fd, 0);
    std::string chunk(1 << 20, '\0');
    for (std::size_t i = 0; i < chunk.size(); ++i) chunk[i] = static_cast<char>('a' + i % 26);
    WritebackStarter starter(true);
    starter.reset(0);
    std::uint64_t end = 0;
    for (int i = 0; i < 40; ++i) {
        ASSERT_EQ(::write(fd, chunk.data(), chunk.size()), static_cast<ssize_t>(chunk.size()));
        end += chunk.size();
        ::fdatasync(fd);  // clean pages, so that the advice is not left to the disk's pace
        starter.wrote(fd, end);
        // A request every 8 MiB: dropped up to where the request before the last one started
        // (nothing until the third request).
        const std::uint64_t asked = end - end % WritebackStarter::kStep;
        const std::uint64_t steps = asked / WritebackStarter::kStep;
        EXPECT_EQ(starter.dropped_up_to(), steps >= 3 ? (steps - 2) * WritebackStarter::kStep : 0)
            << end;
    }
    EXPECT_EQ(starter.dropped_up_to(), 24U << 20);  // five requests, the last two kept
    // Where the advice empties the page cache at all (not on tmpfs: the last 4 MiB, clean and
    // advised out here by hand, are the control), the part dropped behind left it too.
    constexpr std::size_t kControl = 36U << 20, kControlBytes = 4U << 20;
    ASSERT_EQ(::posix_fadvise(fd, kControl, kControlBytes, POSIX_FADV_DONTNEED), 0);
    if (resident_pages(fd, kControl, kControlBytes) == 0) {
        EXPECT_EQ(resident_pages(fd, 0, 24U << 20), 0U);
    } else {
        std::fprintf(stderr, "the file system keeps its pages cached: residency not checked\n");
    }
    // A new writer on a cut-back file starts over, dropping nothing before its start.
    starter.reset(30U << 20);
    EXPECT_EQ(starter.dropped_up_to(), 30U << 20);
    ::close(fd);
    // The bytes are all there, whatever left the cache.
    std::ifstream in(path, std::ios::binary);
    const std::string back((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    ASSERT_EQ(back.size(), 40U << 20);
    for (std::size_t at = 0; at < back.size(); at += chunk.size()) {
        ASSERT_EQ(back.compare(at, chunk.size(), chunk), 0) << at;
    }
    fs::remove(path);
}

TEST(WritebackStarter, WithoutDropBehindDropsNothing) {
    const auto path =
        fs::temp_directory_path() / ("ccsalvage-wbkeep-" + std::to_string(::getpid()));
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    ASSERT_GE(fd, 0);
    const std::string chunk(1 << 20, 'y');
    WritebackStarter starter;
    std::uint64_t end = 0;
    for (int i = 0; i < 40; ++i) {
        ASSERT_EQ(::write(fd, chunk.data(), chunk.size()), static_cast<ssize_t>(chunk.size()));
        end += chunk.size();
        starter.wrote(fd, end);
    }
    EXPECT_EQ(starter.asked_up_to(), 40U << 20);
    EXPECT_EQ(starter.dropped_up_to(), 0U);
    ::close(fd);
    fs::remove(path);
}

}  // namespace
}  // namespace ccsalvage
