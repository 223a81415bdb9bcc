// repair/page_releaser.cpp: dropping the mapped pages of evidence changes residency, never the
// bytes a view reads, whether done at once or by the thread while a reader runs.
#include "repair/page_releaser.hpp"

#include <gtest/gtest.h>

#include "core/sha256.hpp"

namespace ccsalvage::repair {
namespace {

const std::string kSample =
    std::string(CCSALVAGE_SAMPLES_DIR) + "/po/q179072-small/SALES1/MLANDATA";

TEST(PageReleaser, BytesReadTheSameAfterRelease) {
    std::vector<EvidenceFile> files;
    files.push_back(EvidenceFile::open(kSample));
    const std::string before = sha256_hex(files[0].bytes());
    PageReleaser releaser(std::chrono::milliseconds(1));
    releaser.watch(files);
    releaser.release_all();
    EXPECT_EQ(sha256_hex(files[0].bytes()), before);
}

TEST(PageReleaser, ThreadReleasingWhileReading) {
    std::vector<EvidenceFile> files;
    files.push_back(EvidenceFile::open(kSample));
    const std::string before = sha256_hex(files[0].bytes());
    PageReleaser releaser(std::chrono::milliseconds(1));
    releaser.watch(files);
    releaser.start();
    for (int i = 0; i < 20; ++i) EXPECT_EQ(sha256_hex(files[0].bytes()), before);
    releaser.forget(files);
}

}  // namespace
}  // namespace ccsalvage::repair
