// repair/detector.cpp and the detectors it lists, on the shipped sample sets: a clean post
// office gives nothing; a Q179072 header gives one cause and every other finding follows it.
#include "repair/detector.hpp"

#include <gtest/gtest.h>

namespace ccsalvage::repair {
namespace {

Findings detect(const std::string& folder) {
    const auto po_folder =
        po::PostOfficeFolder::open(std::string(CCSALVAGE_SAMPLES_DIR) + "/po/" + folder);
    EventLog log;
    const auto model = po::read_post_office(po_folder.source(), {}, log);
    return run_detectors({po_folder.source(), model, log});
}

TEST(Detector, ListNamesEveryDetectorOnce) {
    const auto list = detectors();
    ASSERT_EQ(list.size(), 2u);
    EXPECT_EQ(list[0].name, "console-output");
    EXPECT_EQ(list[1].name, "record-damage");
}

TEST(Detector, CleanPostOfficeHasNoFinding) {
    EXPECT_TRUE(detect("clean-small/SALES1").empty());
    EXPECT_TRUE(detect("clean-small/HUBPO2").empty());
}

TEST(Detector, ConsoleHeaderIsOneCauseWithItsCascade) {
    const Findings findings = detect("q179072-small/HUBPO2");
    ASSERT_GT(findings.size(), 10u);  // PO-011, 015, 016, 19 x PO-019, 2 x PO-030, ...
    EXPECT_EQ(count_causes(findings), 1u);
    EXPECT_EQ(findings[0].detector, "console-output");
    EXPECT_EQ(findings[0].offset, 13890u);
    EXPECT_EQ(findings[0].length, 73u);
    std::size_t unclaimed = 0;
    for (const auto& f : findings) {
        if (f.code == "PO-019") {
            ++unclaimed;
            EXPECT_EQ(f.key, 995u);  // the extent blocks belong to the damaged message
        }
    }
    EXPECT_EQ(unclaimed, 19u);
}

TEST(Detector, IndependentFaultsAreSeparateCauses) {
    // structure-faults-small/MUNICH: truncation, freed index target, broken chain.
    const Findings findings = detect("structure-faults-small/MUNICH");
    EXPECT_GE(count_causes(findings), 3u);
    EXPECT_LT(count_causes(findings), findings.size());
}

}  // namespace
}  // namespace ccsalvage::repair
