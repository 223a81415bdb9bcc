// WriteBehind: output written (and hashed) on a thread of its own. Each file gets its buffers
// in the order given, whatever the interleaving between files; the hash is of the bytes
// written; a write error reaches the caller at its next submit or drain and nothing queued
// after it is written (the file would have a gap); a bounded queue; an AtomicFile written
// behind and committed after drain() holds the same bytes and hash.
#include "core/write_behind.hpp"

#include <gtest/gtest.h>
#include <sys/resource.h>
#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "core/errors.hpp"
#include "core/output_folder.hpp"
#include "core/sha256.hpp"

namespace ccsalvage {
namespace {

namespace fs = std::filesystem;

// What the export hands over for an appended file: write it, add it to the file's hash.
WriteBehind::Write append_to(AppendFile& file, Sha256& hash) {
    return [&file, &hash](std::string_view bytes) {
        file.write(bytes);
        hash.update(bytes);
    };
}

class WriteBehindTest : public ::testing::Test {
  protected:
    void SetUp() override {
        base = fs::temp_directory_path() /
               ("ccsalvage-bgw-" + std::to_string(::getpid()) + "-" +
                ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(base);
    }
    void TearDown() override { fs::remove_all(base); }
    static std::string contents(const fs::path& path) {
        std::ifstream in(path, std::ios::binary);
        return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    }
    fs::path base;
};

TEST_F(WriteBehindTest, EachFileGetsItsBuffersInOrderAndTheirHash) {
    auto folder = OutputFolder::create_new(base / "out");
    AppendFile a(folder, "a.mbox");
    AppendFile b(folder, "b.mbox");
    Sha256 hash_a, hash_b;
    std::string expected_a, expected_b;
    {
        WriteBehind behind(2);  // a small queue: submit() has to wait for room
        for (int i = 0; i < 200; ++i) {
            const std::string piece(static_cast<std::size_t>(1000 + i),
                                    static_cast<char>('a' + i % 26));
            if (i % 3 == 0) {
                expected_b += piece;
                behind.submit(append_to(b, hash_b), piece);
            } else {
                expected_a += piece;
                behind.submit(append_to(a, hash_a), piece);
            }
            std::string spare = behind.spare_buffer();
            EXPECT_TRUE(spare.empty());  // handed back empty, whatever its capacity
        }
        behind.drain();
        EXPECT_EQ(a.size(), expected_a.size());
        EXPECT_EQ(b.size(), expected_b.size());
    }
    EXPECT_EQ(contents(base / "out" / "a.mbox"), expected_a);
    EXPECT_EQ(contents(base / "out" / "b.mbox"), expected_b);
    EXPECT_EQ(hash_a.hex_digest(), sha256_hex(expected_a));
    EXPECT_EQ(hash_b.hex_digest(), sha256_hex(expected_b));
}

TEST_F(WriteBehindTest, AWriteErrorReachesTheCallerAndStopsTheOutput) {
    auto folder = OutputFolder::create_new(base / "out");
    AppendFile file(folder, "a.mbox");
    Sha256 hash;
    // A file size limit makes the second buffer's write fail (EFBIG) instead of killing the
    // process (SIGXFSZ ignored); restored before the test ends.
    rlimit before{};
    ASSERT_EQ(::getrlimit(RLIMIT_FSIZE, &before), 0);
    const auto old_handler = std::signal(SIGXFSZ, SIG_IGN);
    rlimit limited = before;
    limited.rlim_cur = 1500;
    ASSERT_EQ(::setrlimit(RLIMIT_FSIZE, &limited), 0);
    bool thrown = false;
    {
        WriteBehind behind(8);
        try {
            for (int i = 0; i < 5; ++i)
                behind.submit(append_to(file, hash), std::string(1000, 'x'));
            behind.drain();
        } catch (const IoError& error) {
            thrown = true;
            EXPECT_NE(std::string(error.what()).find("a.mbox"), std::string::npos) << error.what();
        }
        // The error stays: every later call reports it, nothing more is written.
        EXPECT_THROW(behind.drain(), IoError);
        EXPECT_THROW(behind.submit(append_to(file, hash), std::string(10, 'y')), IoError);
    }
    ASSERT_EQ(::setrlimit(RLIMIT_FSIZE, &before), 0);
    std::signal(SIGXFSZ, old_handler);
    EXPECT_TRUE(thrown);
    const auto written = contents(base / "out" / "a.mbox");
    EXPECT_LE(written.size(), 1500U);
    EXPECT_EQ(written.find('y'), std::string::npos);
}

TEST_F(WriteBehindTest, DestroyedWithoutADrainWritesNothingMoreAndReturns) {
    auto folder = OutputFolder::create_new(base / "out");
    AppendFile file(folder, "a.mbox");
    Sha256 hash;
    {
        WriteBehind behind(64);
        for (int i = 0; i < 64; ++i) behind.submit(append_to(file, hash), std::string(4096, 'z'));
        // An export that fails elsewhere ends here: queued output is dropped (the journal never
        // said it was done, and a rerun cuts the file back to its committed length).
    }
    const auto written = contents(base / "out" / "a.mbox");
    EXPECT_EQ(written.size() % 4096, 0U);  // whole buffers only
    EXPECT_LE(written.size(), 64U * 4096U);
}

TEST_F(WriteBehindTest, AnAtomicFileWrittenBehindCommitsTheSameBytesAndHash) {
    auto folder = OutputFolder::create_new(base / "out");
    std::string expected;
    std::string hash;
    {
        AtomicFile file(folder, "MLANDATA");
        WriteBehind behind(3);
        for (int i = 0; i < 50; ++i) {
            std::string piece(static_cast<std::size_t>(5000 + i), static_cast<char>('0' + i % 10));
            expected += piece;
            behind.submit([&file](std::string_view bytes) { file.write(bytes); }, piece);
        }
        behind.drain();
        EXPECT_EQ(file.bytes_written(), expected.size());
        hash = file.commit();
    }
    EXPECT_EQ(contents(base / "out" / "MLANDATA"), expected);
    EXPECT_EQ(hash, sha256_hex(expected));
}

TEST(AppendInSlices, NoBufferGrowsPastTheLimitAndTheBytesStayInOrder) {
    std::string buffer, handed;
    std::size_t calls = 0;
    const auto full = [&] {
        EXPECT_EQ(buffer.size(), 1000U);  // handed over exactly at the limit
        handed += buffer;
        buffer.clear();
        ++calls;
    };
    std::string expected;
    for (const std::size_t size : {10U, 990U, 1U, 4500U, 0U, 999U}) {
        const std::string piece(size, static_cast<char>('a' + expected.size() % 26));
        expected += piece;
        append_in_slices(buffer, piece, 1000, full);
        EXPECT_LT(buffer.size(), 1000U);
    }
    EXPECT_EQ(calls, expected.size() / 1000);
    EXPECT_EQ(handed + buffer, expected);
}

}  // namespace
}  // namespace ccsalvage
