// `ccsalvage analyze` and `scan` against the generator's ground truth (samples/po/*): every
// post office damage found in its file at its offset, every console injection found exactly,
// clean post offices clean, evidence untouched.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <set>

#include "test_cli_support.hpp"

namespace ccsalvage::e2e {
namespace {

namespace fs = std::filesystem;

nlohmann::json analyze(const std::string& set, const std::string& po, int& exit_code) {
    const auto r = run_in_source_dir("analyze --json samples/po/" + set + "/" + po);
    exit_code = r.exit_code;
    return nlohmann::json::parse(r.out);
}

TEST(CliAnalyze, CleanPostOfficesHaveNoFindings) {
    int messages = 0;
    for (const auto& po : post_office_folders("clean-small")) {
        int exit_code = -1;
        const auto json = analyze("clean-small", po, exit_code);
        EXPECT_EQ(exit_code, 0) << po;
        EXPECT_EQ(json["totals"]["errors"], 0) << po;
        EXPECT_EQ(json["totals"]["warnings"], 0) << po;
        messages += json["post_office"]["messages"].get<int>();  // a hub may hold none
    }
    EXPECT_GT(messages, 0);
}

TEST(CliAnalyze, EveryInjectedPostOfficeDamageIsFoundAtItsOffset) {
    std::size_t checked = 0;
    for (const std::string set : {"q179072-small", "structure-faults-small"}) {
        const auto truth = ground_truth(set);
        for (const auto& damage : truth["damage"]) {
            const std::string code = damage.value("catalogue", "");
            if (code.rfind("PO-", 0) != 0) continue;
            const std::string file = damage["file"];  // "HUBPO2/CLANDATA"
            const auto po = file.substr(0, file.find('/'));
            int exit_code = -1;
            const auto json = analyze(set, po, exit_code);
            EXPECT_EQ(exit_code, 1) << set << " " << po;
            bool found = false;
            for (const auto& e : json["events"]) {
                const std::string where = e["file"];
                if (e["code"] == code && where.ends_with(file) && e["offset"] == damage["offset"]) {
                    found = true;
                }
            }
            EXPECT_TRUE(found) << set << ": " << code << " expected in " << file << " at offset "
                               << damage["offset"] << " (" << damage["kind"] << ")";
            ++checked;
        }
    }
    EXPECT_GE(checked, 6u);
}

TEST(CliScan, EveryInjectedConsoleHeaderIsFoundExactly) {
    const auto truth = ground_truth("q179072-small");
    std::size_t checked = 0;
    for (const auto& damage : truth["damage"]) {
        if (damage["kind"] != "console-header") continue;
        const auto r = run_in_source_dir("scan --json samples/po/q179072-small/" +
                                         damage["file"].get<std::string>());
        const auto json = nlohmann::json::parse(r.out);
        bool exact = false;
        for (const auto& f : json["files"][0]["findings"]) {
            if (f["offset"] == damage["offset"] && f["length"] == damage["length"]) exact = true;
        }
        EXPECT_TRUE(exact) << damage["file"] << " at " << damage["offset"];
        ++checked;
    }
    EXPECT_EQ(checked, 2u);
}

TEST(CliAnalyze, ReadsNfterrorLogAndLeavesEvidenceUntouched) {
    const auto before = hash_tree(std::string(CCSALVAGE_SAMPLES_DIR) + "/po");
    int exit_code = -1;
    const auto json = analyze("q179072-small", "HUBPO2", exit_code);
    EXPECT_GT(json["nfterror_log"]["lines"].get<int>(), 0);
    EXPECT_EQ(hash_tree(std::string(CCSALVAGE_SAMPLES_DIR) + "/po"), before);
    EXPECT_EQ(run_in_source_dir("analyze samples/po/no-such-folder").exit_code, 3);
}

}  // namespace
}  // namespace ccsalvage::e2e
