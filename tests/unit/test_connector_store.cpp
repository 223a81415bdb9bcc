// The connector store's folder model: queue folders by name (any case), file kinds by
// extension, MSGxxxx.CCM counters, missing queues and unknown files as notes, the listing of a
// generated store; and the analysis of a small store written here: waiting files with their
// age by counter, Bad, zero-byte .tmp, console names, an import loop tied to its waiting file,
// an incomplete copy with and without a whole one.
#include "flow/connector_store.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <set>

#include "core/errors.hpp"
#include "flow/connector_analysis.hpp"
#include "parsers/ccm/writer.hpp"
#include "parsers/und/und.hpp"

namespace ccsalvage::flow {
namespace {

namespace fs = std::filesystem;

std::size_t count(const EventLog& log, std::string_view code) {
    std::size_t n = 0;
    for (const auto& e : log.events()) n += e.code == code ? 1U : 0U;
    return n;
}

const Event* first(const EventLog& log, std::string_view code) {
    for (const auto& e : log.events()) {
        if (e.code == code) return &e;
    }
    return nullptr;
}

TEST(ConnectorStore, MessageFileCounters) {
    EXPECT_EQ(message_file_counter("MSG272E.CCM"), 0x272E);
    EXPECT_EQ(message_file_counter("msg00ff.ccm"), 0x00FF);
    EXPECT_FALSE(message_file_counter("MSG27G0.CCM"));
    EXPECT_FALSE(message_file_counter("MSG272.CCM"));
    EXPECT_FALSE(message_file_counter("MSG272EE.CCM"));
    EXPECT_FALSE(message_file_counter("XSG272E.CCM"));
    EXPECT_FALSE(message_file_counter("MSG272E.TMP"));
}

TEST(ConnectorStore, CountersAfterWrapAtFFFF) {
    const std::vector<std::uint16_t> bak = {0x0000, 0x0001, 0x0005, 0x7FFF, 0x8000, 0xFFFE, 0xFFFF};
    EXPECT_EQ(counters_after(bak, 0x0000), 3U);  // 0001, 0005, 7FFF; 8000 is half the ring away
    EXPECT_EQ(counters_after(bak, 0x0001), 3U);  // 0005, 7FFF, 8000
    EXPECT_EQ(counters_after(bak, 0xFFFE), 4U);  // FFFF, 0000, 0001, 0005: the counter wrapped
    EXPECT_EQ(counters_after(bak, 0xFFFF), 3U);  // 0000, 0001, 0005
    EXPECT_EQ(counters_after(bak, 0x0005), 2U);  // 7FFF, 8000
    EXPECT_EQ(counters_after(bak, 0x8000), 2U);  // FFFE, FFFF; 0000 is half the ring away
    EXPECT_EQ(counters_after({}, 0x1234), 0U);
    EXPECT_EQ(counters_after({0x1234}, 0x1234), 0U);  // itself is not later
}

TEST(ConnectorStore, QueueFoldersAndDirections) {
    EXPECT_EQ(queue_of_folder("IMPORT.BAK"), Queue::import_bak);
    EXPECT_EQ(queue_of_folder("submit"), Queue::submit);
    EXPECT_FALSE(queue_of_folder("Imports"));
    EXPECT_TRUE(is_inbound(Queue::import_bak));
    EXPECT_FALSE(is_inbound(Queue::bad));
    EXPECT_TRUE(is_live_queue(Queue::bad));
    EXPECT_FALSE(is_live_queue(Queue::export_bak));
}

TEST(ConnectorStore, ListsAGeneratedStore) {
    EventLog log;
    const auto store = list_connector_store(
        fs::path(CCSALVAGE_SAMPLES_DIR) / "po" / "connector-faults-small" / "Ccmcdata", log);
    std::size_t bad = 0, tmp = 0, ini = 0;
    for (const auto& f : store.files) {
        if (f.queue == Queue::bad && f.kind == StoreFileKind::message) ++bad;
        if (f.kind == StoreFileKind::tmp) ++tmp;
        if (f.kind == StoreFileKind::ini) ++ini;
    }
    EXPECT_EQ(bad, 1U);
    EXPECT_EQ(tmp, 4U);
    EXPECT_EQ(ini, 2U);
    EXPECT_EQ(count(log, "CONN-011"), 0U);
    EXPECT_THROW(list_connector_store("/nonexistent/Ccmcdata", log), IoError);
}

class SmallStore : public ::testing::Test {
  protected:
    void SetUp() override {
        root = fs::temp_directory_path() /
               ("ccsalvage-store-" + std::to_string(::getpid()) + "-" +
                ::testing::UnitTest::GetInstance()->current_test_info()->name()) /
               "Ccmcdata";
        fs::remove_all(root.parent_path());
        for (const char* q : {"Submit", "IMPORT", "Export", "Bad", "Import.bak"}) {
            fs::create_directories(root / q);
        }
    }
    void TearDown() override { fs::remove_all(root.parent_path()); }

    void write(const fs::path& relative, const std::string& bytes) {
        std::ofstream out(root / relative, std::ios::binary);
        out << bytes;
    }

    static ccm::Message message(const std::string& subject, const std::string& body) {
        ccm::Message m;
        m.headers = {{"From", "Ward, Alan at EXCHANGE", 0, true},
                     {"Date", "1/22/98 15:47", 0, true},
                     {"To", "Admin at HUBPO2", 0, true},
                     {"Subject", subject, 0, true}};
        m.subject = subject;
        ccm::Item item;
        item.kind = ccm::ItemKind::text;
        item.keyword = "Text item";
        item.data = body;
        m.items = {item};
        return m;
    }

    ConnectorAnalysis analyze(EventLog& log, std::vector<Sighting>* sightings = nullptr) {
        store = list_connector_store(root, log);
        return analyze_connector_store(store, {}, log, [&](Sighting s) {
            if (sightings != nullptr) sightings->push_back(std::move(s));
        });
    }

    fs::path root;
    ConnectorStore store;
};

TEST_F(SmallStore, WaitingFilesBadTmpAndMissingQueue) {
    const std::string body = "Figures attached.";
    write("Submit/MSG0010.CCM", ccm::write_ccm_message(message("One", body)).bytes);
    write("IMPORT/MSG000E.CCM", ccm::write_ccm_message(message("Two", body)).bytes);
    write("Import.bak/MSG000E.CCM", ccm::write_ccm_message(message("Two", body)).bytes);
    write("Import.bak/MSG000F.CCM", ccm::write_ccm_message(message("Three", body)).bytes);
    write("Bad/MSG2000.CCM", ccm::write_ccm_message(message("Four", body)).bytes);
    write("CCM0001.TMP", "");
    write("CCM0002.TMP",
          "\r\nExporting messages in mailbox \"EXCHANGE\" to file EXPORT\\MSG4A27.CCM\r\n");
    write("notes.txt", "x");
    EventLog log;
    std::vector<Sighting> sightings;
    const auto analysis = analyze(log, &sightings);
    EXPECT_EQ(count(log, "CONN-001"), 1U);  // no Export.bak
    EXPECT_EQ(count(log, "CONN-002"), 1U);
    ASSERT_NE(first(log, "CONN-003"), nullptr);
    // MSG000E waits in Import while MSG000F, queued after it, has already gone through.
    EXPECT_NE(first(log, "CONN-003")->detail.find("1 later file(s) already in Import.bak"),
              std::string::npos)
        << first(log, "CONN-003")->detail;
    EXPECT_EQ(count(log, "CONN-005"), 1U);
    EXPECT_EQ(count(log, "CONN-006"), 1U);
    EXPECT_EQ(count(log, "CONN-011"), 1U);
    ASSERT_EQ(analysis.console_files.size(), 1U);
    EXPECT_EQ(analysis.console_files[0].names, std::vector<std::string>{"EXPORT\\MSG4A27.CCM"});
    EXPECT_EQ(analysis.messages, 5U);
    ASSERT_EQ(sightings.size(), 5U);
    for (const auto& s : sightings) {
        EXPECT_EQ(s.copy.kind, CopyKind::ccm);
        EXPECT_TRUE(s.copy.complete);
        EXPECT_FALSE(s.identity.empty());
    }
    // The Import file and its Import.bak copy are one message.
    std::set<std::string> two;
    for (const auto& s : sightings) {
        if (s.copy.file.ends_with("MSG000E.CCM")) two.insert(s.identity);
    }
    EXPECT_EQ(two.size(), 1U);
}

TEST_F(SmallStore, ImportLoopIsTiedToTheFileStillWaiting) {
    const std::string body = "This one keeps failing.";  // item data are views: keep it alive
    const ccm::Message m = message("Stuck", body);
    write("IMPORT/MSG0A3F.CCM", ccm::write_ccm_message(m).bytes);
    std::string und;
    for (int attempt = 0; attempt < 4; ++attempt) {
        und::UndEntry entry;
        entry.message = m;
        entry.reason = "Header Buffer Full";
        entry.result_code = 1;
        entry.source_file = "IMPORT\\MSG0A3F.CCM";
        entry.rejected_at = "1/22/98 15:4" + std::to_string(attempt);
        und += und::write_und_entry(entry);
    }
    write("CCMAIL.UND", und);
    EventLog log;
    std::vector<Sighting> sightings;
    const auto analysis = analyze(log, &sightings);
    EXPECT_EQ(analysis.und_entries, 4U);
    ASSERT_EQ(analysis.loops.size(), 1U);
    EXPECT_EQ(analysis.loops[0].attempts, 4U);
    EXPECT_EQ(analysis.loops[0].result_code, 1);
    EXPECT_TRUE(analysis.loops[0].waiting_file.ends_with("IMPORT/MSG0A3F.CCM"));
    EXPECT_EQ(count(log, "CONN-008"), 1U);
    EXPECT_EQ(count(log, "CONN-009"), 1U);
    EXPECT_EQ(count(log, "UND-008"), 1U);  // grouped by parsers/und/loops
    std::size_t und_sightings = 0;
    for (const auto& s : sightings) {
        if (s.copy.kind != CopyKind::und_entry) continue;
        ++und_sightings;
        EXPECT_EQ(s.identity, sightings.front().identity);  // same message as the queued file
        EXPECT_EQ(s.copy.reason, "Header Buffer Full");
    }
    EXPECT_EQ(und_sightings, 4U);
}

TEST_F(SmallStore, IncompleteCopiesWithAndWithoutAWholeOne) {
    const std::string whole = ccm::write_ccm_message(message("Cut", std::string(400, 'x'))).bytes;
    const std::string lone = ccm::write_ccm_message(message("Alone", std::string(400, 'y'))).bytes;
    write("Export/MSG0001.CCM", whole.substr(0, whole.size() - 50));
    fs::create_directories(root / "Export.bak");
    write("Export.bak/MSG0001.CCM", whole);
    write("Export/MSG0002.CCM", lone.substr(0, lone.size() - 50));
    EventLog log;
    std::vector<Sighting> sightings;
    analyze(log, &sightings);
    EXPECT_EQ(count(log, "CONN-012"), 1U);
    EXPECT_EQ(count(log, "CONN-013"), 1U);
    std::size_t incomplete = 0;
    for (const auto& s : sightings) incomplete += s.copy.complete ? 0U : 1U;
    EXPECT_EQ(incomplete, 2U);
}

}  // namespace
}  // namespace ccsalvage::flow
