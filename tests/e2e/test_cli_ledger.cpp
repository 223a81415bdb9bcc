// `ccsalvage ledger` and `analyze --connector` against the generator's ground truth
// (samples/po/*): every copy of every message on a ledger line; every undamaged message on one
// line with the state its status implies; duplicates found = the ground truth's second
// deliveries, each pointing at its first; lost = lost; totals add up; evidence untouched.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "test_cli_support.hpp"

namespace ccsalvage::e2e {
namespace {

namespace fs = std::filesystem;

const std::vector<std::string> kLedgerSets = {"clean-small", "connector-faults-small",
                                              "q179072-small", "q223772-loop-small",
                                              "structure-faults-small"};

nlohmann::json ground_truth(const std::string& set) {
    std::ifstream in(std::string(CCSALVAGE_SAMPLES_DIR) + "/po/" + set + "/ground-truth.json");
    return nlohmann::json::parse(in);
}

std::string ledger_arguments(const std::string& set) {
    std::vector<std::string> folders;
    for (const auto& entry :
         fs::directory_iterator(std::string(CCSALVAGE_SAMPLES_DIR) + "/po/" + set)) {
        if (fs::exists(entry.path() / "CLANDATA")) {
            folders.push_back("samples/po/" + set + "/" + entry.path().filename().string());
        }
    }
    std::sort(folders.begin(), folders.end());
    std::string out;
    for (const auto& f : folders) out += f + " ";
    return out + "--connector samples/po/" + set + "/Ccmcdata";
}

nlohmann::json ledger(const std::string& set, int& exit_code) {
    const auto r = run_in_source_dir("ledger --json " + ledger_arguments(set));
    exit_code = r.exit_code;
    return nlohmann::json::parse(r.out);
}

bool same_file(const std::string& listed, const std::string& wanted) {
    return listed == wanted || (listed.size() > wanted.size() && listed.ends_with("/" + wanted));
}

// "samples/po/x/SALES1/CLANDATA" -> "SALES1/CLANDATA", as the ground truth names files.
std::string last_two_parts(const std::string& path) {
    const auto last = path.rfind('/');
    if (last == std::string::npos || last == 0) return path;
    const auto before = path.rfind('/', last - 1);
    return before == std::string::npos ? path : path.substr(before + 1);
}

// The ledger line holding the copy at file/offset, or null.
const nlohmann::json* line_of(const nlohmann::json& out, const std::string& file,
                              std::uint64_t offset) {
    for (const auto& line : out["lines"]) {
        for (const auto& copy : line["copies"]) {
            if (copy["offset"] == offset && same_file(copy["file"], file)) return &line;
        }
    }
    return nullptr;
}

// What the evidence can show: an exported message whose sender keeps no Message Log is only
// in Export.bak, like a lost one (docs/ledger.md section 2).
std::string expected_state(const std::string& status, bool in_a_post_office) {
    if (status == "exported" && !in_a_post_office) return "missing-from-post-office";
    if (status == "delivered" || status == "exported") return "in-post-office";
    if (status == "pending" || status == "bad") return "stuck-in-queue";
    if (status == "lost") return "missing-from-post-office";
    if (status == "undeliverable") return "undeliverable";
    return "?" + status;
}

class LedgerOnSet : public ::testing::TestWithParam<std::string> {};

TEST_P(LedgerOnSet, EveryGroundTruthMessageHasItsLineAndState) {
    const std::string set = GetParam();
    const auto truth = ground_truth(set);
    int exit_code = -1;
    const auto out = ledger(set, exit_code);
    EXPECT_TRUE(out["check"]["ok"].get<bool>()) << out["check"]["problems"];
    EXPECT_NE(exit_code, 4);

    // Totals add up.
    std::uint64_t by_state = 0, copies = 0;
    for (const auto& [state, n] : out["totals"]["by_state"].items())
        by_state += n.get<std::uint64_t>();
    for (const auto& line : out["lines"]) copies += line["copies"].size();
    EXPECT_EQ(by_state, out["lines"].size());
    EXPECT_EQ(copies, out["totals"]["copies"].get<std::uint64_t>());
    EXPECT_EQ(copies, out["totals"]["sightings"].get<std::uint64_t>());

    std::set<std::pair<std::string, std::uint64_t>> truth_duplicates;
    std::size_t lost = 0, exported_without_copy = 0, checked = 0;
    for (const auto& message : truth["messages"]) {
        const bool damaged = !message["damage"].empty() &&
                             message["status"] != "lost";  // lost is a recipe, not damage
        const std::string id = set + " message " + std::to_string(message["id"].get<int>());
        const nlohmann::json* main_line = nullptr;
        std::set<std::uint64_t> lines_seen;
        for (const auto& copy : message["copies"]["post_office"]) {
            if (!copy["written"].get<bool>()) continue;
            const auto* line = line_of(out, copy["file"], copy["offset"]);
            ASSERT_NE(line, nullptr) << id << ": " << copy["file"] << " at " << copy["offset"];
            if (copy["duplicate"].get<bool>()) {
                truth_duplicates.insert(
                    {copy["file"].get<std::string>(), copy["offset"].get<std::uint64_t>()});
                if (!damaged) {
                    EXPECT_EQ((*line)["state"], "duplicate") << id;
                }
            } else {
                lines_seen.insert((*line)["id"].get<std::uint64_t>());
                main_line = line;
            }
        }
        for (const auto& copy : message["copies"]["ccm"]) {
            const auto* line = line_of(out, copy["file"], copy["offset"]);
            ASSERT_NE(line, nullptr) << id << ": " << copy["file"] << " at " << copy["offset"];
            if ((*line)["state"] != "duplicate") {
                lines_seen.insert((*line)["id"].get<std::uint64_t>());
                main_line = line;
            }
        }
        for (const auto& copy : message["copies"]["und"]) {
            const auto* line = line_of(out, copy["file"], copy["offset"]);
            ASSERT_NE(line, nullptr) << id << ": " << copy["file"] << " at " << copy["offset"];
            lines_seen.insert((*line)["id"].get<std::uint64_t>());
        }
        if (message["status"] == "lost") ++lost;
        if (message["status"] == "exported" && message["copies"]["post_office"].empty()) {
            ++exported_without_copy;
        }
        if (damaged || main_line == nullptr) continue;
        EXPECT_EQ(lines_seen.size(), 1U) << id << ": copies on several lines";
        bool in_a_post_office = false;
        for (const auto& copy : message["copies"]["post_office"]) {
            if (copy["written"].get<bool>()) in_a_post_office = true;
        }
        EXPECT_EQ((*main_line)["state"], expected_state(message["status"], in_a_post_office)) << id;
        if (message["status"] == "bad") {
            EXPECT_EQ((*main_line)["reason"].get<std::string>().rfind("Bad", 0), 0U) << id;
        }
        if (message["status"] == "undeliverable") {
            EXPECT_EQ((*main_line)["attempts"], message["copies"]["und"].size()) << id;
        }
        // Duplicate lines point at this one.
        for (const auto& line : out["lines"]) {
            if (line["state"] != "duplicate") continue;
            for (const auto& copy : line["copies"]) {
                for (const auto& c : message["copies"]["post_office"]) {
                    if (c["duplicate"].get<bool>() && same_file(copy["file"], c["file"]) &&
                        copy["offset"] == c["offset"]) {
                        EXPECT_EQ(line["duplicate_of"], (*main_line)["id"]) << id;
                    }
                }
            }
        }
        ++checked;
    }
    EXPECT_GT(checked, 10U) << set;

    std::set<std::pair<std::string, std::uint64_t>> found;
    for (const auto& d : out["duplicates"]) {
        if (d["copy"]["kind"] != "post-office-record") continue;
        found.insert({last_two_parts(d["copy"]["file"]), d["copy"]["offset"].get<std::uint64_t>()});
    }
    EXPECT_EQ(found, truth_duplicates) << set;
    EXPECT_EQ(out["totals"]["by_state"]["missing-from-post-office"].get<std::size_t>(),
              lost + exported_without_copy)
        << set;
}

INSTANTIATE_TEST_SUITE_P(Samples, LedgerOnSet, ::testing::ValuesIn(kLedgerSets),
                         [](const auto& test_param) {
                             std::string name = test_param.param;
                             for (char& c : name) {
                                 if (c == '-') c = '_';
                             }
                             return name;
                         });

TEST(CliLedger, DuplicateRecordsAreWhereAnalyzeReportsPo032) {
    // The generator's ground truth and the PO- catalogue agree on where a second delivery is
    // reported: analyze finds PO-032 at each duplicates damage record's file and offset.
    const auto truth = ground_truth("connector-faults-small");
    std::size_t checked = 0;
    for (const auto& damage : truth["damage"]) {
        if (damage["kind"] != "duplicates") continue;
        EXPECT_EQ(damage["catalogue"], "PO-032");
        const std::string file = damage["file"];
        const auto r = run_in_source_dir("analyze --json samples/po/connector-faults-small/" +
                                         file.substr(0, file.find('/')));
        const auto json = nlohmann::json::parse(r.out);
        bool found = false;
        for (const auto& e : json["events"]) {
            if (e["code"] == "PO-032" && same_file(e["file"], file) &&
                e["offset"] == damage["offset"]) {
                found = true;
            }
        }
        EXPECT_TRUE(found) << file << " at " << damage["offset"];
        ++checked;
    }
    EXPECT_EQ(checked, 2U);
}

TEST(CliLedger, ConnectorAnalysisFindsLoopsBadFilesAndZeroByteTmp) {
    const auto before = hash_tree(std::string(CCSALVAGE_SAMPLES_DIR) + "/po");
    for (const std::string set : {"connector-faults-small", "q223772-loop-small"}) {
        const auto truth = ground_truth(set);
        const auto r =
            run_in_source_dir("analyze --json --connector samples/po/" + set + "/Ccmcdata");
        EXPECT_EQ(r.exit_code, 1) << set;
        const auto json = nlohmann::json::parse(r.out);
        std::multiset<std::string> codes;
        for (const auto& e : json["events"]) codes.insert(e["code"]);
        std::size_t zero_tmp = 0, loops = 0;
        for (const auto& damage : truth["damage"]) {
            if (damage["kind"] == "zero-tmp") ++zero_tmp;
            if (damage["kind"] == "import-loop") {
                ++loops;
                bool tied = false;
                for (const auto& loop : json["connector"]["import_loops"]) {
                    if (same_file(loop["waiting_file"], damage["file"])) tied = true;
                }
                EXPECT_TRUE(tied) << damage["file"];
            }
            if (damage["kind"] == "truncate-ccm") {
                bool found = false;
                for (const auto& e : json["events"]) {
                    if (e["code"] == "CONN-012" && same_file(e["file"], damage["file"]))
                        found = true;
                }
                EXPECT_TRUE(found);
            }
        }
        EXPECT_EQ(codes.count("CONN-006"), zero_tmp) << set;
        EXPECT_EQ(codes.count("CONN-009"), loops) << set;
        EXPECT_EQ(json["connector"]["import_loops"].size(), loops) << set;
        for (const auto& e : json["events"]) {
            if (e["code"] == "CONN-005") {
                EXPECT_EQ(e["explained_by"]["events"][0]["event"], 54);
            }
        }
    }
    EXPECT_EQ(hash_tree(std::string(CCSALVAGE_SAMPLES_DIR) + "/po"), before);
}

TEST(CliLedger, EventLogTiedToTheStoreAndExplained) {
    const auto r = run_in_source_dir(
        "analyze --json --connector samples/po/connector-faults-small/Ccmcdata --events "
        "samples/evlog/connector-faults.txt");
    EXPECT_EQ(r.exit_code, 1);
    const auto json = nlohmann::json::parse(r.out);
    ASSERT_EQ(json["event_logs"].size(), 1U);
    const auto& log = json["event_logs"][0];
    EXPECT_EQ(log["records"], 8);
    bool bad_tied = false, export_failure = false;
    for (const auto& tie : log["ties"]) {
        if (tie["event"] == 54) {
            for (const auto& f : tie["store_files"]) {
                if (same_file(f, "Ccmcdata/Bad/MSG272B.CCM")) bad_tied = true;
            }
        }
        if (tie["event"] == 70) {
            export_failure = tie["failure"].get<bool>() && tie["result_code"] == 3 &&
                             tie["explained_by"]["kb"][0] == "Q166045" &&
                             tie["store_files"].empty();
        }
    }
    EXPECT_TRUE(bad_tied);
    EXPECT_TRUE(export_failure);
    std::size_t failures = 0;
    for (const auto& e : json["events"]) failures += e["code"] == "EVL-006" ? 1U : 0U;
    EXPECT_EQ(failures, 2U);  // events 54 and 70

    // The loop's events against the loop's store: every event 59 names the file still waiting.
    const auto loop = nlohmann::json::parse(
        run_in_source_dir("ledger --json samples/po/q223772-loop-small/HUBPO2 "
                          "samples/po/q223772-loop-small/SALES1 --connector "
                          "samples/po/q223772-loop-small/Ccmcdata --events "
                          "samples/evlog/q223772-loop.csv")
            .out);
    std::size_t in_loop = 0;
    for (const auto& tie : loop["event_logs"][0]["ties"]) {
        if (tie["event"] == 59 && !tie["loop"].get<std::string>().empty()) ++in_loop;
    }
    EXPECT_EQ(in_loop, 10U);
    EXPECT_EQ(run_in_source_dir("analyze --events samples/evlog/no-such.txt").exit_code, 3);
}

TEST(CliLedger, UsageAndInputErrors) {
    EXPECT_EQ(run_in_source_dir("ledger").exit_code, 2);
    EXPECT_EQ(run_in_source_dir("ledger --connector samples/po/no-such/Ccmcdata").exit_code, 3);
    EXPECT_EQ(run_in_source_dir("analyze --connector samples/po/no-such/Ccmcdata").exit_code, 3);
    EXPECT_EQ(run_in_source_dir("analyze samples/po/clean-small/HUBPO2 --connector "
                                "samples/po/clean-small/Ccmcdata")
                  .exit_code,
              2);
}

TEST(CliLedger, CleanSetIsCleanButForWhatWaitsInSubmit) {
    int exit_code = -1;
    const auto out = ledger("clean-small", exit_code);
    const auto& by_state = out["totals"]["by_state"];
    EXPECT_EQ(by_state["duplicate"], 0);
    EXPECT_EQ(by_state["quarantined"], 0);
    EXPECT_EQ(by_state["missing-from-post-office"], 0);
    EXPECT_EQ(by_state["stuck-in-queue"], 1);  // one file waits in Submit at the snapshot
    EXPECT_EQ(exit_code, 1);
}

}  // namespace
}  // namespace ccsalvage::e2e
