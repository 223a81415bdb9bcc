// What every start of ccsalvage loads. GMime and its fourteen libraries are loaded only when
// mail is composed, and ICU, libcrypto and Boost.Iostreams are linked in (CCSALVAGE_STATIC_DEPS):
// a start that maps them all costs about as much as `scan` of a 100 MiB post office
// (docs/performance.md, "Start-up in two pieces"). The dynamic loader lists what it would load when
// LD_TRACE_LOADED_OBJECTS is set, without running the program.
#include <gtest/gtest.h>

#include <string>

#include "test_cli_support.hpp"

namespace ccsalvage::e2e {
namespace {

std::string loaded_objects() {
    return run_with_environment("LD_TRACE_LOADED_OBJECTS=1", "--version").out;
}

TEST(CliStartup, DoesNotLoadGMimeOrGLib) {
    if (CCSALVAGE_GMIME_LINKED_BUILD) {
        GTEST_SKIP() << "the sanitizer build links GMime (src/mime/CMakeLists.txt says why)";
    }
    const auto objects = loaded_objects();
    ASSERT_NE(objects.find("libc.so"), std::string::npos) << objects;  // the listing worked
    for (const char* library : {"libgmime", "libglib", "libgobject", "libgio", "libgpgme"}) {
        EXPECT_EQ(objects.find(library), std::string::npos) << library << " in\n" << objects;
    }
}

TEST(CliStartup, LinksIcuCryptoAndBoostInWhenBuiltSo) {
    if (!CCSALVAGE_STATIC_DEPS_BUILD) GTEST_SKIP() << "built with CCSALVAGE_STATIC_DEPS=OFF";
    const auto objects = loaded_objects();
    ASSERT_NE(objects.find("libc.so"), std::string::npos) << objects;
    for (const char* library : {"libicu", "libcrypto", "libboost"}) {
        EXPECT_EQ(objects.find(library), std::string::npos) << library << " in\n" << objects;
    }
}

TEST(CliStartup, ExportStillFindsGMimeWhenItComposes) {
    const auto out = fresh_temp_dir("startup-export");
    const auto r = run_in_source_dir(
        "export samples/ccm/clean-itemsize.ccm --format eml --out '" + (out / "eml").string() + "'",
        true);
    EXPECT_EQ(r.exit_code, 0) << r.out;
    EXPECT_EQ(r.out.find("GMime"), std::string::npos) << r.out;
    std::filesystem::remove_all(out);
}

}  // namespace
}  // namespace ccsalvage::e2e
