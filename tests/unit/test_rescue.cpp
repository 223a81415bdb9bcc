#include "case/rescue.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <set>

#include "core/errors.hpp"
#include "support/test_files.hpp"

namespace ccsalvage::casefolder {
namespace {

namespace fs = std::filesystem;

using testing::kQ179072SmallSet;

class RescueTest : public ::testing::Test {
  protected:
    void SetUp() override {
        base = fs::temp_directory_path() /
               ("ccsalvage-rescue-" + std::to_string(::getpid()) + "-" +
                ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(base);
        options.post_office = kQ179072SmallSet + "/SALES1";
        options.connector = kQ179072SmallSet + "/Ccmcdata";
        options.case_dir = base / "case";
    }
    void TearDown() override { fs::remove_all(base); }
    fs::path base;
    RescueOptions options;
};

TEST(RescueStages, NamesAreUniqueAndEveryStageDescribesItself) {
    std::set<std::string> names{"evidence"};
    for (const auto& stage : make_stages()) {
        EXPECT_TRUE(names.insert(std::string(stage->name())).second) << stage->name();
        EXPECT_FALSE(stage->description().empty());
    }
    for (const auto& missing : stages_not_in_this_build()) {
        EXPECT_TRUE(names.insert(std::string(missing.name)).second) << missing.name;
    }
}

TEST_F(RescueTest, FindsTheConsoleOutputOfTheSampleWithItsCascade) {
    const auto result = run_rescue(options);
    EXPECT_EQ(result.exit_code, 1);
    EXPECT_FALSE(result.evidence_changed);
    const auto& r = result.report;
    bool scan_found = false;
    for (const auto& f : r.findings) {
        if (f.code == "SCAN-console" && f.file == kQ179072SmallSet + "/SALES1/CLANDATA") {
            scan_found = true;
            EXPECT_NE(f.hex.find("Exporting"), std::string::npos);
        }
    }
    EXPECT_TRUE(scan_found);
    ASSERT_FALSE(r.cascades.empty());
    EXPECT_EQ(r.findings[r.cascades[0].cause].code, "PO-015");
    bool explains_code_4 = false;
    for (const auto& x : r.explanations) explains_code_4 |= (x.kind == "code" && x.id == 4);
    EXPECT_TRUE(explains_code_4);
}

TEST_F(RescueTest, ResumeSkipsStagesWithUnchangedInputsAndReportsTheSame) {
    const auto first = run_rescue(options);
    const auto plan = plan_rescue(options);
    EXPECT_EQ(plan["case_folder"], "resume");
    for (const auto& s : plan["stages"]) {
        if (s["action"] != "not in this build" && s["action"] != "not applicable") {
            EXPECT_EQ(s["action"], "resume") << s["name"];
        }
    }
    const auto second = run_rescue(options);
    EXPECT_TRUE(second.resumed);
    ASSERT_EQ(second.stage_actions.size(), first.stage_actions.size());
    for (const auto& [name, action] : second.stage_actions) {
        if (name == "events") continue;  // not applicable: no --events here
        EXPECT_EQ(action, "resumed") << name;
    }
    EXPECT_EQ(nlohmann::json(second.report.findings.size()),
              nlohmann::json(first.report.findings.size()));
}

TEST_F(RescueTest, AnEditedStageResultIsNotTrustedAndTheStageRunsAgain) {
    const auto first = run_rescue(options);
    {
        std::ofstream edit(options.case_dir / "stages" / "post-office.json", std::ios::app);
        edit << " ";
    }
    const auto second = run_rescue(options);
    for (const auto& [name, action] : second.stage_actions) {
        if (name == "events") continue;  // not applicable: no --events here
        EXPECT_EQ(action, name == "post-office" ? "ran" : "resumed") << name;
    }
    EXPECT_EQ(second.report.findings.size(), first.report.findings.size());
}

TEST_F(RescueTest, RefusesACaseFolderInsideTheEvidence) {
    options.case_dir = options.post_office / "case";
    EXPECT_THROW(run_rescue(options), UsageError);
    EXPECT_FALSE(fs::exists(options.case_dir));
}

TEST_F(RescueTest, RefusesACaseFolderOfAnotherPostOffice) {
    run_rescue(options);
    options.post_office = kQ179072SmallSet + "/HUBPO2";
    EXPECT_THROW(run_rescue(options), UsageError);
}

}  // namespace
}  // namespace ccsalvage::casefolder
