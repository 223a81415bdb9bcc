#include <gtest/gtest.h>

#include "report/render.hpp"
#include "support/report_fixture.hpp"

namespace ccsalvage::report {
namespace {

TEST(RenderJson, HoldsEverySectionOfTheModel) {
    const auto j = render_json(testing::sample_report(true));
    EXPECT_EQ(j["format"], kReportFormat);
    EXPECT_EQ(j["verdict"]["level"], "damaged");
    EXPECT_EQ(j["findings"].size(), 3u);
    EXPECT_EQ(j["cascades"][0]["cause"], 0);
    EXPECT_EQ(j["import_loops"][0]["shown"][1]["result_code"], nullptr);
    EXPECT_EQ(j["ledger"]["total"], 10);
    EXPECT_EQ(j["custody"][0]["unchanged"], true);
    EXPECT_EQ(j["sections"].size(), 6u);
    EXPECT_EQ(j["totals"]["suppressed"]["PO-019"], 5);
}

TEST(RenderJson, NoLedgerIsNull) {
    EXPECT_TRUE(render_json(testing::sample_report(false))["ledger"].is_null());
}

TEST(RenderJson, ChangedEvidenceIsFlagged) {
    auto r = testing::sample_report(false);
    r.evidence[0].sha256_after = std::string(64, 'c');
    EXPECT_EQ(render_json(r)["custody"][0]["unchanged"], false);
}

}  // namespace
}  // namespace ccsalvage::report
