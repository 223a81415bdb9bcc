// WritebackStarter: write-back is asked for every kStep bytes written, from where the writer's
// own bytes start, and the file's bytes are unaffected (it is a hint). The effect on the disk
// is measured in docs/performance.md, not here.
#include "core/writeback.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <string>

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

}  // namespace
}  // namespace ccsalvage
