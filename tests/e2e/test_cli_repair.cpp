// `ccsalvage repair` on the generator's sample sets (samples/po/*), against their ground truth:
// every injected console burst found at its exact offset and quarantined, the repaired post
// office clean for `analyze`, clean post offices copied with zero findings and zero changes,
// the input untouched, --dry-run writing nothing.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "test_cli_support.hpp"

namespace ccsalvage::e2e {
namespace {

namespace fs = std::filesystem;

std::vector<nlohmann::json> json_lines(const fs::path& file) {
    std::vector<nlohmann::json> out;
    std::ifstream in(file);
    std::string line;
    while (std::getline(in, line)) {
        if (!line.empty()) out.push_back(nlohmann::json::parse(line));
    }
    return out;
}

std::string file_text(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

struct Repaired {
    int exit_code = -1;
    fs::path out;
};

Repaired repair(const std::string& set, const std::string& po, const std::string& extra = "") {
    const fs::path input = fs::path(CCSALVAGE_SAMPLES_DIR) / "po" / set;
    const std::string before = hash_tree(input);
    Repaired r;
    r.out = fresh_temp_dir("repair-" + set + "-" + po);
    r.exit_code = run_in_source_dir("repair samples/po/" + set + "/" + po + " --out '" +
                                    r.out.string() + "' " + extra)
                      .exit_code;
    EXPECT_EQ(hash_tree(input), before) << "the input set changed: " << set;
    return r;
}

TEST(CliRepair, CleanPostOfficesGiveNoFindingAndNoChange) {
    for (const auto& po : post_office_folders("clean-small")) {
        const Repaired r = repair("clean-small", po);
        EXPECT_EQ(r.exit_code, 0) << po;
        const auto summary = nlohmann::json::parse(file_text(r.out / "summary.json"));
        EXPECT_EQ(summary["findings"], 0) << po;
        EXPECT_EQ(summary["changes"], 0) << po;
        EXPECT_TRUE(file_text(r.out / "repair-log.txt").empty()) << po;
        const fs::path input = fs::path(CCSALVAGE_SAMPLES_DIR) / "po" / "clean-small" / po;
        for (const auto& name : {"CLANDATA", "MLANDATA"}) {
            EXPECT_EQ(file_text(r.out / "post-office" / name), file_text(input / name)) << po;
        }
        fs::remove_all(r.out);
    }
}

TEST(CliRepair, ConsoleOutputFoundAtItsExactOffsetQuarantinedAndRepairedClean) {
    const auto truth = ground_truth("q179072-small");
    std::size_t checked = 0;
    for (const auto& damage : truth["damage"]) {
        if (damage["kind"] != "console-header") continue;
        const std::string file = damage["file"];  // "HUBPO2/CLANDATA"
        const std::string po = file.substr(0, file.find('/'));
        const Repaired r = repair("q179072-small", po);
        EXPECT_EQ(r.exit_code, 1) << po;  // damage found and repaired
        const auto findings = json_lines(r.out / "findings.jsonl");
        bool found = false;
        for (const auto& f : findings) {
            if (f["detector"] != "console-output") continue;
            EXPECT_EQ(f["offset"], damage["offset"]) << po;
            EXPECT_EQ(f["length"], damage["length"]) << po;
            EXPECT_EQ(f["structure"], "message header") << po;
            found = true;
        }
        EXPECT_TRUE(found) << po;
        // Every other finding of that post office follows from the burst.
        for (const auto& f : findings) {
            if (f["code"] == "PO-051") continue;
            if (f["detector"] == "record-damage") {
                EXPECT_FALSE(f["cause"].is_null()) << po << " " << f.dump();
            }
        }
        const auto quarantine = json_lines(r.out / "quarantine" / "quarantine.jsonl");
        ASSERT_EQ(quarantine.size(), 1u) << po;
        EXPECT_EQ(quarantine[0]["offset"], damage["offset"]);
        EXPECT_EQ(quarantine[0]["bytes_hex"], damage["new_hex"]);
        const auto analyzed =
            run_in_source_dir("analyze --json '" + (r.out / "post-office").string() + "'");
        EXPECT_EQ(analyzed.exit_code, 0) << po << analyzed.out;
        EXPECT_FALSE(file_text(r.out / "repair-log.txt").empty()) << po;
        fs::remove_all(r.out);
        ++checked;
    }
    EXPECT_EQ(checked, 2u);
}

TEST(CliRepair, StructureFaultsAreRebuiltClean) {
    for (const auto& po : post_office_folders("structure-faults-small")) {
        const Repaired r = repair("structure-faults-small", po);
        EXPECT_TRUE(r.exit_code == 0 || r.exit_code == 1) << po << " exit " << r.exit_code;
        const auto analyzed =
            run_in_source_dir("analyze --json '" + (r.out / "post-office").string() + "'");
        EXPECT_EQ(analyzed.exit_code, 0) << po << analyzed.out;
        fs::remove_all(r.out);
    }
}

TEST(CliRepair, DryRunWritesNothing) {
    const fs::path out = fresh_temp_dir("repair-dry-run");
    const auto result = run_in_source_dir(
        "repair samples/po/q179072-small/HUBPO2 --dry-run --json --out '" + out.string() + "'");
    EXPECT_EQ(result.exit_code, 1);
    EXPECT_FALSE(fs::exists(out));
    const auto json = nlohmann::json::parse(result.out);
    EXPECT_GT(json["findings"].get<int>(), 0);
}

TEST(CliRepair, MissingInputOrUsedOutputFolderIsAnInputOutputError) {
    const fs::path out = fresh_temp_dir("repair-missing-input");
    EXPECT_EQ(
        run_in_source_dir("repair samples/po/no-such-post-office --out '" + out.string() + "'")
            .exit_code,
        3);
    EXPECT_FALSE(fs::exists(out));
    // An output folder that already holds something is refused before anything is written.
    const fs::path used = fresh_temp_dir("repair-used-output");
    fs::create_directories(used);
    std::ofstream(used / "keep.txt") << "mine";
    EXPECT_EQ(
        run_in_source_dir("repair samples/po/q179072-small/HUBPO2 --out '" + used.string() + "'")
            .exit_code,
        3);
    EXPECT_FALSE(fs::exists(used / "post-office"));
    fs::remove_all(used);
}

}  // namespace
}  // namespace ccsalvage::e2e
