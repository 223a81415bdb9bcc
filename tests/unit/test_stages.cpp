// The stages of rescue (src/case/stages/), each run alone on a generated sample set and checked
// against the set's ground truth (what the generator injected, with file and offset).
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <regex>

#include "case/case_folder.hpp"
#include "case/stages/findings.hpp"
#include "case/stages/stages.hpp"
#include "support/test_files.hpp"

namespace ccsalvage::casefolder {
namespace {

namespace fs = std::filesystem;

const std::string kSamples = std::string(CCSALVAGE_SAMPLES_DIR) + "/po/";

nlohmann::json ground_truth(const std::string& set) {
    return nlohmann::json::parse(testing::read_file(kSamples + set + "/ground-truth.json"));
}

class StageTest : public ::testing::Test {
  protected:
    void SetUp() override {
        base = fs::temp_directory_path() /
               ("ccsalvage-stage-" + std::to_string(::getpid()) + "-" +
                ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(base);
    }
    void TearDown() override { fs::remove_all(base); }

    report::Contribution run(const Stage& stage, const std::string& set, const std::string& po,
                             bool connector, const report::Report& so_far = {}) {
        options.post_office = kSamples + set + "/" + po;
        if (connector) options.connector = kSamples + set + "/Ccmcdata";
        const auto evidence = EvidenceSet::open(options.post_office, options.connector);
        auto folder = CaseFolder::open(base / "case");
        OrderedAudit audit(folder, 1);
        report::Contribution out;
        // Alone: nothing to wait for (wait_for_later_needs() returns at once).
        StageContext context{
            options,         evidence, so_far, out, folder, stage.name(), AuditSlot(audit, 0),
            folder.output(), {}};
        EXPECT_TRUE(stage.applies(options));
        EXPECT_FALSE(stage.inputs(options, evidence).empty());
        stage.run(context);
        return out;
    }

    fs::path base;
    RescueOptions options;
};

TEST_F(StageTest, ConsoleScanFindsEveryInjectedConsoleHeaderAtItsOffset) {
    const auto truth = ground_truth("q179072-small");
    std::size_t checked = 0;
    for (const auto* po : {"SALES1", "HUBPO2"}) {
        const auto found = run(*make_console_scan_stage(), "q179072-small", po, false);
        for (const auto& damage : truth["damage"]) {
            if (damage["kind"] != "console-header" ||
                damage["file"] != std::string(po) + "/CLANDATA") {
                continue;
            }
            bool hit = false;
            for (const auto& f : found.findings) {
                hit = hit || (f.code == "SCAN-console" && f.offset == damage["offset"] &&
                              f.file.ends_with(damage["file"].get<std::string>()));
            }
            EXPECT_TRUE(hit) << damage.dump();
            ++checked;
        }
        for (const auto& f : found.findings) EXPECT_EQ(f.pattern, report::kPatternConsole);
    }
    EXPECT_EQ(checked, 2u);
}

TEST_F(StageTest, PostOfficeStageMakesTheInjectedHeaderTheCauseOfItsCascade) {
    const auto found = run(*make_post_office_stage(), "q179072-small", "SALES1", false);
    std::uint64_t offset = 0;
    const auto truth = ground_truth("q179072-small");
    for (const auto& damage : truth["damage"]) {
        if (damage["file"] == "SALES1/CLANDATA") offset = damage["offset"];
    }
    ASSERT_NE(offset, 0u);
    ASSERT_FALSE(found.cascades.empty());
    const auto& cause = found.findings[found.cascades[0].cause];
    EXPECT_EQ(cause.code, "PO-015");
    EXPECT_EQ(cause.offset, offset);
    EXPECT_EQ(cause.pattern, report::kPatternConsole);
    EXPECT_FALSE(cause.hex.empty());
    EXPECT_FALSE(found.model_notes.empty());
}

TEST_F(StageTest, UndStageFindsEachInjectedImportLoopWithItsAttempts) {
    const auto found = run(*make_und_stage(), "q223772-loop-small", "SALES1", true);
    std::vector<std::uint64_t> expected;
    const std::regex attempts("each of ([0-9]+) attempts");
    const auto truth = ground_truth("q223772-loop-small");
    for (const auto& damage : truth["damage"]) {
        if (damage["kind"] != "import-loop") continue;
        std::smatch m;
        const auto detail = damage["detail"].get<std::string>();
        ASSERT_TRUE(std::regex_search(detail, m, attempts)) << detail;
        expected.push_back(std::stoull(m[1]));
    }
    ASSERT_EQ(found.loops.size(), expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) {
        EXPECT_EQ(found.loops[i].attempts, expected[i]);
    }
    ASSERT_EQ(found.und_growth.size(), 1u);
    const auto& growth = found.und_growth[0];
    EXPECT_EQ(growth.entry_index.size(), growth.entries);  // small file: every entry kept
    EXPECT_TRUE(std::is_sorted(growth.entry_offset.begin(), growth.entry_offset.end()));
    std::uint64_t in_loops = 0;
    for (const auto loop : growth.loop) in_loops += loop > 0 ? 1u : 0u;
    EXPECT_EQ(in_loops, expected[0] + expected[1]);
}

TEST_F(StageTest, UndStageNeedsAConnectorFolder) {
    EXPECT_FALSE(make_und_stage()->applies(options));
}

TEST_F(StageTest, NfterrorStageCountsEveryLineByDay) {
    const auto found = run(*make_nfterror_stage(), "q179072-small", "SALES1", false);
    const auto log = testing::read_file(kSamples + "q179072-small/SALES1/NFTERROR.LOG");
    std::uint64_t lines = 0;
    for (const char c : log) lines += c == '\n' ? 1u : 0u;
    ASSERT_EQ(found.timelines.size(), 1u);
    std::uint64_t total = 0;
    for (const auto n : found.timelines[0].count) total += n;
    EXPECT_EQ(total, lines);
}

TEST_F(StageTest, KnowledgeBaseExplainsResultCodesAndPatternsFound) {
    report::Report so_far;
    report::ImportLoop loop;
    loop.file = "CCMAIL.UND";
    loop.shown = {{3, 100, "", "", 5}};
    so_far.loops = {loop};
    report::Finding f;
    f.pattern = report::kPatternConsole;
    f.severity = "error";
    so_far.findings = {f};
    const auto found = run(*make_knowledge_base_stage(), "clean-small", "SALES1", false, so_far);
    bool code5 = false, code4 = false;
    for (const auto& x : found.explanations) {
        if (x.kind == "code" && x.id == 5) {
            code5 = true;
            EXPECT_NE(x.cited_by.find("result code 5 in CCMAIL.UND (entry 3)"), std::string::npos);
        }
        code4 = code4 || (x.kind == "code" && x.id == 4);  // Q179072 names code 4
    }
    EXPECT_TRUE(code5);
    EXPECT_TRUE(code4);
}

TEST(StageFindings, PatternsOfCatalogueIds) {
    EXPECT_EQ(pattern_of("PO-015"), report::kPatternConsole);
    EXPECT_EQ(pattern_of("NFT-001"), report::kPatternConsole);
    EXPECT_EQ(pattern_of("UND-008"), report::kPatternImportLoop);
    EXPECT_EQ(pattern_of("PO-032"), report::kPatternDuplicates);
    EXPECT_EQ(pattern_of("PO-027"), report::kPatternLost);
    EXPECT_EQ(pattern_of("PO-011"), report::kPatternStructure);
    EXPECT_EQ(pattern_of("CCM-002"), report::kPatternStructure);
}

TEST(StageFindings, HexDumpsOnlyForTheFirstFindingsOfACode) {
    FindingMaker maker("s", 16);
    const std::string bytes(4096, 'x');
    Event e{"f", 100, "PO-011", Severity::error, "d"};
    for (std::size_t i = 0; i < kHexDumpsPerCode; ++i)
        EXPECT_FALSE(maker.make(e, bytes).hex.empty());
    EXPECT_TRUE(maker.make(e, bytes).hex.empty());
    e.code = "PO-012";
    EXPECT_FALSE(maker.make(e, bytes).hex.empty());
    e.offset = 5000;  // past the end: no dump, no crash
    EXPECT_TRUE(maker.make(e, bytes).hex.empty());
}

}  // namespace
}  // namespace ccsalvage::casefolder
