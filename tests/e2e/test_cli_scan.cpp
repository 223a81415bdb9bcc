// `ccsalvage scan` end to end: the Q179072-style sample gives exactly its injected spans, the
// clean sample gives nothing, and neither file changes.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "test_cli_support.hpp"

namespace ccsalvage::e2e {
namespace {

TEST(CliScan, FindsExactlyTheInjectedConsoleOutput) {
    const auto before = hash_tree(CCSALVAGE_SAMPLES_DIR);
    const auto r = run_in_source_dir("scan --json samples/scan/contaminated.bin");
    EXPECT_EQ(r.exit_code, 1) << "findings mean problems found";
    const auto json = nlohmann::json::parse(r.out);
    std::ifstream truth(std::string(CCSALVAGE_SAMPLES_DIR) + "/scan/contaminated.truth");
    std::vector<std::pair<std::uint64_t, std::uint64_t>> expected;
    std::uint64_t at = 0, length = 0;
    while (truth >> at >> length) expected.emplace_back(at, length);
    ASSERT_EQ(expected.size(), 3u);
    const auto& findings = json["files"][0]["findings"];
    ASSERT_EQ(findings.size(), expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) {
        EXPECT_EQ(findings[i]["offset"], expected[i].first);
        EXPECT_EQ(findings[i]["length"], expected[i].second);
        EXPECT_EQ(findings[i]["kind"], "console_output");
        EXPECT_FALSE(findings[i]["text"].get<std::string>().empty());
        EXPECT_FALSE(findings[i]["hex"].get<std::string>().empty());
    }
    EXPECT_NE(findings[0]["text"].get<std::string>().find("Exporting messages in mailbox"),
              std::string::npos);
    EXPECT_EQ(hash_tree(CCSALVAGE_SAMPLES_DIR), before);
}

TEST(CliScan, CleanFileHasNoFindings) {
    const auto r = run_in_source_dir("scan samples/scan/clean.bin");
    EXPECT_EQ(r.exit_code, 0);
    EXPECT_NE(r.out.find("no foreign text found"), std::string::npos);
}

TEST(CliScan, TextOutputShowsOffsetAndHexDump) {
    const auto r = run_in_source_dir("scan samples/scan/contaminated.bin");
    EXPECT_NE(r.out.find("samples/scan/contaminated.bin:16128 (0x3f00) 76 bytes of console_output"),
              std::string::npos)
        << r.out;
    EXPECT_NE(
        r.out.find("00003F00  0D 0A 0D 0A 45 78 70 6F-72 74 69 6E 67 20 6D 65  ....Exporting me"),
        std::string::npos)
        << r.out;
}

TEST(CliScan, MissingFileIsAnIoError) {
    EXPECT_EQ(run_in_source_dir("scan samples/scan/none.bin").exit_code, 3);
}

}  // namespace
}  // namespace ccsalvage::e2e

namespace ccsalvage::e2e {
namespace {

TEST(CliExplain, ExplainsEventsAndCodes) {
    const auto event = run_in_source_dir("explain event 70");
    EXPECT_EQ(event.exit_code, 0);
    EXPECT_NE(event.out.find("Q166045"), std::string::npos);
    const auto code = run_in_source_dir("explain --json code 4");
    EXPECT_EQ(code.exit_code, 0);
    EXPECT_EQ(nlohmann::json::parse(code.out)[0]["id"], 4);
    EXPECT_EQ(run_in_source_dir("explain code 9").exit_code, 1);
    EXPECT_EQ(run_in_source_dir("explain event").exit_code, 2);
    EXPECT_EQ(run_in_source_dir("explain fax 1").exit_code, 2);
}

}  // namespace
}  // namespace ccsalvage::e2e
