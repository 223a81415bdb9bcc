// The export's copy of the message records in the scratch file (export/record_store.hpp): every
// record read back equals the one in the list, and every number is found where
// PostOffice::find_message finds it, on every sample post office and on one with hundreds of
// messages looked up through runs of several sizes.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <limits>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>

#include "core/scratch.hpp"
#include "export/record_store.hpp"
#include "parsers/po/reader.hpp"
#include "support/po_fixture.hpp"
#include "support/test_files.hpp"

namespace ccsalvage::exporting {
namespace {

namespace fs = std::filesystem;

// Everything a compact record keeps, as text: equal texts are equal records for this test.
std::string text_of(const po::MessageRecord& m) {
    const po::MessageHeader& h = m.header;
    std::string out =
        std::to_string(h.message_number) + " d" + std::to_string(h.date.date) + "." +
        std::to_string(h.date.time) + " a" + std::to_string(h.arrival.date) + "." +
        std::to_string(h.arrival.time) + " f" + std::to_string(h.flags) + " n" +
        std::to_string(h.item_count) + "/" + std::to_string(h.recipient_count) + "/" +
        std::to_string(h.reference_count) + " s" + std::to_string(h.sender_entry_id) + " t" +
        std::to_string(h.total_item_bytes) + " p" + std::to_string(static_cast<int>(m.provenance)) +
        " k" + std::to_string(static_cast<int>(m.file)) + " c" + std::to_string(m.compact) + " b" +
        std::to_string(m.payload_bytes) + " w" + std::to_string(m.place.write_serial) + " place";
    for (const auto block : m.place.blocks) out += " " + std::to_string(block);
    out += " " + std::to_string(m.place.readable) + std::to_string(m.place.intact) +
           std::to_string(m.place.complete) + std::to_string(m.place.malformed) + " items";
    for (const po::ItemState& item : m.items) {
        out += " " + std::to_string(item.present) + std::to_string(item.intact) + "/" +
               std::to_string(item.extent_blocks.size());
    }
    return out + " h" + h.sender + "|" + h.subject + "|" + std::to_string(h.recipients.size()) +
           "|" + std::to_string(h.items.size());
}

std::optional<std::size_t> found_by_office(const po::PostOffice& office, std::uint32_t number) {
    const po::MessageRecord* record = office.find_message(number);
    if (record == nullptr) return std::nullopt;
    return static_cast<std::size_t>(record - office.messages.data());
}

// Every record and every number (and a few that are not there) against the office's own.
void expect_same_as_office(const po::PostOffice& office, const RecordStore& store) {
    ASSERT_EQ(store.size(), office.messages.size() + office.recovered_messages.size());
    EXPECT_EQ(store.messages(), office.messages.size());
    for (std::size_t i = 0; i < store.size(); ++i) {
        EXPECT_EQ(text_of(store.read(i)), text_of(office.record_at(i))) << "position " << i;
    }
    std::set<std::uint32_t> numbers = {0, 1, 2, std::numeric_limits<std::uint32_t>::max()};
    for (const po::MessageRecord& m : office.messages) {
        numbers.insert(m.header.message_number);
        numbers.insert(m.header.message_number + 1);
        numbers.insert(m.header.message_number - 1);
    }
    for (const po::MessageRecord& m : office.recovered_messages) {
        numbers.insert(m.header.message_number);  // found only if a listed message has it too
    }
    for (const std::uint32_t n : numbers) {
        EXPECT_EQ(store.position_of(n), found_by_office(office, n)) << "number " << n;
    }
}

class RecordStoreTest : public ::testing::Test {
  protected:
    void SetUp() override {
        dir = fs::temp_directory_path() / ("ccsalvage-record-store-" + std::to_string(::getpid()));
        fs::remove_all(dir);
        fs::create_directories(dir);
    }
    void TearDown() override { fs::remove_all(dir); }
    // A compact read, as the export's, with every list in a scratch space (minimum 0).
    po::ReadOptions compact_in_scratch() const {
        po::ReadOptions options;
        options.messages = po::MessageDetail::compact;
        options.scratch = ScratchSpace::open(dir, nullptr, 0);
        return options;
    }
    fs::path dir;
};

TEST_F(RecordStoreTest, EverySamplePostOfficeReadsBackTheSameRecordsAndFindsTheSameNumbers) {
    std::size_t offices = 0, records = 0;
    for (const std::filesystem::path& office_dir : testing::sample_post_offices()) {
        SCOPED_TRACE(office_dir.string());
        const auto folder = po::PostOfficeFolder::open(office_dir);
        const po::ReadOptions options = compact_in_scratch();
        ASSERT_NE(options.scratch, nullptr);
        EventLog log;
        const po::PostOffice office = po::read_post_office(folder.source(), options, log);
        for (const std::size_t per_read : {std::size_t{1}, std::size_t{3}, std::size_t{512}}) {
            const auto store = RecordStore::copy_of(office, per_read);
            ASSERT_TRUE(store.has_value());
            expect_same_as_office(office, *store);
        }
        ++offices;
        records += office.messages.size();
    }
    EXPECT_GE(offices, 10u);
    EXPECT_GT(records, 100u);
}

// Hundreds of messages, some numbers given twice or twenty times (the first in list order is
// found), and recovered records after them, looked up through runs of 1, 7 and 64 entries and a
// single one.
TEST_F(RecordStoreTest, ManyMessagesAreFoundThroughRunsOfEverySize) {
    po::PostOfficeSpec spec = testing::sample_spec();
    const po::MessageSpec model = spec.messages[0];
    for (std::uint32_t i = 0; i < 400; ++i) {
        po::MessageSpec m = model;
        m.message_number = 1000 + 3 * i;
        m.subject = "Quarterly figures " + std::to_string(i);
        spec.messages.push_back(m);
        spec.mailboxes[0].folders[0].entries.push_back({m.message_number, m.arrival, 0});
    }
    const po::PostOfficeFiles files = po::build_post_office(spec);
    const po::PostOfficeSource source = testing::source_of(files);
    EventLog log;
    po::PostOffice office = po::read_post_office(source, compact_in_scratch(), log);
    ASSERT_GT(office.messages.size(), 400u);
    // The writer refuses a number given twice; a damaged index has them. Twenty records share
    // one number (a span of equal keys across several runs), and every tenth takes the number of
    // the one before it.
    for (std::size_t i = 100; i < 120; ++i) {
        office.messages[i].header.message_number = office.messages[200].header.message_number;
    }
    for (std::size_t i = 250; i < office.messages.size(); i += 10) {
        office.messages[i].header.message_number = office.messages[i - 1].header.message_number;
    }
    office.index_lookups();
    // No sample has recovered records (the census finds them in damaged files): copies of
    // listed ones stand for them, lost and stale, with numbers no listed message has.
    for (std::uint32_t i = 0; i < 30; ++i) {
        po::MessageRecord recovered = office.messages[i * 7];
        recovered.header.message_number = 900000 + i;
        recovered.provenance = i % 2 == 0 ? po::Provenance::lost : po::Provenance::stale;
        recovered.file = i % 3 == 0 ? po::FileKind::mlandata : po::FileKind::clandata;
        office.recovered_messages.push_back(std::move(recovered));
    }
    for (const std::size_t per_read :
         {std::size_t{1}, std::size_t{7}, std::size_t{64}, std::size_t{100000}}) {
        SCOPED_TRACE(per_read);
        const auto store = RecordStore::copy_of(office, per_read);
        ASSERT_TRUE(store.has_value());
        expect_same_as_office(office, *store);
    }
}

TEST_F(RecordStoreTest, ARecordReadBackOutlivesThePostOffice) {
    const auto folder =
        po::PostOfficeFolder::open(fs::path(CCSALVAGE_SAMPLES_DIR) / "po/q179072-small/SALES1");
    std::optional<po::MessageRecord> kept;
    std::string expected;
    {
        EventLog log;
        const po::PostOffice office =
            po::read_post_office(folder.source(), compact_in_scratch(), log);
        ASSERT_FALSE(office.messages.empty());
        const auto store = RecordStore::copy_of(office);
        ASSERT_TRUE(store.has_value());
        kept = store->read(0);
        expected = text_of(office.messages[0]);
        EXPECT_THROW(static_cast<void>(store->read(store->size())), std::out_of_range);
    }
    ASSERT_FALSE(kept->place.blocks.empty());
    EXPECT_EQ(text_of(*kept), expected);  // its lists were copied to the heap
}

// Where a copy would only double the list on the heap, or could not hold a record whole, there
// is none: the export then reads the list itself.
TEST_F(RecordStoreTest, NoCopyOfListsOnTheHeapOrOfRecordsThatAreNotCompact) {
    const auto folder =
        po::PostOfficeFolder::open(fs::path(CCSALVAGE_SAMPLES_DIR) / "po/q179072-small/SALES1");
    po::ReadOptions on_heap;
    on_heap.messages = po::MessageDetail::compact;
    EventLog heap_log;
    EXPECT_FALSE(RecordStore::copy_of(po::read_post_office(folder.source(), on_heap, heap_log)));

    po::ReadOptions whole = compact_in_scratch();
    whole.messages = po::MessageDetail::full;
    EventLog whole_log;
    EXPECT_FALSE(RecordStore::copy_of(po::read_post_office(folder.source(), whole, whole_log)));

    EventLog log;
    po::PostOffice office = po::read_post_office(folder.source(), compact_in_scratch(), log);
    ASSERT_TRUE(RecordStore::copy_of(office));
    office.message_lookup.pop_back();  // a lookup that no longer matches the list
    EXPECT_FALSE(RecordStore::copy_of(office));
}

}  // namespace
}  // namespace ccsalvage::exporting
