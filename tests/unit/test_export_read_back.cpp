// Writer::read_back: a record placed in several folders is written once from its MIME and its
// other placements copy the bytes the first one stored. What comes back must be exactly those
// bytes, from a buffer not yet written, from buffers written behind on another thread, and from
// a Maildir file; and a writer that cannot read back says so instead of returning other bytes.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "core/output_folder.hpp"
#include "export/file_writers.hpp"

namespace ccsalvage::exporting {
namespace {

namespace fs = std::filesystem;

Destination folder_of(const std::string& user, const std::string& folder) {
    Destination d;
    d.source_label = "/evidence/HUBPO2";
    d.post_office = "HUBPO2";
    d.mailbox = user;
    d.mailbox_number = user == "Smith, Anna" ? 1 : 2;
    d.folder = folder;
    d.folder_id = folder == "Inbox" ? 1 : 7;
    return d;
}

// A message whose body needs mboxrd quoting, so that the frame differs from the MIME.
std::string mime_of(std::size_t n, std::size_t body_bytes) {
    std::string mime = "From: a@example.com\r\nSubject: m" + std::to_string(n) + "\r\n\r\n";
    mime += "From the start of a line\r\n>From quoted once\r\n";
    while (mime.size() < body_bytes) mime += "line " + std::to_string(mime.size()) + "\r\n";
    return mime;
}

OutgoingMessage message_of(const std::string& mime, std::size_t n) {
    OutgoingMessage m;
    m.sequence = n;
    m.identity = std::string(64, static_cast<char>('a' + n));
    m.key = m.identity;
    m.number = n;
    m.mime = &mime;
    m.sender = "anna.smith@hubpo2.example.com";
    m.utc_seconds = 857000000 + static_cast<std::int64_t>(n);
    return m;
}

std::string file_bytes(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
}

class WriterReadBack : public ::testing::Test {
  protected:
    void SetUp() override {
        base = fs::temp_directory_path() /
               ("ccsalvage-readback-" + std::to_string(::getpid()) + "-" +
                ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(base);
    }
    void TearDown() override { fs::remove_all(base); }
    fs::path base;
};

// Writes three messages into one user's Inbox and one into another folder, reads each back,
// and checks the bytes against the file and against the writer's own frame.
void check_mbox(const fs::path& out, unsigned jobs) {
    auto folder = OutputFolder::create_new(out);
    ExportRequest request;
    request.format = Format::mbox;
    request.fsync = FsyncPolicy::batch;
    request.jobs = jobs;
    auto writer = make_mbox_writer(request, folder);
    std::vector<std::string> mimes;
    for (std::size_t n = 0; n < 4; ++n) mimes.push_back(mime_of(n, n == 2 ? 900000 : 3000));
    std::vector<WriteOutcome> stored;
    writer->begin_folder(folder_of("Smith, Anna", "Inbox"));
    for (std::size_t n = 0; n < 3; ++n) {
        stored.push_back(writer->write_message(message_of(mimes[n], n)));
    }
    writer->begin_folder(folder_of("Jones, Bo", "Projects"));
    stored.push_back(writer->write_message(message_of(mimes[3], 3)));

    // The last message of the Projects folder is still in the buffer, and (jobs 2) the Inbox's
    // large one may still be queued behind: read_back must bring them to the file first.
    std::vector<std::string> back;
    for (const auto& where : stored) {
        const auto read = writer->read_back(where);
        ASSERT_TRUE(read) << where.target;
        back.push_back(read());
    }
    for (std::size_t n = 0; n < 4; ++n) {
        const auto& where = stored[n];
        const auto m = message_of(mimes[n], n);
        EXPECT_EQ(back[n], writer->frame(m.sender, m.utc_seconds, mimes[n])) << "message " << n;
        ASSERT_TRUE(where.end);
        EXPECT_EQ(*where.end - where.begin, back[n].size());
    }
    EXPECT_EQ(stored[1].begin, *stored[0].end) << "placed one after the other";
    EXPECT_EQ(stored[3].begin, 0u) << "first of its file";

    // A copy written from what was read back is the same bytes as the original's.
    writer->begin_folder(folder_of("Jones, Bo", "Inbox"));
    OutgoingMessage copy = message_of(mimes[2], 2);
    copy.framed = &back[2];
    const WriteOutcome copied = writer->write_message(copy);
    writer->commit();
    writer->finish();
    const std::string inbox = file_bytes(out / stored[0].target);
    const std::string other = file_bytes(out / copied.target);
    EXPECT_EQ(inbox.substr(stored[2].begin, *stored[2].end - stored[2].begin), other);
}

TEST_F(WriterReadBack, MboxGivesTheFrameAsWrittenFromTheBufferAndTheFile) {
    check_mbox(base / "out", 1);
}

TEST_F(WriterReadBack, MboxGivesTheFrameAsWrittenWithBuffersWrittenBehind) {
    check_mbox(base / "out", 2);
}

TEST_F(WriterReadBack, MboxCannotReadBackWhatItDidNotWrite) {
    auto folder = OutputFolder::create_new(base / "out");
    ExportRequest request;
    request.format = Format::mbox;
    auto writer = make_mbox_writer(request, folder);
    writer->begin_folder(folder_of("Smith, Anna", "Inbox"));
    const std::string mime = mime_of(1, 500);
    WriteOutcome where = writer->write_message(message_of(mime, 1));
    WriteOutcome elsewhere = where;
    elsewhere.target = "mbox/hubpo2/someone/Inbox.mbox";
    EXPECT_FALSE(writer->read_back(elsewhere));
    WriteOutcome past = where;
    past.end = *where.end + 100;  // more than was written
    EXPECT_FALSE(writer->read_back(past));
}

TEST_F(WriterReadBack, MaildirGivesTheMessageFileAsWritten) {
    auto folder = OutputFolder::create_new(base / "out");
    ExportRequest request;
    request.format = Format::maildir;
    request.fsync = FsyncPolicy::batch;
    auto writer = make_maildir_writer(request, folder);
    writer->begin_folder(folder_of("Smith, Anna", "Projects"));
    const std::string mime = mime_of(5, 70000);
    OutgoingMessage m = message_of(mime, 5);
    m.read = true;
    const WriteOutcome where = writer->write_message(m);
    const auto read = writer->read_back(where);
    ASSERT_TRUE(read);
    EXPECT_EQ(read(), mime);
    EXPECT_EQ(file_bytes(base / "out" / where.target), mime);
}

TEST_F(WriterReadBack, EmlAndCcmBatchesDoNotReadBack) {
    auto folder = OutputFolder::create_new(base / "out");
    ExportRequest request;
    WriteOutcome where;
    where.target = "x";
    where.end = 1;
    EXPECT_FALSE(make_eml_writer(request, folder)->read_back(where));
    EXPECT_FALSE(make_ccm_writer(request, folder)->read_back(where));
}

}  // namespace
}  // namespace ccsalvage::exporting
