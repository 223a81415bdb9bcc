// `ccsalvage export --format eml` end to end: every message out, checked by Python's mail
// parser, item bytes equal to what inspect reports, hashes that sha256sum accepts.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "test_cli_support.hpp"

namespace ccsalvage::e2e {
namespace {

namespace fs = std::filesystem;

std::size_t count_eml(const fs::path& dir) {
    std::size_t n = 0;
    for (const auto& e : fs::recursive_directory_iterator(dir)) {
        if (e.path().extension() == ".eml") ++n;
    }
    return n;
}

class CliExport : public ::testing::Test {
  protected:
    void TearDown() override { fs::remove_all(out); }
    fs::path out = fresh_temp_dir(::testing::UnitTest::GetInstance()->current_test_info()->name());
};

TEST_F(CliExport, CleanSamplesExportEveryMessage) {
    const auto before = hash_tree(CCSALVAGE_SAMPLES_DIR);
    const auto r = run_in_source_dir(
        "export samples/ccm/clean-itemsize.ccm samples/ccm/clean-nosize.ccm"
        " --format eml --time-zone Europe/Stockholm --out '" +
        out.string() + "'");
    EXPECT_EQ(r.exit_code, 0) << r.out;
    EXPECT_EQ(count_eml(out), 5u);
    EXPECT_EQ(hash_tree(CCSALVAGE_SAMPLES_DIR), before) << "evidence must not change";
    EXPECT_EQ(run_shell("cd '" + out.string() + "' && sha256sum --quiet -c SHA256SUMS"), 0);

    const auto index = nlohmann::json::parse(std::ifstream(out / "export.json"));
    EXPECT_EQ(index["totals"]["exported"], 5);
    EXPECT_EQ(index["arguments"]["time_zone"], "Europe/Stockholm");
}

TEST_F(CliExport, ExportedMailParsesWithoutDefectsAndCarriesEveryItem) {
    if (!python_available()) GTEST_SKIP() << "python3 not installed";
    const std::string files =
        "samples/ccm/clean-itemsize.ccm samples/ccm/clean-nosize.ccm "
        "samples/ccm/damaged.ccm";
    const auto inspect = fresh_temp_dir("inspect.json");
    ASSERT_EQ(run_shell("cd '" CCSALVAGE_SOURCE_DIR "' && '" CCSALVAGE_BINARY "' inspect --json " +
                        files + " > '" + inspect.string() + "'"),
              1);
    const auto r =
        run_in_source_dir("export " + files + " --format eml --out '" + out.string() + "'");
    EXPECT_EQ(r.exit_code, 1) << "the damaged sample makes it 'salvaged with problems'";
    EXPECT_EQ(count_eml(out), 8u) << "every message but the one the cut file ends inside";
    const auto index = nlohmann::json::parse(std::ifstream(out / "export.json"));
    EXPECT_EQ(index["totals"]["quarantined"], 1) << "the partial message is listed, not mail";
    const std::string e2e = std::string(CCSALVAGE_SOURCE_DIR) + "/tests/e2e/";
    EXPECT_EQ(run_shell("python3 '" + e2e + "check_eml.py' '" + out.string() + "'"), 0);
    EXPECT_EQ(run_shell("python3 '" + e2e + "compare_items.py' '" + inspect.string() + "' '" +
                        out.string() + "'"),
              0);
    fs::remove(inspect);
}

TEST_F(CliExport, RefusesAnOutputFolderThatIsInUse) {
    fs::create_directories(out);
    std::ofstream(out / "keep.txt") << "someone else's file";
    const auto r = run_in_source_dir("export samples/ccm/clean-nosize.ccm --format eml --out '" +
                                     out.string() + "'");
    EXPECT_EQ(r.exit_code, 3);
    EXPECT_EQ(count_eml(out), 0u);
}

TEST_F(CliExport, UnknownFormatIsAUsageError) {
    const auto r = run_in_source_dir("export samples/ccm/clean-nosize.ccm --format pst --out '" +
                                     out.string() + "'");
    EXPECT_EQ(r.exit_code, 2);
}

}  // namespace
}  // namespace ccsalvage::e2e
