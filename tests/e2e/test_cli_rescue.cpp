// End-to-end tests of `ccsalvage rescue` on the generated sample sets: evidence untouched,
// checksums that sha256sum accepts, a report valid against its schema, the same outputs into
// two new case folders, resume into the same folder, and the HTML rendered by Chromium.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/sha256.hpp"
#include "e2e/test_cli_support.hpp"

namespace ccsalvage::e2e {
namespace {

namespace fs = std::filesystem;

// path -> hash, from a case folder's SHA256SUMS.
std::map<std::string, std::string> sums_of(const fs::path& case_dir) {
    std::map<std::string, std::string> out;
    std::istringstream in(read_text(case_dir / "SHA256SUMS"));
    std::string line;
    while (std::getline(in, line)) out[line.substr(66)] = line.substr(0, 64);
    return out;
}

std::string rescue_args(const std::string& set, const std::string& po, const fs::path& case_dir,
                        bool connector = true) {
    std::string args = "rescue samples/po/" + set + "/" + po;
    if (connector) args += " --connector samples/po/" + set + "/Ccmcdata";
    return args + " --case '" + case_dir.string() + "'";
}

int sha256sum_check(const fs::path& case_dir) {
    return run_shell("cd '" + case_dir.string() + "' && sha256sum --quiet -c SHA256SUMS");
}

int validate_schema(const fs::path& report) {
    return run_shell(std::string("python3 '") + CCSALVAGE_SOURCE_DIR +
                     "/tests/e2e/validate_report.py' '" + CCSALVAGE_SOURCE_DIR +
                     "/docs/report.schema.json' '" + report.string() + "'");
}

struct SampleCase {
    const char* set;
    int exit_code;  // what the post office SALES1 of the set gives
};

class RescueSamples : public ::testing::TestWithParam<SampleCase> {};

TEST_P(RescueSamples, LeavesEvidenceUntouchedAndWritesACheckableCaseFolder) {
    const auto& param = GetParam();
    const auto set_dir = fs::path(CCSALVAGE_SAMPLES_DIR) / "po" / param.set;
    const auto before = hash_tree(set_dir);
    const auto case_dir = fresh_temp_dir(std::string("rescue-") + param.set);
    const auto run = run_in_source_dir(rescue_args(param.set, "SALES1", case_dir));
    EXPECT_EQ(run.exit_code, param.exit_code) << run.out;
    EXPECT_EQ(hash_tree(set_dir), before);

    EXPECT_EQ(sha256sum_check(case_dir), 0);
    EXPECT_EQ(validate_schema(case_dir / "report.json"), 0);
    for (const char* f : {"report.html", "report.md", "report.json", "manifest.json", "audit.jsonl",
                          "SHA256SUMS"}) {
        EXPECT_TRUE(fs::is_regular_file(case_dir / f)) << f;
    }

    // Every input in the manifest, with a hash the test computes itself, unchanged.
    const auto manifest = nlohmann::json::parse(read_text(case_dir / "manifest.json"));
    std::size_t files = 0;
    for (const auto* sub : {"SALES1", "Ccmcdata"}) {
        for (const auto& e : fs::recursive_directory_iterator(set_dir / sub)) {
            files += e.is_regular_file() ? 1u : 0u;
        }
    }
    EXPECT_EQ(manifest["inputs"].size(), files);
    for (const auto& input : manifest["inputs"]) {
        const auto path = fs::path(CCSALVAGE_SOURCE_DIR) / input["file"].get<std::string>();
        EXPECT_EQ(input["sha256_before"], sha256_hex(read_text(path))) << path;
        EXPECT_EQ(input["unchanged"], true);
    }
    for (const char* key :
         {"tool", "command_line", "options", "started", "ended", "host", "user"}) {
        EXPECT_TRUE(manifest.contains(key)) << key;
    }
    EXPECT_FALSE(manifest["tool"]["build"].get<std::string>().empty());
    EXPECT_EQ(manifest["started"].get<std::string>().back(), 'Z');

    // The repair stage's post office, read by `analyze` as a new folder, is clean.
    const auto repaired =
        run_in_source_dir("analyze '" + (case_dir / "repair/post-office").string() + "'");
    EXPECT_EQ(repaired.exit_code, 0) << repaired.out;
    EXPECT_TRUE(fs::is_regular_file(case_dir / "repair/repair-log.txt"));
    EXPECT_TRUE(fs::is_regular_file(case_dir / "repair/quarantine/quarantine.jsonl"));

    // The ledger's rows add up to its total, its self-check holds, and its messages (lines that
    // are not duplicates) are the ground truth's messages with a copy in SALES1 or the
    // connector store.
    const auto report = nlohmann::json::parse(read_text(case_dir / "report.json"));
    const auto truth = nlohmann::json::parse(read_text(set_dir / "ground-truth.json"));
    std::uint64_t sum = 0, duplicates = 0;
    for (const auto& row : report["ledger"]["rows"]) {
        sum += row["count"].get<std::uint64_t>();
        if (row["outcome"] == "duplicate") duplicates = row["count"].get<std::uint64_t>();
    }
    EXPECT_EQ(sum, report["ledger"]["total"].get<std::uint64_t>());
    std::uint64_t expected = 0;
    for (const auto& m : truth["messages"]) {
        bool seen = !m["copies"].value("ccm", nlohmann::json::array()).empty() ||
                    !m["copies"].value("und", nlohmann::json::array()).empty();
        for (const auto& c : m["copies"].value("post_office", nlohmann::json::array())) {
            seen = seen || c["post_office"] == "SALES1";
        }
        expected += seen ? 1u : 0u;
    }
    EXPECT_EQ(sum - duplicates, expected);
    bool self_check = false;
    for (const auto& fact : report["facts"]) {
        if (fact["key"] == "ledger: self-check") {
            self_check = fact["value"].get<std::string>().starts_with("holds");
        }
    }
    EXPECT_TRUE(self_check);

    // The export (mbox by default) parses, and its nothing-is-lost check holds.
    EXPECT_EQ(
        run_shell(std::string("python3 '") + CCSALVAGE_SOURCE_DIR + "/tests/e2e/check_eml.py' '" +
                  (case_dir / "export/mbox").string() + "' > /dev/null"),
        0);
    bool nothing_lost = false;
    for (const auto& fact : report["facts"]) {
        if (fact["key"] == "export mbox: nothing lost") {
            nothing_lost = fact["value"].get<std::string>().starts_with("holds");
        }
    }
    EXPECT_TRUE(nothing_lost);
    fs::remove_all(case_dir);
}

INSTANTIATE_TEST_SUITE_P(Sets, RescueSamples,
                         ::testing::Values(SampleCase{"clean-small", 0},
                                           SampleCase{"q179072-small", 1},
                                           SampleCase{"q223772-loop-small", 1},
                                           SampleCase{"connector-faults-small", 1},  // duplicates
                                           SampleCase{"structure-faults-small", 1}),
                         [](const auto& test_info) {
                             std::string name = test_info.param.set;
                             for (auto& c : name) c = c == '-' ? '_' : c;
                             return name;
                         });

TEST(Rescue, EventLogIsHashedExplainedTiedToFilesAndCharted) {
    const auto dir = fresh_temp_dir("rescue-events");
    const auto log = fs::path(CCSALVAGE_SAMPLES_DIR) / "evlog" / "connector-faults.txt";
    const auto before = sha256_hex(read_text(log));
    const auto run = run_in_source_dir(rescue_args("connector-faults-small", "SALES1", dir) +
                                       " --events samples/evlog/connector-faults.txt");
    EXPECT_EQ(run.exit_code, 1) << run.out;
    EXPECT_EQ(sha256_hex(read_text(log)), before);
    EXPECT_EQ(validate_schema(dir / "report.json"), 0);
    const auto report = nlohmann::json::parse(read_text(dir / "report.json"));
    bool ran = false;
    for (const auto& stage : report["stages"]) {
        if (stage["name"] == "events") ran = stage["status"] == "ran";
    }
    EXPECT_TRUE(ran);
    // Event 54 names Bad\MSG272B.CCM, which the connector store holds.
    bool tied = false;
    for (const auto& f : report["findings"]) {
        if (f["code"] == "EVT-54") {
            tied = f["detail"].get<std::string>().find("Ccmcdata/Bad/MSG272B.CCM") !=
                   std::string::npos;
        }
    }
    EXPECT_TRUE(tied);
    bool charted = false;
    for (const auto& t : report["timelines"]) {
        charted = charted || t["source"] == "samples/evlog/connector-faults.txt";
    }
    EXPECT_TRUE(charted);
    const auto manifest = nlohmann::json::parse(read_text(dir / "manifest.json"));
    bool hashed = false;
    for (const auto& input : manifest["inputs"]) {
        if (input["role"] == "event log") hashed = input["sha256_before"] == before;
    }
    EXPECT_TRUE(hashed);
    fs::remove_all(dir);
}

TEST(Rescue, TwoNewCaseFoldersGetTheSameOutputsTimestampsAside) {
    const auto a = fresh_temp_dir("rescue-same-a");
    const auto b = fresh_temp_dir("rescue-same-b");
    ASSERT_EQ(run_in_source_dir(rescue_args("q223772-loop-small", "SALES1", a)).exit_code, 1);
    ASSERT_EQ(run_in_source_dir(rescue_args("q223772-loop-small", "SALES1", b)).exit_code, 1);
    auto sums_a = sums_of(a), sums_b = sums_of(b);
    for (const char* timed : {"manifest.json", "audit.jsonl"}) {
        EXPECT_EQ(sums_a.erase(timed), 1u) << timed;
        sums_b.erase(timed);
    }
    EXPECT_GE(sums_a.size(), 8u);  // three report forms and the stage results
    // The export names its source, the repaired post office inside the case folder: its files
    // are the same once the case folder's path is replaced.
    const auto without_case = [](std::string text, const std::string& dir) {
        for (auto at = text.find(dir); at != std::string::npos; at = text.find(dir, at)) {
            text.replace(at, dir.size(), "CASE");
        }
        return text;
    };
    for (auto it = sums_a.begin(); it != sums_a.end();) {
        if (!it->first.starts_with("export/")) {
            ++it;
            continue;
        }
        // Its SHA256SUMS holds hashes of the files compared here.
        if (!it->first.ends_with("/SHA256SUMS")) {
            EXPECT_EQ(without_case(read_text(a / it->first), fs::absolute(a).string()),
                      without_case(read_text(b / it->first), fs::absolute(b).string()))
                << it->first;
        }
        EXPECT_EQ(sums_b.erase(it->first), 1u) << it->first;
        it = sums_a.erase(it);
    }
    EXPECT_EQ(sums_a, sums_b);
    fs::remove_all(a);
    fs::remove_all(b);
}

TEST(Rescue, RunningAgainIntoTheSameFolderResumes) {
    const auto dir = fresh_temp_dir("rescue-resume");
    const auto args = rescue_args("q179072-small", "SALES1", dir);
    ASSERT_EQ(run_in_source_dir(args).exit_code, 1);
    const auto first = sums_of(dir);
    const auto again = run_in_source_dir(args);
    EXPECT_EQ(again.exit_code, 1);
    EXPECT_NE(again.out.find("(resumed)"), std::string::npos) << again.out;
    const auto second = sums_of(dir);
    for (const char* same :
         {"report.json", "report.md", "report.html", "stages/post-office.json"}) {
        EXPECT_EQ(first.at(same), second.at(same)) << same;
    }
    EXPECT_EQ(sha256sum_check(dir), 0);
    const auto manifest = nlohmann::json::parse(read_text(dir / "manifest.json"));
    ASSERT_EQ(manifest["runs"].size(), 2u);
    EXPECT_EQ(manifest["runs"][1]["resumed"], true);
    for (const auto& stage : manifest["runs"][1]["stages"]) {
        if (stage["action"] != "not applicable") {
            EXPECT_EQ(stage["action"], "resumed") << stage["name"];
        }
    }
    const auto audit = read_text(dir / "audit.jsonl");
    EXPECT_NE(audit.find("\"event\":\"stage.resumed\""), std::string::npos);
    fs::remove_all(dir);
}

// A case folder resumed after the evidence changed (a file added to the connector folder):
// the stages run again and the reports differ from the earlier run's, which were still in the
// folder when the outputs were read back; SHA256SUMS must hold the new reports' hashes.
TEST(Rescue, ResumedAfterTheEvidenceChangedHasChecksumsThatHold) {
    const auto evidence = fresh_temp_dir("rescue-changed-evidence");
    fs::create_directories(evidence);
    const auto samples = fs::path(CCSALVAGE_SAMPLES_DIR) / "po" / "q179072-small";
    fs::copy(samples / "SALES1", evidence / "SALES1", fs::copy_options::recursive);
    fs::copy(samples / "Ccmcdata", evidence / "Ccmcdata", fs::copy_options::recursive);
    const auto dir = fresh_temp_dir("rescue-changed-case");
    const auto args = "rescue '" + (evidence / "SALES1").string() + "' --connector '" +
                      (evidence / "Ccmcdata").string() + "' --case '" + dir.string() + "'";
    ASSERT_EQ(run_in_source_dir(args).exit_code, 1);
    const auto first = sums_of(dir);
    {
        std::ofstream extra(evidence / "Ccmcdata" / "EXTRA.TXT");
        extra << "a file the first run did not see\n";
    }
    ASSERT_EQ(run_in_source_dir(args).exit_code, 1);
    EXPECT_NE(sums_of(dir).at("report.json"), first.at("report.json"));
    EXPECT_EQ(sha256sum_check(dir), 0);
    fs::remove_all(dir);
    fs::remove_all(evidence);
}

TEST(Rescue, AuditTrailGoesFromEvidenceHashingToTheChecksums) {
    const auto dir = fresh_temp_dir("rescue-audit");
    ASSERT_EQ(run_in_source_dir(rescue_args("q179072-small", "SALES1", dir)).exit_code, 1);
    std::istringstream in(read_text(dir / "audit.jsonl"));
    std::vector<nlohmann::json> events;
    std::string line;
    while (std::getline(in, line)) events.push_back(nlohmann::json::parse(line));
    ASSERT_GT(events.size(), 10u);
    EXPECT_EQ(events.front()["event"], "run.started");
    EXPECT_EQ(events[1]["event"], "evidence.hashed");
    EXPECT_EQ(events.back()["event"], "sums.writing");
    const auto sums = sums_of(dir);
    for (std::size_t i = 0; i < events.size(); ++i) {
        EXPECT_EQ(events[i]["seq"], i + 1);
        if (events[i]["event"] == "file.written" && events[i]["path"] != "manifest.json") {
            EXPECT_EQ(events[i]["sha256"], sums.at(events[i]["path"].get<std::string>()));
        }
    }
    fs::remove_all(dir);
}

TEST(Rescue, DryRunWritesNothing) {
    const auto dir = fresh_temp_dir("rescue-dry");
    const auto run =
        run_in_source_dir(rescue_args("q179072-small", "SALES1", dir) + " --dry-run --json");
    EXPECT_EQ(run.exit_code, 0);
    EXPECT_FALSE(fs::exists(dir));
    const auto plan = nlohmann::json::parse(run.out);
    EXPECT_EQ(plan["case_folder"], "new");
    EXPECT_EQ(plan["stages"][0]["action"], "run");
}

TEST(Rescue, RefusesACaseFolderInsideTheEvidenceAndWritesNothing) {
    const auto set = fs::path(CCSALVAGE_SAMPLES_DIR) / "po" / "clean-small";
    const auto before = hash_tree(set);
    const auto run = run_in_source_dir(
        "rescue samples/po/clean-small/SALES1 --case samples/po/clean-small/SALES1/case");
    EXPECT_EQ(run.exit_code, 2);
    EXPECT_EQ(hash_tree(set), before);
    EXPECT_FALSE(fs::exists(set / "SALES1" / "case"));
}

TEST(Rescue, RefusesAFolderThatIsNotACaseFolder) {
    const auto dir = fresh_temp_dir("rescue-other");
    fs::create_directories(dir);
    std::ofstream(dir / "notes.txt") << "someone else's";
    EXPECT_EQ(run_in_source_dir(rescue_args("clean-small", "SALES1", dir, false)).exit_code, 3);
    EXPECT_EQ(read_text(dir / "notes.txt"), "someone else's");
    fs::remove_all(dir);
}

// Chromium is needed in CI (scripts/setup.sh installs it); only a developer who says so
// skips this test on a machine without it.
void render_or_fail(const fs::path& html, const fs::path& png) {
    const int rc = run_shell(std::string("bash '") + CCSALVAGE_SOURCE_DIR +
                             "/tests/e2e/render_html_check.sh' '" + html.string() + "' '" +
                             png.string() + "'");
    if (rc == 77) {
        const char* allow = std::getenv("CCSALVAGE_ALLOW_NO_CHROMIUM");
        if (allow != nullptr && std::string(allow) == "1") {
            GTEST_SKIP() << "chromium not installed and CCSALVAGE_ALLOW_NO_CHROMIUM=1";
        }
        FAIL() << "chromium is not installed (scripts/setup.sh installs it; set "
                  "CCSALVAGE_ALLOW_NO_CHROMIUM=1 to skip on a development machine)";
    }
    EXPECT_EQ(rc, 0);
    EXPECT_GT(fs::file_size(png), 1000u);
}

TEST(RescueHtml, RendersInChromiumWithoutConsoleErrors) {
    const auto dir = fresh_temp_dir("rescue-chromium");
    ASSERT_EQ(run_in_source_dir(rescue_args("q223772-loop-small", "SALES1", dir)).exit_code, 1);
    render_or_fail(dir / "report.html", fresh_temp_dir("rescue-chromium.png"));
    fs::remove_all(dir);
    fs::remove(fresh_temp_dir("rescue-chromium.png"));
}

// Console text an attacker controls, written over a message header of a copy of the sample:
// the report shows it as text and the browser runs nothing and loads nothing.
TEST(RescueHtml, HostileEvidenceIsShownNeverInterpreted) {
    const auto work = fresh_temp_dir("rescue-hostile");
    const auto po = work / "SALES1";
    fs::create_directories(work);
    fs::copy(fs::path(CCSALVAGE_SAMPLES_DIR) / "po/q179072-small/SALES1", po);
    auto clandata = read_text(po / "CLANDATA");
    const std::string target = "EXCHANGE\" to file EXPORT\\MSG";
    const std::string hostile = "<img src=x onerror=alert(1)>";
    ASSERT_EQ(target.size(), hostile.size());
    const auto at = clandata.find(target);
    ASSERT_NE(at, std::string::npos);
    clandata.replace(at, target.size(), hostile);
    fs::permissions(po / "CLANDATA", fs::perms::owner_write, fs::perm_options::add);
    std::ofstream(po / "CLANDATA", std::ios::binary | std::ios::trunc) << clandata;

    const auto case_dir = work / "case";
    const auto run =
        run_in_source_dir("rescue '" + po.string() + "' --case '" + case_dir.string() + "'");
    EXPECT_EQ(run.exit_code, 1);
    const auto html = read_text(case_dir / "report.html");
    EXPECT_EQ(html.find(hostile), std::string::npos);
    EXPECT_NE(html.find("&lt;img src=x onerror=alert(1)&gt;"), std::string::npos);
    EXPECT_EQ(read_text(case_dir / "report.md").find("<img"), std::string::npos);
    EXPECT_EQ(validate_schema(case_dir / "report.json"), 0);
    render_or_fail(case_dir / "report.html", work / "shot.png");
    fs::remove_all(work);
}

}  // namespace
}  // namespace ccsalvage::e2e
