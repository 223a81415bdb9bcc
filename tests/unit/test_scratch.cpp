// The scratch space (core/scratch.hpp, core/scratch_array.hpp): an unnamed file that leaves no
// name behind, regions that read as zeros and keep what was written across a release of their
// resident pages, arrays on the heap below the space's minimum, a full disk reported as an
// IoError before a write (never a SIGBUS), and an allocator for standard containers.
#include "core/scratch.hpp"

#include <gtest/gtest.h>
#include <sys/resource.h>

#include <algorithm>
#include <array>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <numeric>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "core/errors.hpp"
#include "core/scratch_array.hpp"

namespace ccsalvage {
namespace {

namespace fs = std::filesystem;

// What follows `field` (e.g. "Rss:") in the /proc/self/smaps entry of the mapping that starts
// at `data`, or nullopt when there is none.
std::optional<std::string> smaps_field(const void* data, std::string_view field) {
    std::ifstream smaps("/proc/self/smaps");
    const auto start = reinterpret_cast<std::uintptr_t>(data);
    std::string line;
    bool inside = false;
    while (std::getline(smaps, line)) {
        std::uintptr_t from = 0, to = 0;
        if (std::sscanf(line.c_str(), "%lx-%lx ", &from, &to) == 2 && line.find(' ') < 30) {
            inside = from == start;
            continue;
        }
        if (inside && line.rfind(field, 0) == 0) return line.substr(field.size());
    }
    return std::nullopt;
}

// Resident KiB of the mapping that starts at `data`, or -1 when not found.
long resident_kib(const void* data) {
    const auto rss = smaps_field(data, "Rss:");
    if (!rss) return -1;
    std::istringstream in(*rss);
    long kib = -1;
    in >> kib;
    return kib;
}

class ScratchTest : public ::testing::Test {
  protected:
    void SetUp() override {
        dir = fs::temp_directory_path() /
              ("ccsalvage-scratch-" + std::to_string(::getpid()) + "-" +
               ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(dir);
        fs::create_directories(dir);
    }
    void TearDown() override { fs::remove_all(dir); }

    std::shared_ptr<ScratchSpace> open(std::size_t minimum = ScratchSpace::kDefaultMinimum) {
        std::string why;
        auto space = ScratchSpace::open(dir, &why, minimum);
        EXPECT_NE(space, nullptr) << why;
        return space;
    }

    fs::path dir;
};

TEST_F(ScratchTest, TheFileHasNoNameInTheFolder) {
    auto space = open();
    ASSERT_NE(space, nullptr);
    ScratchRegion region = space->map(1 << 20);
    region.reserve(region.bytes());
    static_cast<char*>(region.data())[0] = 'x';
    EXPECT_TRUE(fs::is_empty(dir)) << "a named scratch file was left in the folder";
}

TEST_F(ScratchTest, AFolderThatCannotHoldItIsRefusedWithTheReason) {
    std::string why;
    EXPECT_EQ(ScratchSpace::open(dir / "missing", &why), nullptr);
    EXPECT_NE(why.find((dir / "missing").string()), std::string::npos) << why;
}

TEST_F(ScratchTest, RegionsReadAsZerosAndKeepTheirBytesWhenTheirPagesLeave) {
    auto space = open();
    ASSERT_NE(space, nullptr);
    constexpr std::size_t kBytes = 4 << 20;
    ScratchRegion region = space->map(kBytes);
    ASSERT_GE(region.bytes(), kBytes);
    region.reserve(kBytes);
    auto* bytes = static_cast<unsigned char*>(region.data());
    for (std::size_t i = 0; i < kBytes; i += 4096) EXPECT_EQ(bytes[i], 0) << i;
    for (std::size_t i = 0; i < kBytes; ++i) bytes[i] = static_cast<unsigned char>(i * 7 + 3);
    EXPECT_GE(resident_kib(region.data()), 4000) << "every page was just written";

    space->release_resident();
    EXPECT_LE(resident_kib(region.data()), 64) << "the pages should have left the resident set";
    for (std::size_t i = 0; i < kBytes; ++i) {
        if (bytes[i] != static_cast<unsigned char>(i * 7 + 3)) {
            FAIL() << "byte " << i << " changed across the release";
        }
    }
}

// A region is advised random (smaps shows "rr"), so that a walk over it holds about what it
// passed since its last release. Without the advice a fault on a page not yet in the page cache
// reads and maps a window of the device's read-ahead around it: 4 MiB on a disk with
// read_ahead_kb 8192, which is what an export's last walk over 250 MiB of records added to its
// peak. (Where read-ahead is small the walk passes either way; the flag is checked everywhere.)
TEST_F(ScratchTest, ARegionIsReadAtRandomSoAWalkHoldsLittleOfIt) {
    auto space = open();
    ASSERT_NE(space, nullptr);
    constexpr std::size_t kBytes = 64 << 20;
    ScratchRegion region = space->map(kBytes);
    region.reserve(kBytes);
    const auto flags = smaps_field(region.data(), "VmFlags:");
    ASSERT_TRUE(flags.has_value()) << "the region's mapping is not in /proc/self/smaps";
    EXPECT_NE((" " + *flags + " ").find(" rr "), std::string::npos)
        << "the region was not advised MADV_RANDOM: " << *flags;

    // Records of 220 bytes written front to back and walked back to front, as the reader
    // builds its message list and the model's destruction leaves it, the resident pages
    // released after every 1024 (about 220 KiB).
    auto* bytes = static_cast<unsigned char*>(region.data());
    constexpr std::size_t kRecord = 220;
    constexpr std::size_t kRecords = kBytes / kRecord;
    long most = 0;
    const auto passed = [&](std::size_t count) {
        if (count % 1024 != 0) return;
        most = std::max(most, resident_kib(region.data()));
        region.release_resident();
    };
    for (std::size_t i = 0; i < kRecords; ++i) {
        bytes[i * kRecord] = 1;
        passed(i + 1);
    }
    for (std::size_t i = kRecords; i-- > 0;) {
        if (bytes[i * kRecord] != 1) FAIL() << "record " << i << " lost its byte";
        passed(kRecords - i);
    }
    EXPECT_LE(most, 1024) << "a walk releasing every 220 KiB held " << most << " KiB";
}

// One array's pages can leave the resident set alone (a table touched at random, released more
// often than the rest); an array in memory keeps its contents, since releasing would lose them.
TEST_F(ScratchTest, AnArrayInTheFileReleasesOnlyItsOwnPages) {
    auto space = open();
    ASSERT_NE(space, nullptr);
    constexpr std::size_t kValues = std::size_t{1} << 20U;  // 4 MiB of u32
    ScratchArray<std::uint32_t> first(kValues, space.get());
    ScratchArray<std::uint32_t> second(kValues, space.get());
    ASSERT_TRUE(first.in_scratch());
    for (std::uint32_t i = 0; i < kValues; ++i) {
        first.push_back(i * 3U);
        second.push_back(i * 5U);
    }
    EXPECT_GE(resident_kib(first.data()), 4000);
    first.release_resident();
    EXPECT_LE(resident_kib(first.data()), 64);
    EXPECT_GE(resident_kib(second.data()), 4000) << "only the first array's pages were to go";
    for (std::uint32_t i = 0; i < kValues; ++i) {
        if (first[i] != i * 3U) FAIL() << "value " << i << " changed across the release";
    }
    ScratchArray<std::uint32_t> in_memory(kValues, nullptr);
    ASSERT_FALSE(in_memory.in_scratch());
    for (std::uint32_t i = 0; i < kValues; ++i) in_memory.push_back(i * 7U);
    in_memory.release_resident();
    EXPECT_EQ(in_memory[kValues - 1], (kValues - 1) * 7U);
}

// Positioned reads and writes (for a table looked up at random) see the bytes the mapping
// sees, and the mapping sees theirs, in the file or on the heap; in the file they bring no page
// into the resident set. Past the array, or past what a region has reserved, is refused.
TEST_F(ScratchTest, PositionedReadsAndWritesSeeTheMappingsBytesAndMapNothing) {
    auto space = open(0);
    ASSERT_NE(space, nullptr);
    constexpr std::size_t kValues = std::size_t{1} << 20U;  // 4 MiB of u32
    for (ScratchSpace* where : {space.get(), static_cast<ScratchSpace*>(nullptr)}) {
        SCOPED_TRACE(where != nullptr ? "in the file" : "on the heap");
        ScratchArray<std::uint32_t> array(kValues, where);
        for (std::uint32_t i = 0; i < kValues; ++i) array.push_back(i * 3U);
        array.release_resident();
        std::uint32_t state = 12345;
        std::array<std::uint32_t, 8> run{};
        for (int lookup = 0; lookup < 2000; ++lookup) {
            state = state * 1103515245U + 12345U;
            const std::size_t at = state % (kValues - run.size());
            array.read(at, run.data(), run.size());
            for (std::size_t k = 0; k < run.size(); ++k) {
                if (run[k] != (at + k) * 3U) FAIL() << "value " << at + k << " read back wrong";
            }
        }
        std::uint32_t put = 54321;
        for (int lookup = 0; lookup < 2000; ++lookup) {
            put = put * 1103515245U + 12345U;
            const std::size_t at = put % (kValues - run.size());
            const std::uint32_t written = static_cast<std::uint32_t>(at) * 7U + 1U;
            array.write(at + 1, &written, 1);
        }
        if (where != nullptr) {
            EXPECT_LE(resident_kib(array.data()), 64) << "positioned reads map nothing";
        }
        std::uint32_t check = 54321;
        for (int lookup = 0; lookup < 2000; ++lookup) {
            check = check * 1103515245U + 12345U;
            const std::size_t at = check % (kValues - run.size());
            EXPECT_EQ(array[at + 1], static_cast<std::uint32_t>(at) * 7U + 1U) << at;
        }
        array[17] = 99;
        std::uint32_t seventeen = 0;
        array.read(17, &seventeen, 1);
        EXPECT_EQ(seventeen, 99U) << "a write through the mapping is read back";
        std::uint32_t one = 0;
        EXPECT_THROW(array.read(kValues, &one, 1), std::length_error);
        EXPECT_THROW(array.read(kValues - 1, run.data(), 2), std::length_error);
        EXPECT_THROW(array.write(kValues, &one, 1), std::length_error);
        EXPECT_NO_THROW(array.read(kValues, &one, 0));
    }
    ScratchRegion region = space->map(1 << 20);
    const char bytes[4] = {'a', 'b', 'c', 'd'};
    EXPECT_THROW(region.write(0, bytes, 4), std::out_of_range) << "nothing reserved yet";
    region.reserve(region.bytes());
    region.write(4092, bytes, 4);
    EXPECT_EQ(static_cast<const char*>(region.data())[4095], 'd');
    EXPECT_THROW(region.write(region.bytes() - 2, bytes, 4), std::out_of_range);
    char back[4] = {};
    region.read(4092, back, 4);
    EXPECT_EQ(std::string(back, 4), "abcd");
    EXPECT_THROW(region.read(region.bytes() - 2, back, 4), std::out_of_range);
}

TEST_F(ScratchTest, MappedBytesFollowTheRegionsAlive) {
    auto space = open();
    ASSERT_NE(space, nullptr);
    {
        ScratchRegion a = space->map(100'000);  // rounded up to pages
        ScratchRegion b = space->map(8192);
        EXPECT_EQ(space->bytes_mapped(), a.bytes() + b.bytes());
        EXPECT_EQ(a.bytes() % 4096, 0u);
        const char* first = static_cast<const char*>(a.data());
        EXPECT_TRUE(space->holds(first));
        EXPECT_TRUE(space->holds(first + a.bytes() - 1));
        EXPECT_TRUE(space->holds(static_cast<const char*>(b.data()) + 8191));
        const int on_the_stack = 0;
        EXPECT_FALSE(space->holds(&on_the_stack));
        ScratchRegion moved = std::move(a);
        EXPECT_EQ(a.data(), nullptr);
        EXPECT_EQ(space->bytes_mapped(), moved.bytes() + b.bytes());
        EXPECT_TRUE(space->holds(first));
    }
    EXPECT_EQ(space->bytes_mapped(), 0u);
    EXPECT_FALSE(space->holds(nullptr));
    EXPECT_GE(space->peak_bytes_mapped(), 100'000u + 8192u);
}

TEST_F(ScratchTest, SmallArraysStayOnTheHeapLargeOnesGoToTheFile) {
    auto space = open();
    ASSERT_NE(space, nullptr);
    ScratchArray<std::uint32_t> small(1000, space.get());
    ScratchArray<std::uint32_t> large(1'000'000, space.get());
    ScratchArray<std::uint32_t> without(1'000'000, nullptr);
    EXPECT_FALSE(small.in_scratch());
    EXPECT_TRUE(large.in_scratch());
    EXPECT_FALSE(without.in_scratch());
    for (auto* array : {&small, &large, &without}) {
        for (std::uint32_t i = 0; i < 1000; ++i) array->push_back(i * 3);
        ASSERT_EQ(array->size(), 1000u);
        EXPECT_EQ((*array)[999], 2997u);
        EXPECT_EQ(std::accumulate(array->begin(), array->end(), std::uint64_t{0}),
                  std::uint64_t{3} * 999 * 1000 / 2);
    }
    EXPECT_EQ(large.heap_bytes(), 0u);
    EXPECT_GT(without.heap_bytes(), 0u);
}

TEST_F(ScratchTest, AnArrayIsFilledAndCopiedAsOnTheHeap) {
    auto space = open(0);
    ASSERT_NE(space, nullptr);
    ScratchArray<std::uint8_t> zeros(300'000, space.get());
    zeros.assign(300'000, 0);
    EXPECT_TRUE(zeros.in_scratch());
    EXPECT_EQ(std::count(zeros.begin(), zeros.end(), 0), 300'000);
    ScratchArray<std::uint8_t> filled(10, space.get());
    filled.assign(10, 0xAB);
    EXPECT_EQ(std::count(filled.begin(), filled.end(), 0xAB), 10);
    filled.assign(4, 0);  // over what was there: written, not assumed zero
    EXPECT_EQ(std::count(filled.begin(), filled.end(), 0), 4);
    const std::vector<std::uint8_t> values{1, 2, 3};
    filled.assign(std::span<const std::uint8_t>(values));
    EXPECT_EQ(std::vector<std::uint8_t>(filled.begin(), filled.end()), values);
}

TEST_F(ScratchTest, PastTheCapacityIsRefused) {
    auto space = open(0);
    ASSERT_NE(space, nullptr);
    for (ScratchSpace* where : {space.get(), static_cast<ScratchSpace*>(nullptr)}) {
        ScratchArray<std::uint16_t> array(2, where);
        array.push_back(1);
        array.push_back(2);
        EXPECT_THROW(array.push_back(3), std::length_error);
        EXPECT_THROW(array.assign(3, 0), std::length_error);
        const std::uint16_t one = 9;
        EXPECT_THROW(array.append(std::span<const std::uint16_t>(&one, 1)), std::length_error);
    }
}

// Appending in pieces, in the file or on the heap, gives the array the pieces in order; an
// append that would pass the capacity is refused whole and leaves the array as it was.
TEST_F(ScratchTest, PiecesAppendedInOrderAndNotPastTheCapacity) {
    auto space = open(0);
    ASSERT_NE(space, nullptr);
    std::vector<std::uint8_t> values(200'000);
    for (std::size_t i = 0; i < values.size(); ++i) values[i] = static_cast<std::uint8_t>(i * 7);
    for (ScratchSpace* where : {space.get(), static_cast<ScratchSpace*>(nullptr)}) {
        ScratchArray<std::uint8_t> array(values.size() + 5, where);
        const std::span<const std::uint8_t> all(values);
        for (std::size_t at = 0; at < values.size(); at += 4099) {
            array.append(all.subspan(at, std::min<std::size_t>(4099, values.size() - at)));
        }
        array.append({});
        EXPECT_EQ(array.in_scratch(), where != nullptr);
        ASSERT_EQ(array.size(), values.size());
        EXPECT_TRUE(std::equal(array.begin(), array.end(), values.begin()));
        EXPECT_THROW(array.append(all.first(6)), std::length_error);
        EXPECT_EQ(array.size(), values.size());
        array.append(all.first(5));
        EXPECT_EQ(array[values.size() + 4], values[4]);
    }
}

// A file that may not grow (RLIMIT_FSIZE): the region cannot be made, and that is an IoError
// naming the scratch file, not a crash. (A full disk met by ScratchRegion::reserve()'s
// fallocate is the same IoError; this test cannot make a disk full, so that path is checked by
// reading the code, not here.)
TEST_F(ScratchTest, AFileThatCannotGrowIsAnIoError) {
    auto space = open(0);
    ASSERT_NE(space, nullptr);
    rlimit before{};
    ASSERT_EQ(::getrlimit(RLIMIT_FSIZE, &before), 0);
    const auto old_handler = std::signal(SIGXFSZ, SIG_IGN);
    rlimit limited = before;
    limited.rlim_cur = 1 << 20;
    ASSERT_EQ(::setrlimit(RLIMIT_FSIZE, &limited), 0);
    bool thrown = false;
    try {
        ScratchArray<std::uint64_t> array(1 << 20, space.get());  // 8 MiB of capacity
        for (std::uint64_t i = 0; i < (1 << 20); ++i) array.push_back(i);
    } catch (const IoError& error) {
        thrown = true;
        EXPECT_NE(std::string(error.what()).find("scratch file"), std::string::npos);
    }
    ::setrlimit(RLIMIT_FSIZE, &before);
    std::signal(SIGXFSZ, old_handler);
    EXPECT_TRUE(thrown);
}

TEST_F(ScratchTest, AContainerWithTheAllocatorKeepsLargeStorageInTheFile) {
    auto space = open();
    ASSERT_NE(space, nullptr);
    struct Record {
        std::uint32_t number = 0;
        std::string text;  // its own allocation stays on the heap
    };
    std::vector<Record, ScratchAllocator<Record>> records{ScratchAllocator<Record>(space)};
    records.reserve(10'000);
    EXPECT_GE(space->bytes_mapped(), 10'000 * sizeof(Record));
    for (std::uint32_t i = 0; i < 10'000; ++i) {
        records.push_back({i, "record number " + std::to_string(i) + " with a long text"});
    }
    space->release_resident();
    for (std::uint32_t i = 0; i < 10'000; ++i) {
        ASSERT_EQ(records[i].number, i);
        ASSERT_EQ(records[i].text, "record number " + std::to_string(i) + " with a long text");
    }
    std::vector<Record, ScratchAllocator<Record>> small{ScratchAllocator<Record>(space)};
    const auto mapped = space->bytes_mapped();
    small.push_back({1, "one"});  // below the minimum: the heap
    EXPECT_EQ(space->bytes_mapped(), mapped);
    records.clear();
    records.shrink_to_fit();
    EXPECT_LT(space->bytes_mapped(), mapped);
}

}  // namespace
}  // namespace ccsalvage
