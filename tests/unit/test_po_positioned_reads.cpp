// A post office read from its files reads the allocation table's chain and every item's extents
// with pread (StoreFile::reads); read from views of the same bytes it reads them through the
// mapping. Both give the same model and the same events, byte offsets included: on every sample
// post office, and on one whose extents were damaged where the item walk looks (plain text in
// an extent head and in data that fails its CRC, non-zero slack after the data).
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "parsers/po/reader.hpp"
#include "support/event_text.hpp"
#include "support/test_files.hpp"

namespace ccsalvage::po {
namespace {

namespace fs = std::filesystem;

using testing::events_of;

std::string items_of(const PostOffice& po) {
    std::string out;
    for (const MessageRecord& m : po.messages) {
        out += std::to_string(m.header.message_number) + ":";
        for (const ItemState& item : m.items) {
            out += " " + std::to_string(item.present) + std::to_string(item.intact);
            for (const auto block : item.extent_blocks) out += "/" + std::to_string(block);
        }
        out += "\n";
    }
    return out;
}

// The same files as views only: no evidence file behind them, so no pread.
PostOfficeSource views_of(const PostOfficeSource& source) {
    PostOfficeSource views = source;
    for (SourceFile& file : views.files) file.evidence = nullptr;
    return views;
}

// The events of a read from the files, compared with a read from views.
std::string expect_both_ways_alike(const fs::path& office, std::size_t& events) {
    SCOPED_TRACE(office.string());
    const auto folder = PostOfficeFolder::open(office);
    EventLog by_reads_log, by_mapping_log;
    const PostOffice by_reads = read_post_office(folder.source(), ReadOptions{}, by_reads_log);
    const PostOffice by_mapping =
        read_post_office(views_of(folder.source()), ReadOptions{}, by_mapping_log);
    EXPECT_EQ(events_of(by_reads_log), events_of(by_mapping_log));
    EXPECT_EQ(items_of(by_reads), items_of(by_mapping));
    events += by_reads_log.events().size();
    return events_of(by_reads_log);
}

class PoPositionedReads : public ::testing::Test {
  protected:
    void SetUp() override {
        dir = fs::temp_directory_path() / ("ccsalvage-po-preads-" + std::to_string(::getpid()));
        fs::remove_all(dir);
        fs::create_directories(dir);
    }
    void TearDown() override { fs::remove_all(dir); }
    fs::path dir;
};

TEST_F(PoPositionedReads, SamplePostOfficesReadTheSameFromTheirFilesAndFromViews) {
    std::size_t offices = 0, events = 0;
    for (const std::filesystem::path& office : testing::sample_post_offices()) {
        expect_both_ways_alike(office, events);
        ++offices;
    }
    EXPECT_GE(offices, 10u);
    EXPECT_GT(events, 0u);
}

TEST_F(PoPositionedReads, DamagedExtentsAreReportedTheSameBothWays) {
    const fs::path office = dir / "SALES1";
    fs::copy(fs::path(CCSALVAGE_SAMPLES_DIR) / "po/q179072-small/SALES1", office);
    std::vector<std::uint32_t> heads;
    std::uint32_t block_size = 0;
    {
        const auto folder = PostOfficeFolder::open(office);
        EventLog log;
        const PostOffice po = read_post_office(folder.source(), ReadOptions{}, log);
        ASSERT_NE(po.file(FileKind::mlandata), nullptr);
        block_size = po.file(FileKind::mlandata)->block_size;
        for (const MessageRecord& m : po.messages) {
            for (const ItemState& item : m.items) {
                if (!item.extent_blocks.empty()) heads.push_back(item.extent_blocks.front());
            }
        }
    }
    ASSERT_GE(heads.size(), 3u);
    std::string mlandata;
    {
        std::ifstream in(office / "MLANDATA", std::ios::binary);
        mlandata.assign(std::istreambuf_iterator<char>(in), {});
    }
    const auto at = [&](std::uint32_t block, std::size_t offset) {
        return std::size_t{block} * block_size + offset;
    };
    mlandata.replace(at(heads[0], 20), 24, "CONSOLE OUTPUT IN A HEAD");          // an extent head
    mlandata.replace(at(heads[1], 60), 32, "C:\\> console text in item data.");  // CRC fails
    mlandata[at(heads[2], block_size - 1)] = 'x';  // slack after the data, if it is there
    {
        std::ofstream out(office / "MLANDATA", std::ios::binary | std::ios::trunc);
        out << mlandata;
    }
    std::size_t events = 0;
    const std::string found = expect_both_ways_alike(office, events);
    EXPECT_NE(found.find("PO-014"), std::string::npos) << found;  // plain text
    EXPECT_NE(found.find("PO-029"), std::string::npos) << found;  // the CRC
    EXPECT_NE(found.find("PO-013"), std::string::npos) << found;  // the slack
}

}  // namespace
}  // namespace ccsalvage::po
