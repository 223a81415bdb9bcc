// The post office reader with a scratch space (ReadOptions::scratch): the census, the
// allocation states, the claims and the message lists in the scratch file instead of on the
// heap change nothing the reader reports or keeps. Every sample post office is read both ways,
// full and compact, with a space that takes every array however small (minimum 0).
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory_resource>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "core/scratch.hpp"
#include "parsers/po/reader.hpp"
#include "support/event_text.hpp"
#include "support/po_fixture.hpp"
#include "support/test_files.hpp"

namespace ccsalvage::po {
namespace {

namespace fs = std::filesystem;

using testing::events_of;

// What the model keeps of each record, as text: equal texts are equal models for this test.
std::string records_of(const MessageList& list) {
    std::string out;
    for (const MessageRecord& m : list) {
        out += std::to_string(m.header.message_number) + " p" +
               std::to_string(static_cast<int>(m.provenance)) + " f" +
               std::to_string(static_cast<int>(m.file)) + " c" + std::to_string(m.compact) + " b" +
               std::to_string(m.payload_bytes) + " s" + m.header.subject + " r" +
               std::to_string(m.header.recipients.size()) + " i" +
               std::to_string(m.header.items.size()) + " t" +
               std::to_string(m.header.total_item_bytes) + " place";
        for (const auto block : m.place.blocks) out += " " + std::to_string(block);
        out += " " + std::to_string(m.place.readable) + std::to_string(m.place.intact) +
               std::to_string(m.place.complete) + std::to_string(m.place.malformed) + " items";
        for (const ItemState& item : m.items) {
            out += " " + std::to_string(item.present) + std::to_string(item.intact) + "/" +
                   std::to_string(item.extent_blocks.size());
        }
        out += "\n";
    }
    return out;
}

std::string model_of(const PostOffice& po) {
    std::string out = records_of(po.messages) + "recovered\n" + records_of(po.recovered_messages);
    out += "directory " + std::to_string(po.directory.size()) + " recovered " +
           std::to_string(po.recovered_directory.size()) + " extents " +
           std::to_string(po.recovered_extents.size()) + " mailboxes " +
           std::to_string(po.mailboxes.size()) + "\n";
    for (const auto& [number, position] : po.message_lookup) {
        out += std::to_string(number) + ":" + std::to_string(position) + " ";
    }
    for (const Mailbox& mb : po.mailboxes) {
        out += "\nmailbox " + std::to_string(mb.file_number) + " table " +
               std::to_string(mb.table.head()) + "/" + std::to_string(mb.table.blocks.size());
        for (const Folder& f : mb.folders) {
            out += "\n folder " + std::to_string(f.descriptor.folder_id) + " list " +
                   std::to_string(f.list.head()) + ":";
            for (const FolderEntry& e : f.entries) {
                out += " " + std::to_string(e.message_number) + "/" + std::to_string(e.flags);
            }
        }
    }
    return out;
}

class PoScratch : public ::testing::Test {
  protected:
    void SetUp() override {
        dir = fs::temp_directory_path() / ("ccsalvage-po-scratch-" + std::to_string(::getpid()));
        fs::remove_all(dir);
        fs::create_directories(dir);
    }
    void TearDown() override { fs::remove_all(dir); }
    // A compact read with every array and list in a scratch space of this test's own.
    ReadOptions compact_in_scratch() const {
        ReadOptions options;
        options.messages = MessageDetail::compact;
        options.scratch = ScratchSpace::open(dir, nullptr, 0);
        return options;
    }
    static const fs::path& small_office() {
        static const fs::path office = fs::path(CCSALVAGE_SAMPLES_DIR) / "po/q179072-small/SALES1";
        return office;
    }
    fs::path dir;
};

TEST_F(PoScratch, SamplePostOfficesReadTheSameWithTheirStateInAScratchFile) {
    std::size_t offices = 0, messages = 0;
    for (const std::filesystem::path& office : testing::sample_post_offices()) {
        SCOPED_TRACE(office.string());
        const auto folder = PostOfficeFolder::open(office);
        for (const auto detail : {MessageDetail::full, MessageDetail::compact}) {
            ReadOptions on_heap;
            on_heap.messages = detail;
            EventLog heap_log;
            const PostOffice from_heap = read_post_office(folder.source(), on_heap, heap_log);

            std::string why;
            ReadOptions in_scratch = on_heap;
            in_scratch.scratch = ScratchSpace::open(dir, &why, 0);
            ASSERT_NE(in_scratch.scratch, nullptr) << why;
            in_scratch = releasing_pages(folder, in_scratch);  // as the export reads
            EventLog scratch_log;
            const PostOffice from_scratch =
                read_post_office(folder.source(), in_scratch, scratch_log);
            EXPECT_GT(in_scratch.scratch->peak_bytes_mapped(), 0u)
                << "nothing went to the scratch file";
            EXPECT_EQ(events_of(scratch_log), events_of(heap_log));
            EXPECT_EQ(model_of(from_scratch), model_of(from_heap));
            messages += from_scratch.messages.size();
        }
        ++offices;
    }
    EXPECT_GE(offices, 10u);
    EXPECT_GT(messages, 100u);
}

// PO-032 deals the messages' identity hashes into 256 runs and sorts each run apart: with
// hundreds of messages, some delivered twice within ten minutes and some two hours apart,
// exactly the first are paired, the same in the scratch file and on the heap.
TEST_F(PoScratch, MessagesDeliveredTwiceArePairedExactlyFromTheirHashes) {
    PostOfficeSpec spec = testing::sample_spec();
    const MessageSpec model = spec.messages[0];
    const auto minute = [](int m) {
        return testing::dos(1998, 6, 2 + m / 1440, (m / 60) % 24, m % 60, 0);
    };
    std::set<std::uint32_t> paired;
    for (std::uint32_t i = 0; i < 600; ++i) {
        MessageSpec m = model;
        m.message_number = 1000 + i;
        m.subject = "Quarterly figures " + std::to_string(i);
        m.arrival = minute(static_cast<int>(3 * i));
        spec.messages.push_back(m);
        spec.mailboxes[0].folders[0].entries.push_back({m.message_number, m.arrival, 0});
        if (i % 12 == 0 || i % 61 == 0) {
            MessageSpec again = m;
            again.message_number = 5000 + i;
            const bool close = i % 12 == 0;
            again.arrival = minute(static_cast<int>(3 * i) + (close ? 5 : 120));
            spec.messages.push_back(again);
            spec.mailboxes[0].folders[0].entries.push_back(
                {again.message_number, again.arrival, 0});
            if (close) paired.insert(again.message_number);
        }
    }
    const PostOfficeFiles files = build_post_office(spec);
    const PostOfficeSource source = testing::source_of(files);
    const auto pairs_in = [](const EventLog& log) {
        std::set<std::uint32_t> numbers;
        for (const auto& e : log.events()) {
            if (e.code != "PO-032") continue;
            numbers.insert(static_cast<std::uint32_t>(std::stoul(e.detail.substr(8))));
        }
        return numbers;
    };
    ReadOptions on_heap;
    on_heap.messages = MessageDetail::compact;
    EventLog heap_log;
    read_post_office(source, on_heap, heap_log);
    EventLog scratch_log;
    read_post_office(source, compact_in_scratch(), scratch_log);
    EXPECT_EQ(paired.size(), 50u);
    EXPECT_EQ(pairs_in(heap_log), paired);
    EXPECT_EQ(pairs_in(scratch_log), paired);
    EXPECT_EQ(events_of(scratch_log), events_of(heap_log));
}

TEST_F(PoScratch, TheMessageListOutlivesTheReadInTheScratchFile) {
    const auto folder = PostOfficeFolder::open(small_office());
    const ReadOptions options = compact_in_scratch();
    ASSERT_NE(options.scratch, nullptr);
    EventLog log;
    const PostOffice po = read_post_office(folder.source(), options, log);
    // The census and the claims are gone with the read; the message list stays.
    ASSERT_FALSE(po.messages.empty());
    EXPECT_EQ(po.messages.get_allocator().space(), options.scratch);
    EXPECT_GE(options.scratch->bytes_mapped(), po.messages.size() * sizeof(MessageRecord));
    EXPECT_LT(options.scratch->bytes_mapped(), options.scratch->peak_bytes_mapped());
    // The lookups by number and entry id are in the file too, and still found after a release.
    EXPECT_TRUE(options.scratch->holds(po.messages.data()));
    ASSERT_EQ(po.message_lookup.size(), po.messages.size());
    EXPECT_TRUE(options.scratch->holds(po.message_lookup.data()));
    ASSERT_FALSE(po.directory.empty());
    EXPECT_TRUE(options.scratch->holds(po.entry_lookup.data()));
    EXPECT_FALSE(options.scratch->holds(&po));
    options.scratch->release_resident();
    EXPECT_EQ(po.find_entry(po.directory.back().entry.entry_id), &po.directory.back());
    const MessageRecord* first = po.find_message(po.messages.front().header.message_number);
    ASSERT_NE(first, nullptr);
    EXPECT_EQ(first, &po.messages.front());
    const MessageRecord whole = load_message(folder.source(), po, *first);
    EXPECT_FALSE(whole.compact);
}

// Each record's own lists are made in the post office's record pool, in the scratch space; a
// copy of a record is made on the heap and outlives the post office, whose every scratch
// region goes with it.
TEST_F(PoScratch, TheRecordsListsAreInThePoolAndACopyOutlivesIt) {
    const auto folder = PostOfficeFolder::open(small_office());
    const ReadOptions options = compact_in_scratch();
    ASSERT_NE(options.scratch, nullptr);
    std::optional<MessageRecord> copy;
    BlockList blocks;
    {
        EventLog log;
        const PostOffice po = read_post_office(folder.source(), options, log);
        ASSERT_NE(po.record_pool, nullptr);
        const std::pmr::memory_resource* pool = po.record_pool.get();
        std::size_t lists = 0;
        for (const MessageList* list : {&po.messages, &po.recovered_messages}) {
            for (const MessageRecord& m : *list) {
                EXPECT_EQ(m.place.blocks.get_allocator().resource(), pool);
                EXPECT_EQ(m.items.get_allocator().resource(), pool);
                ++lists;
            }
        }
        for (const Mailbox& mb : po.mailboxes) {
            EXPECT_EQ(mb.table.blocks.get_allocator().resource(), pool);
            for (const Folder& f : mb.folders) {
                EXPECT_EQ(f.entries.get_allocator().resource(), pool);
                EXPECT_EQ(f.list.blocks.get_allocator().resource(), pool);
                ++lists;
            }
        }
        for (const DirectoryRecord& d : po.directory) {
            EXPECT_EQ(d.place.blocks.get_allocator().resource(), pool);
        }
        EXPECT_GT(lists, 20u);
        ASSERT_FALSE(po.messages.front().place.blocks.empty());
        copy = po.messages.front();
        blocks.assign(po.messages.front().place.blocks.begin(),
                      po.messages.front().place.blocks.end());
        EXPECT_EQ(copy->place.blocks.get_allocator().resource(), std::pmr::get_default_resource());
        EXPECT_GT(options.scratch->bytes_mapped(), 0u);
    }
    EXPECT_EQ(options.scratch->bytes_mapped(), 0u) << "a region outlived the post office";
    EXPECT_EQ(copy->place.blocks, blocks);
}

// Resets the process's peak resident set (VmHWM) to what is resident now; false where the
// kernel does not let it (then the test that needs it is skipped).
bool reset_peak_resident() {
    std::ofstream clear("/proc/self/clear_refs");
    clear << "5";
    clear.flush();
    return static_cast<bool>(clear);
}

// The "VmRSS" or "VmHWM" line of /proc/self/status, in KiB.
long status_kib(const std::string& field) {
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line)) {
        if (line.rfind(field + ":", 0) == 0) return std::stol(line.substr(field.size() + 1));
    }
    return -1;
}

// Destroying a record reads it: a message list in a scratch space is destroyed with its pages
// released on the way, so that the end of a run does not make the whole list resident (33 MiB
// at 153,000 records was the 4 GiB export's peak).
// The resident KiB of the mapping that holds `address` (its line in /proc/self/smaps).
long mapping_resident_kib(const void* address) {
    std::ifstream smaps("/proc/self/smaps");
    const auto at = reinterpret_cast<std::uintptr_t>(address);
    bool inside = false;
    for (std::string line; std::getline(smaps, line);) {
        std::uintptr_t from = 0, to = 0;
        if (std::sscanf(line.c_str(), "%lx-%lx ", &from, &to) == 2) {
            inside = from <= at && at < to;
            continue;
        }
        if (inside && line.rfind("Rss:", 0) == 0) return std::stol(line.substr(4));
    }
    return -1;
}

// Each mailbox file is handed back whole once its walk is done (its folder lists hold a folder
// entry per filing: 14 MiB of mailbox files stayed resident to the end of an 8 GiB read).
TEST_F(PoScratch, EachMailboxFileIsHandedBackWholeOnceWalked) {
    const PostOfficeFiles files = build_post_office(testing::sample_spec());
    const PostOfficeSource source = testing::source_of(files);
    ReadOptions options;
    std::vector<std::tuple<const char*, std::uint64_t, std::uint64_t>> calls;
    options.done_with = [&](std::string_view file, std::uint64_t from, std::uint64_t to) {
        calls.emplace_back(file.data(), from, to);
    };
    EventLog log;
    const PostOffice po = read_post_office(source, options, log);
    ASSERT_FALSE(po.mailboxes.empty());
    std::size_t mailboxes = 0;
    for (const SourceFile& file : source.files) {
        if (file.name.rfind("USR", 0) != 0) continue;
        ++mailboxes;
        const auto whole =
            std::make_tuple(file.bytes.data(), std::uint64_t{0}, std::uint64_t{file.bytes.size()});
        // Once by its census (a small file's census covers it whole), once when it was opened
        // (its header and allocation table read), once after its walk.
        EXPECT_EQ(std::count(calls.begin(), calls.end(), whole), 3) << file.name;
    }
    EXPECT_EQ(mailboxes, files.mailboxes.size());
}

// How many times each file of `source` is handed back whole by a read with `options`.
std::map<std::string, int> whole_hand_backs(const PostOfficeSource& source, ReadOptions options) {
    std::vector<std::tuple<const char*, std::uint64_t, std::uint64_t>> calls;
    options.done_with = [&](std::string_view file, std::uint64_t from, std::uint64_t to) {
        calls.emplace_back(file.data(), from, to);
    };
    EventLog log;
    read_post_office(source, options, log);
    std::map<std::string, int> counts;
    for (const SourceFile& file : source.files) {
        const auto whole =
            std::make_tuple(file.bytes.data(), std::uint64_t{0}, std::uint64_t{file.bytes.size()});
        counts[file.name] = static_cast<int>(std::count(calls.begin(), calls.end(), whole));
    }
    return counts;
}

// An allocation table's chain is read through the mapping, and each block touched maps the
// cached folio around it: its file is handed back whole every 16 blocks of the chain. With
// 16,000 free blocks a file's table (4 bytes and a byte a block) is 34 blocks long, and the
// file stays under 8 MiB, so that its census still hands it back whole once, as a small one's.
TEST_F(PoScratch, ALongAllocationTableHandsItsFileBackAsItIsRead) {
    const PostOfficeSpec spec = testing::sample_spec();
    const PostOfficeFiles small = build_post_office(spec);
    WriterOptions with_free;
    with_free.free_blocks = 16'000;
    const PostOfficeFiles large = build_post_office(spec, with_free);
    const PostOfficeSource small_source = testing::source_of(small);
    const PostOfficeSource large_source = testing::source_of(large);
    const auto small_counts = whole_hand_backs(small_source, {});
    const auto large_counts = whole_hand_backs(large_source, {});
    ASSERT_EQ(small_counts.size(), large_counts.size());
    const std::uint32_t block_size = spec.block_size != 0 ? spec.block_size : 512;
    const auto chain_blocks = [&](const PostOfficeSource& source, const std::string& name) {
        for (const SourceFile& file : source.files) {
            if (file.name != name) continue;
            const std::uint64_t table = 4 + file.bytes.size() / block_size;
            return static_cast<int>((table + block_size - 33) / (block_size - 32));
        }
        return 0;
    };
    for (const auto& [name, count] : large_counts) {
        const int more =
            chain_blocks(large_source, name) / 16 - chain_blocks(small_source, name) / 16;
        EXPECT_GE(more, 2) << name;
        EXPECT_EQ(count, small_counts.at(name) + more) << name;
    }
}

// Messages delivered twice are compared on their headers, which a compact read decodes again
// from CLANDATA wherever each candidate lies: CLANDATA is handed back whole after each one.
TEST_F(PoScratch, CLANDATAIsHandedBackAfterEachDuplicateCandidateIsDecodedAgain) {
    PostOfficeSpec spec = testing::sample_spec();
    const MessageSpec model = spec.messages[0];
    for (std::uint32_t i = 0; i < 40; ++i) {
        MessageSpec m = model;
        m.message_number = 1000 + i;
        m.subject = "Figures " + std::to_string(i);
        m.arrival = testing::dos(1998, 6, 2, 9, static_cast<int>(i), 0);
        spec.messages.push_back(m);
        spec.mailboxes[0].folders[0].entries.push_back({m.message_number, m.arrival, 0});
        if (i % 4 != 0) continue;
        m.message_number = 5000 + i;  // the same message again, a minute later
        m.arrival = testing::dos(1998, 6, 2, 9, static_cast<int>(i) + 1, 0);
        spec.messages.push_back(m);
        spec.mailboxes[0].folders[0].entries.push_back({m.message_number, m.arrival, 0});
    }
    const PostOfficeFiles files = build_post_office(spec);
    const PostOfficeSource source = testing::source_of(files);
    ReadOptions full;
    ReadOptions compact;
    compact.messages = MessageDetail::compact;
    const int full_count = whole_hand_backs(source, full).at("CLANDATA");
    const int compact_count = whole_hand_backs(source, compact).at("CLANDATA");
    // Ten pairs: twenty candidates at least, each decoded again and handed back.
    EXPECT_GE(compact_count, full_count + 20);
}

// releasing_pages() drops a range handed back whole at once, however small the file: it does
// not wait, as a partial range does, for the next range of the same file.
TEST_F(PoScratch, AWholeFileHandedBackLeavesTheResidentSetAtOnce) {
    const PostOfficeFiles files = build_post_office(testing::sample_spec());
    const fs::path office = dir / "HUBPO";
    fs::create_directories(office);
    const auto write = [&](const std::string& name, const std::string& bytes) {
        std::ofstream(office / name, std::ios::binary) << bytes;
    };
    write("CLANDATA", files.clandata);
    write("MLANDATA", files.mlandata);
    for (const auto& [name, bytes] : files.mailboxes) write(name, bytes);
    const PostOfficeFolder folder = PostOfficeFolder::open(office);
    const ReadOptions options = releasing_pages(folder);
    for (const SourceFile& file : folder.source().files) {
        if (file.name.rfind("USR", 0) != 0) continue;
        SCOPED_TRACE(file.name);
        ASSERT_LT(file.bytes.size(), std::size_t{1} << 20U);  // below the 1 MiB of a large range
        unsigned sum = 0;
        for (const char c : file.bytes) sum += static_cast<unsigned char>(c);
        EXPECT_GT(sum, 0U);
        EXPECT_GT(mapping_resident_kib(file.bytes.data()), 0);
        options.done_with(file.bytes, 0, file.bytes.size() / 2);  // a part: it waits
        EXPECT_GT(mapping_resident_kib(file.bytes.data()), 0);
        options.done_with(file.bytes, 0, file.bytes.size());
        EXPECT_EQ(mapping_resident_kib(file.bytes.data()), 0);
    }
}

TEST_F(PoScratch, DestroyingThePostOfficeKeepsItsMessageListOutOfTheResidentSet) {
    const ReadOptions options = compact_in_scratch();
    ASSERT_NE(options.scratch, nullptr);
    constexpr std::size_t kRecords = 200000;  // about 44 MB of records
    long grew_kib = 0;
    {
        PostOffice po;
        po.messages = MessageList(ScratchAllocator<MessageRecord>(options.scratch));
        po.messages.resize(kRecords);
        options.scratch->release_resident();
        const long before = status_kib("VmRSS");
        if (!reset_peak_resident()) GTEST_SKIP() << "/proc/self/clear_refs cannot be written";
        { const PostOffice gone = std::move(po); }
        grew_kib = status_kib("VmHWM") - before;
    }
    EXPECT_LT(grew_kib, 8 * 1024) << "the records were resident together while destroyed";
    EXPECT_EQ(options.scratch->bytes_mapped(), 0u);
}

}  // namespace
}  // namespace ccsalvage::po
