// The ledger stage on freshly generated worlds with every kind of damage, several seeds: the
// self-check holds, every copy the ground truth lists is on a line, undamaged messages have
// the state their status implies, second deliveries are duplicate lines, and an unreadable
// input is listed while the others are still read.
#include "flow/ledger_run.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>

#include "test_generator_support.hpp"

#ifdef CCSALVAGE_GENERATOR_HAVE_PO
namespace ccsalvage::flow {
namespace {

using generator::testing::GeneratedRun;
using generator::testing::small_options;

std::string relative(std::string_view file, const std::filesystem::path& root) {
    const std::string prefix = root.string() + "/";
    return std::string(file.starts_with(prefix) ? file.substr(prefix.size()) : file);
}

std::string expected_state(const nlohmann::json& message) {
    const std::string status = message["status"];
    if (status == "exported" && message["copies"]["post_office"].empty()) {
        return "missing-from-post-office";
    }
    if (status == "delivered" || status == "exported") return "in-post-office";
    if (status == "pending" || status == "bad") return "stuck-in-queue";
    if (status == "lost") return "missing-from-post-office";
    return status;
}

class LedgerOnGenerated : public ::testing::TestWithParam<std::uint64_t> {};

TEST_P(LedgerOnGenerated, AgreesWithTheGroundTruth) {
    generator::Options options = small_options(GetParam());
    options.damage = generator::parse_damage("all", generator::build_capabilities());
    const GeneratedRun run("ledger-" + std::to_string(GetParam()), options);
    LedgerInputs inputs;
    for (const auto& entry : std::filesystem::directory_iterator(run.root())) {
        if (std::filesystem::exists(entry.path() / "CLANDATA")) {
            inputs.post_offices.push_back(entry.path());
        }
    }
    std::sort(inputs.post_offices.begin(), inputs.post_offices.end());
    inputs.connector = run.root() / "Ccmcdata";
    inputs.post_offices.push_back(run.root() / "NO-SUCH-PO");
    EventLog log;
    const LedgerRun result = build_ledger(inputs, log);
    ASSERT_EQ(result.unreadable.size(), 1U);
    const Ledger& ledger = result.ledger;
    EXPECT_TRUE(ledger.check().empty());

    std::map<std::pair<std::string, std::uint64_t>, const LedgerLine*> by_copy;
    for (const auto& line : ledger.lines) {
        for (const auto& copy : line.copies) {
            by_copy[{relative(copy.file, run.root()), copy.offset}] = &line;
        }
    }
    std::size_t duplicates = 0, checked = 0;
    for (const auto& message : run.truth()["messages"]) {
        const auto id = message["id"].get<int>();
        std::set<std::uint64_t> lines;
        const LedgerLine* main = nullptr;
        for (const auto* kind : {"post_office", "ccm", "und"}) {
            for (const auto& copy : message["copies"][kind]) {
                if (copy.contains("written") && !copy["written"].get<bool>()) continue;
                const auto it = by_copy.find({copy["file"], copy["offset"]});
                ASSERT_NE(it, by_copy.end()) << "message " << id << " " << copy["file"];
                if (copy.value("duplicate", false)) {
                    // A second delivery whose own copy is damaged (a cut MLANDATA) is filed as
                    // an incomplete copy of the message, not as a delivery of its own.
                    bool whole = false;
                    for (const auto& c : it->second->copies) {
                        if (c.offset == copy["offset"] &&
                            relative(c.file, run.root()) == copy["file"]) {
                            whole = c.complete;
                        }
                    }
                    if (whole) {
                        ++duplicates;
                        EXPECT_EQ(it->second->state, LedgerState::duplicate) << id;
                    }
                } else {
                    lines.insert(it->second->id);
                    main = it->second;
                }
            }
        }
        if (!message["damage"].empty() && message["status"] != "lost") continue;
        ASSERT_NE(main, nullptr) << id;
        EXPECT_EQ(lines.size(), 1U) << "message " << id;
        EXPECT_EQ(to_string(main->state), expected_state(message)) << "message " << id;
        ++checked;
    }
    EXPECT_GT(checked, 40U);
    EXPECT_GT(duplicates, 0U);
    std::size_t found = 0;
    for (const auto& d : ledger.duplicates) found += d.copy.kind == CopyKind::po_record ? 1U : 0U;
    EXPECT_EQ(found, duplicates);
}

INSTANTIATE_TEST_SUITE_P(Seeds, LedgerOnGenerated, ::testing::Values(5, 6, 7));

}  // namespace
}  // namespace ccsalvage::flow
#endif
