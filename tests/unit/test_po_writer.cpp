// parsers/po/writer.cpp, the parts repair relies on for flat memory: items given as sources read
// on demand write the same bytes as items held in memory, a source that breaks its promise is
// refused, and write_post_office (MLANDATA streamed to its file, on this thread or written
// behind on another) writes exactly what build_post_office builds.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/errors.hpp"
#include "core/output_folder.hpp"
#include "core/sha256.hpp"
#include "core/write_behind.hpp"
#include "parsers/po/crc32.hpp"
#include "parsers/po/writer.hpp"
#include "support/po_fixture.hpp"

namespace ccsalvage::po {
namespace {

namespace fs = std::filesystem;

// The same spec with every item turned into a source that counts its reads.
PostOfficeSpec with_sources(PostOfficeSpec spec, int& reads) {
    for (auto& m : spec.messages) {
        for (auto& item : m.items) {
            const std::string bytes = item.data;
            item.source =
                ItemSource{static_cast<std::uint32_t>(bytes.size()), crc32(bytes), [bytes, &reads] {
                               ++reads;
                               return bytes;
                           }};
            item.data.clear();
        }
    }
    return spec;
}

std::string read_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

TEST(PoWriter, ItemSourcesWriteTheSameBytesAndAreReadOnceEach) {
    const PostOfficeSpec spec = testing::sample_spec();
    int reads = 0;
    const PostOfficeSpec sourced = with_sources(spec, reads);
    const PostOfficeFiles a = build_post_office(spec);
    const PostOfficeFiles b = build_post_office(sourced);
    EXPECT_EQ(a.clandata, b.clandata);
    EXPECT_EQ(a.mlandata, b.mlandata);
    EXPECT_EQ(a.mailboxes, b.mailboxes);
    int non_empty = 0;
    for (const auto& m : spec.messages)
        for (const auto& i : m.items) non_empty += i.data.empty() ? 0 : 1;
    EXPECT_EQ(reads, non_empty);
}

TEST(PoWriter, SourceGivingOtherBytesIsRefused) {
    PostOfficeSpec spec = testing::sample_spec();
    auto& item = spec.messages[0].items[0];
    item.source = ItemSource{static_cast<std::uint32_t>(item.data.size()), crc32(item.data),
                             [n = item.data.size()] { return std::string(n, 'Z'); }};
    EXPECT_THROW(build_post_office(spec), UsageError);
}

TEST(PoWriter, CheckedSourcesAreTrustedForTheCrcButNotTheLength) {
    const PostOfficeSpec spec = testing::sample_spec();
    int reads = 0;
    PostOfficeSpec checked = with_sources(spec, reads);
    for (auto& m : checked.messages) {
        for (auto& i : m.items) i.source->checked = true;
    }
    const PostOfficeFiles a = build_post_office(spec);
    const PostOfficeFiles b = build_post_office(checked);
    EXPECT_EQ(a.clandata, b.clandata);
    EXPECT_EQ(a.mlandata, b.mlandata);
    EXPECT_EQ(a.mailboxes, b.mailboxes);

    PostOfficeSpec shorter = spec;
    auto& item = shorter.messages[0].items[0];
    ASSERT_FALSE(item.data.empty());
    item.source = ItemSource{static_cast<std::uint32_t>(item.data.size()), crc32(item.data),
                             [d = item.data] { return d.substr(1); }, true};
    EXPECT_THROW(build_post_office(shorter), UsageError);
}

// write_post_office with and without its MLANDATA written behind on another thread (rescue
// --jobs 2): the same files as build_post_office builds, and the hashes of what it wrote. One
// item larger than several of the writer thread's buffers, so that blocks are handed over in
// slices.
void expect_streamed_equal_built(bool write_behind) {
    PostOfficeSpec spec = testing::sample_spec();
    std::string large(WriteBehind::kBufferBytes * 3 + 12345, '\0');
    for (std::size_t i = 0; i < large.size(); ++i) large[i] = static_cast<char>(i * 7 % 251);
    ItemSpec attachment;
    attachment.kind = 2;  // a file: text items are bounded far below this
    attachment.title = "LARGE.BIN";
    attachment.data = large;
    spec.messages[0].items.push_back(attachment);
    const fs::path root =
        fs::temp_directory_path() / ("ccsalvage-po-writer-" + std::to_string(::getpid()) +
                                     (write_behind ? "-behind" : "-inline"));
    fs::remove_all(root);
    const OutputFolder out = OutputFolder::create_new(root);
    int reads = 0;
    WriterOptions options;
    options.write_behind = write_behind;
    const auto written = write_post_office(out, "po", with_sources(spec, reads), options);
    const PostOfficeFiles built = build_post_office(spec);
    ASSERT_GE(written.size(), 2u);
    EXPECT_EQ(written[0].relative, "po/CLANDATA");
    EXPECT_EQ(written[1].relative, "po/MLANDATA");
    EXPECT_EQ(read_file(root / "po" / "CLANDATA"), built.clandata);
    EXPECT_EQ(read_file(root / "po" / "MLANDATA"), built.mlandata);
    EXPECT_EQ(written[1].size, built.mlandata.size());
    EXPECT_EQ(written[1].sha256, sha256_hex(built.mlandata));
    EXPECT_EQ(written[0].sha256, sha256_hex(built.clandata));
    for (const auto& [name, bytes] : built.mailboxes)
        EXPECT_EQ(read_file(root / "po" / name), bytes);
    fs::remove_all(root);
}

TEST(PoWriter, StreamedFilesEqualTheBuiltOnes) { expect_streamed_equal_built(false); }

TEST(PoWriter, StreamedFilesWrittenBehindEqualTheBuiltOnes) { expect_streamed_equal_built(true); }

// A source that breaks its promise halfway through MLANDATA, with blocks already queued for
// the writer thread: the error reaches the caller and no MLANDATA (nor its temporary) is left.
TEST(PoWriter, RefusedSourceWhileWritingBehindLeavesNoFile) {
    PostOfficeSpec spec = testing::sample_spec();
    ItemSpec attachment;
    attachment.kind = 2;
    attachment.title = "LARGE.BIN";
    attachment.data = std::string(WriteBehind::kBufferBytes * 2, 'x');
    spec.messages[0].items.push_back(attachment);
    auto& last = spec.messages.back().items.back();
    last.source = ItemSource{static_cast<std::uint32_t>(last.data.size()), crc32(last.data),
                             [n = last.data.size()] { return std::string(n, 'Z'); }};
    const fs::path root =
        fs::temp_directory_path() / ("ccsalvage-po-writer-refused-" + std::to_string(::getpid()));
    fs::remove_all(root);
    const OutputFolder out = OutputFolder::create_new(root);
    WriterOptions options;
    options.write_behind = true;
    EXPECT_THROW(write_post_office(out, "po", spec, options), UsageError);
    std::size_t files = 0;
    for (const auto& entry : fs::recursive_directory_iterator(root)) {
        if (entry.is_regular_file() && entry.path().filename() != ".ccsalvage-output") ++files;
    }
    EXPECT_EQ(files, 0u) << "the refused post office left a file";
    fs::remove_all(root);
}

}  // namespace
}  // namespace ccsalvage::po
