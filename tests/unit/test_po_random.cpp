// Robustness: random bytes, and a good post office with single bytes changed everywhere, must
// never crash, throw or run away; every event must point inside its file.
#include <gtest/gtest.h>

#include <chrono>
#include <random>

#include "parsers/po/block.hpp"
#include "parsers/po/reader.hpp"
#include "parsers/po/writer.hpp"
#include "support/po_fixture.hpp"

namespace ccsalvage::po {
namespace {

void read_and_check(const PostOfficeSource& source) {
    EventLog log;
    PostOffice po;
    ASSERT_NO_THROW(po = read_post_office(source, ReadOptions{}, log));
    for (const auto& e : log.events()) {
        std::uint64_t size = 0;
        bool named = false;
        for (const auto& f : source.files) {
            if (f.shown() == e.file) {
                size = f.bytes.size();
                named = true;
            }
        }
        if (named) {
            EXPECT_LE(e.offset, size) << e.code << " " << e.detail;
        }
    }
    for (const auto& m : po.messages) {
        for (std::size_t i = 0; i < m.header.items.size(); ++i) {
            (void)read_message_item(source, po, m, i);
        }
    }
}

TEST(PoRandom, RandomBytesNeverCrash) {
    std::mt19937 rng(20240601);
    for (int round = 0; round < 200; ++round) {
        std::vector<std::string> bytes(3);
        for (auto& b : bytes) {
            b.resize(rng() % 8192);
            for (auto& c : b) c = static_cast<char>(rng());
        }
        PostOfficeSource source;
        source.files = {
            {"CLANDATA", "", bytes[0]}, {"MLANDATA", "", bytes[1]}, {"USR00001", "", bytes[2]}};
        read_and_check(source);
    }
}

TEST(PoRandom, RandomBlocksBehindAValidHeaderNeverCrash) {
    // A real header makes the reader go deep: every pointer it follows lands in noise.
    const PostOfficeFiles good = build_post_office(testing::sample_spec());
    std::mt19937 rng(7);
    for (int round = 0; round < 100; ++round) {
        PostOfficeFiles files = good;
        for (auto* file : {&files.clandata, &files.mlandata}) {
            for (std::size_t i = 2 * 512; i < file->size(); ++i) {
                if (rng() % 4 == 0) (*file)[i] = static_cast<char>(rng());
            }
        }
        read_and_check(testing::source_of(files));
    }
}

TEST(PoRandom, EverySingleByteChangeOfAGoodPostOffice) {
    const PostOfficeFiles good = build_post_office(testing::sample_spec());
    const auto start = std::chrono::steady_clock::now();
    std::size_t reads = 0;
    for (int which = 0; which < 3; ++which) {
        const std::size_t size = which == 0   ? good.clandata.size()
                                 : which == 1 ? good.mlandata.size()
                                              : good.mailboxes[0].second.size();
        for (std::size_t i = 0; i < size; i += 5) {
            PostOfficeFiles files = good;
            std::string& f = which == 0   ? files.clandata
                             : which == 1 ? files.mlandata
                                          : files.mailboxes[0].second;
            f[i] = static_cast<char>(f[i] ^ (i % 2 == 0 ? 0xFF : 0x01));
            // Reseal half of the time, so that values behind a valid CRC are exercised too.
            if (i % 10 == 0) seal_block(f, i / 512 * 512, 512);
            read_and_check(testing::source_of(files));
            ++reads;
        }
    }
    const auto seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    EXPECT_LT(seconds, 60.0) << reads << " reads";
}

TEST(PoRandom, HugeCountsAreBounded) {
    // A header record whose item count says 65535 and whose chain bound is hit.
    PostOfficeFiles files = build_post_office(testing::sample_spec());
    const auto read = testing::read_files(files);
    const std::uint32_t h = read.po.find_message(181)->place.head();
    files.clandata[std::size_t{h} * 512 + 32 + 10] = '\xFF';
    files.clandata[std::size_t{h} * 512 + 32 + 11] = '\xFF';
    seal_block(files.clandata, std::size_t{h} * 512, 512);
    const auto r = testing::read_files(files);
    EXPECT_TRUE(r.has("PO-049")) << r.dump();
    EXPECT_LE(r.po.find_message(181)->header.items.size(), 255u);
}

}  // namespace
}  // namespace ccsalvage::po
