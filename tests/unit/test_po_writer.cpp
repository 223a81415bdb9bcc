// parsers/po/writer.cpp, the parts repair relies on for flat memory: items given as sources read
// on demand write the same bytes as items held in memory, a source that breaks its promise is
// refused, and write_post_office (MLANDATA streamed to its file) writes exactly what
// build_post_office builds.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/errors.hpp"
#include "core/output_folder.hpp"
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

TEST(PoWriter, StreamedFilesEqualTheBuiltOnes) {
    const PostOfficeSpec spec = testing::sample_spec();
    const fs::path root =
        fs::temp_directory_path() / ("ccsalvage-po-writer-" + std::to_string(::getpid()));
    fs::remove_all(root);
    const OutputFolder out = OutputFolder::create_new(root);
    int reads = 0;
    const auto written = write_post_office(out, "po", with_sources(spec, reads));
    const PostOfficeFiles built = build_post_office(spec);
    ASSERT_GE(written.size(), 2u);
    EXPECT_EQ(written[0].relative, "po/CLANDATA");
    EXPECT_EQ(written[1].relative, "po/MLANDATA");
    EXPECT_EQ(read_file(root / "po" / "CLANDATA"), built.clandata);
    EXPECT_EQ(read_file(root / "po" / "MLANDATA"), built.mlandata);
    EXPECT_EQ(written[1].size, built.mlandata.size());
    for (const auto& [name, bytes] : built.mailboxes)
        EXPECT_EQ(read_file(root / "po" / name), bytes);
    fs::remove_all(root);
}

}  // namespace
}  // namespace ccsalvage::po
