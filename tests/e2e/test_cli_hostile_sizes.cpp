// Hostile sizes and counts: each fixture corrupts one field of a good one (a size line of
// samples/ccm/clean-itemsize.ccm; a header field or chain link of the post office written from
// tests/support/po_fixture.hpp, block CRC resealed so the reader trusts the block) or repeats a
// structure thousands of times. What must hold: ccsalvage completes (exit 1 with events, never
// 3, 4 or a signal), and its peak resident memory (wait4's ru_maxrss of the ccsalvage process)
// stays far below what believing the field would take.
#include <gtest/gtest.h>
#include <sys/resource.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "parsers/po/block.hpp"
#include "parsers/po/bytes.hpp"
#include "parsers/po/layout_block.hpp"
#include "parsers/po/layout_file_header.hpp"
#include "support/po_fixture.hpp"
#include "support/test_files.hpp"
#include "test_cli_support.hpp"

namespace ccsalvage::e2e {
namespace {

namespace fs = std::filesystem;

// Peak memory allowed: a few times what reading the small samples takes (the sanitizer build
// needs more), far below the gigabytes a believed 2^63 or 2^32 would ask for.
constexpr long kMaxRssKib = 256 * 1024;

class HostileSizes : public ::testing::Test {
  protected:
    void SetUp() override {
        area = fresh_temp_dir(::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::create_directories(area);
    }
    void TearDown() override { fs::remove_all(area); }

    // Runs `arguments` on `input`; expects completion with problems reported, bounded memory.
    // `allowed`: exit codes that count as completing (1: problems reported, as every
    // corrupted fixture must give).
    void expect_bounded(const std::string& arguments, const fs::path& input,
                        const std::string& what, std::vector<int> allowed = {1}) {
        const InputsUnchanged inputs{input};
        const auto log = area / "log.txt";
        const auto r =
            run_measured("cd '" + area.string() + "' && exec '" CCSALVAGE_BINARY "' " + arguments +
                         " '" + input.string() + "' >'" + log.string() + "' 2>&1");
        EXPECT_NE(std::find(allowed.begin(), allowed.end(), r.exit_code), allowed.end())
            << what << ": " << arguments << ": exit " << r.exit_code;
        EXPECT_LT(r.max_rss_kib, kMaxRssKib) << what << ": " << arguments;
        EXPECT_GT(fs::file_size(log), 0u) << what;
        RecordProperty(what + " " + arguments + " max_rss_kib", std::to_string(r.max_rss_kib));
    }

    void expect_bounded_ccm(const std::string& bytes, const std::string& what,
                            const std::vector<int>& allowed = {1}) {
        const auto input = area / "in.ccm";
        std::ofstream(input, std::ios::binary) << bytes;
        expect_bounded("inspect --json", input, what, allowed);
        expect_bounded("export --format eml -q --out '" +
                           (area / ("out-" + std::to_string(++runs))).string() + "'",
                       input, what, allowed);
    }

    fs::path area;
    int runs = 0;
};

// The sample with the first occurrence of `line` (a whole line, CR LF included) replaced.
std::string with_line(const std::string& line, const std::string& replacement) {
    std::string bytes = testing::sample("ccm/clean-itemsize.ccm");
    const auto at = bytes.find("\r\n" + line + "\r\n");
    if (at == std::string::npos) throw std::runtime_error("no line " + line);
    bytes.replace(at + 2, line.size(), replacement);
    return bytes;
}

TEST_F(HostileSizes, MessageSizeOfTwoToTheSixtyThird) {
    expect_bounded_ccm(with_line("1280", "9223372036854775808"), "Message: 2^63");
    expect_bounded_ccm(with_line("1280", "18446744073709551615"), "Message: 2^64-1");
    expect_bounded_ccm(with_line("1280", std::string(4000, '9')), "Message: 4000 digits");
}

TEST_F(HostileSizes, ContentsAndItemSizesAtTheirMaximum) {
    expect_bounded_ccm(with_line("1108", "9223372036854775807"), "Contents: 2^63-1");
    expect_bounded_ccm(with_line("54", "18446744073709551615"), "text item size 2^64-1");
    expect_bounded_ccm(with_line("984", "9223372036854775808"), "file item size 2^63");
}

TEST_F(HostileSizes, ThousandsOfItemsAndMessages) {
    std::string items = "Message:\r\nFrom: A at B\r\nSubject: many\r\nContents:\r\n";
    for (int i = 0; i < 50000; ++i) items += "Text item:\r\n1\r\nx\r\n";
    std::string many_messages;
    for (int i = 0; i < 1000; ++i) many_messages += "Message:\r\nContents:\r\n";
    // One message with 50,000 items (over the per-message bound: reported, not believed),
    // and 1,000 empty messages, each exported as its own file (fsync'd: kept small for time).
    expect_bounded_ccm(with_line("1280", "1280") + items, "50,000 items in one message");
    expect_bounded_ccm(many_messages, "1,000 empty messages", {0, 1});
}

// ---- Post offices. -----------------------------------------------------------------------

class HostilePostOffice : public HostileSizes {
  protected:
    void SetUp() override {
        HostileSizes::SetUp();
        files = po::build_post_office(testing::sample_spec());
    }
    fs::path write_office() {
        const auto office = area / ("PO" + std::to_string(++runs));
        fs::create_directories(office);
        std::ofstream(office / "CLANDATA", std::ios::binary) << files.clandata;
        std::ofstream(office / "MLANDATA", std::ios::binary) << files.mlandata;
        for (const auto& [name, bytes] : files.mailboxes) {
            std::ofstream(office / name, std::ios::binary) << bytes;
        }
        return office;
    }
    void check(const std::string& what) {
        const auto office = write_office();
        expect_bounded("analyze", office, what);
        expect_bounded("analyze --json", office, what);
    }
    static std::uint32_t block_size(const std::string& file) {
        return po::get_u16(file, po::layout::file_header::kBlockSize).value_or(512);
    }
    po::PostOfficeFiles files;
};

TEST_F(HostilePostOffice, HeaderClaimsTwoToTheThirtySecondBlocks) {
    for (std::string* file : {&files.clandata, &files.mlandata}) {
        po::put_u32(*file, po::layout::file_header::kTotalBlocks, 0xFFFFFFFFu);
        po::seal_block(*file, 0, block_size(*file));
        po::put_u32(*file, block_size(*file) + po::layout::file_header::kTotalBlocks, 0xFFFFFFFFu);
        po::seal_block(*file, block_size(*file), block_size(*file));
    }
    check("total_blocks 2^32-1 in CLANDATA and MLANDATA");
}

TEST_F(HostilePostOffice, EveryChainLinkPointsBackAtItsHead) {
    // Each record's first block names itself as the next: a chain that loops forever if followed.
    const std::uint32_t size = block_size(files.clandata);
    std::size_t looped = 0;
    for (std::size_t offset = 2 * size; offset + size <= files.clandata.size(); offset += size) {
        const char type = files.clandata[offset + 1];
        if (type != po::layout::block::kMessageHeader && type != po::layout::block::kDirectoryEntry)
            continue;
        po::put_u32(files.clandata, offset + po::layout::block::kNextBlock,
                    static_cast<std::uint32_t>(offset / size));
        po::seal_block(files.clandata, offset, size);
        ++looped;
    }
    ASSERT_GT(looped, 3u);
    check("chains that loop");
}

// The q179072-small set with `copies` more queued files (MSG2000.CCM ... in Import.bak), copies
// of one of its .ccm files, for the descriptor-limit tests below.
fs::path store_with_copies(const fs::path& area, unsigned copies) {
    const fs::path set = area / "set";
    fs::copy(fs::path(CCSALVAGE_SOURCE_DIR) / "samples/po/q179072-small", set,
             fs::copy_options::recursive);
    const fs::path sample = set / "Ccmcdata/Export.bak/MSG15B7.CCM";
    for (unsigned n = 0; n < copies; ++n) {
        char name[16];
        std::snprintf(name, sizeof name, "MSG%04X.CCM", 0x2000 + n);
        fs::copy_file(sample, set / "Ccmcdata/Import.bak" / name);
    }
    return set;
}

// Runs repair and rescue (with `rescue_options`) of `set` under `ulimit -n fds` (which sets the
// soft and the hard limit); both must complete (exit 0 or 1).
void expect_repair_and_rescue_within(const fs::path& area, const fs::path& set, unsigned fds,
                                     const std::string& rescue_options) {
    const InputsUnchanged inputs{set};
    const std::string limited = "cd '" + area.string() + "' && ulimit -n " + std::to_string(fds) +
                                " && exec '" + CCSALVAGE_BINARY + "' ";
    const std::string po = "'" + (set / "SALES1").string() + "'";
    const std::string connector = " --connector '" + (set / "Ccmcdata").string() + "'";
    const auto repair = run_measured(limited + "repair " + po + connector + " --out '" +
                                     (area / "repaired").string() + "' >repair.log 2>&1");
    EXPECT_TRUE(repair.exit_code == 0 || repair.exit_code == 1)
        << "repair: exit " << repair.exit_code << "\n"
        << ccsalvage::testing::read_file((area / "repair.log").string());
    const auto rescue = run_measured(limited + "rescue " + po + connector + rescue_options +
                                     " --case '" + (area / "case").string() + "' >rescue.log 2>&1");
    EXPECT_TRUE(rescue.exit_code == 0 || rescue.exit_code == 1)
        << "rescue: exit " << rescue.exit_code << "\n"
        << ccsalvage::testing::read_file((area / "rescue.log").string());
}

// A connector store of many files: each mapped file must cost no more than the mapping's own
// descriptor, once. With the open-file limit at 2,048 (soft and hard), 1,500 queued files pass;
// when every file also kept a descriptor for reading and rescue mapped the store twice (the
// evidence set and the repair's copies), they ran out and rescue failed with exit 3 ("Too many
// open files", found on a generated 1 GiB case of 11,000 files).
TEST_F(HostileSizes, ConnectorStoreOfManyFilesStaysWithinTheDescriptorLimit) {
    ::rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_max < 2048) {
        GTEST_SKIP() << "the hard open-file limit is below 2,048; the test lowers it to 2,048";
    }
    expect_repair_and_rescue_within(area, store_with_copies(area, 1500), 2048, "");
}

// A store with more files than the process may open at all (the hard limit, which the binary
// cannot raise): rescue keeps open only the post office's files and the .und logs and hashes
// the rest one at a time; repair's connector index maps each file only while indexing it.
TEST_F(HostileSizes, ConnectorStoreOfMoreFilesThanTheHardLimitIsRescued) {
    constexpr unsigned kCopies = 600;
    const fs::path set = store_with_copies(area, kCopies);
    expect_repair_and_rescue_within(area, set, 256, " --jobs 2");
    // Every copy is in the chain of custody, hashed before and after.
    const auto manifest = nlohmann::json::parse(
        ccsalvage::testing::read_file((area / "case/manifest.json").string()));
    const auto copy_size = fs::file_size(set / "Ccmcdata/Export.bak/MSG15B7.CCM");
    std::size_t copies = 0;
    for (const auto& input : manifest["inputs"]) {
        const std::string file = input["file"];
        if (file.find("Import.bak/MSG2") == std::string::npos) continue;  // the copies
        ++copies;
        EXPECT_EQ(input["sha256_before"], input["sha256_after"]) << file;
        EXPECT_EQ(input["size_before"].get<std::uint64_t>(), copy_size) << file;
    }
    EXPECT_EQ(copies, kCopies);
}

}  // namespace
}  // namespace ccsalvage::e2e
