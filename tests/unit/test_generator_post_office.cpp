// The generated post offices read back with the project's post office reader: healthy ones
// without a single event and with the messages, folders and item hashes the ground truth says;
// damaged ones with the catalogue id the ground truth records for each injected fault.
// Only in builds that have the post office writer.
#include <gtest/gtest.h>

#ifdef CCSALVAGE_GENERATOR_HAVE_PO
#include <set>

#include "core/codepage.hpp"
#include "core/event.hpp"
#include "parsers/po/reader.hpp"
#include "test_generator_support.hpp"

namespace ccsalvage::generator {
namespace {

using testing::GeneratedRun;
using testing::small_options;

struct ReadPo {
    po::PostOfficeFolder folder;
    po::PostOffice model;
    EventLog log;
};

std::unique_ptr<ReadPo> read_po(const std::filesystem::path& path) {
    auto folder = po::PostOfficeFolder::open(path);
    auto result = std::unique_ptr<ReadPo>(new ReadPo{std::move(folder), {}, EventLog{}});
    result->model = po::read_post_office(result->folder.source(), po::ReadOptions{}, result->log);
    return result;
}

TEST(GeneratorPostOffice, HealthyPostOfficesReadBackExactly) {
    const GeneratedRun run("po-healthy", small_options(31));
    const auto& truth = run.truth();
    ASSERT_TRUE(truth["post_offices_written"].get<bool>());
    // message number -> ground-truth message, per post office.
    std::map<std::string, std::map<std::uint32_t, const nlohmann::json*>> expected;
    for (const auto& m : truth["messages"]) {
        for (const auto& copy : m["copies"]["post_office"]) {
            expected[copy["post_office"]][copy["message_number"].get<std::uint32_t>()] = &m;
        }
    }
    std::size_t items_checked = 0;
    for (const auto& w : truth["written_post_offices"]) {
        const std::string name = w["name"];
        EXPECT_EQ(w["healthy_read_events"].get<std::uint64_t>(), 0U) << name;
        const auto po = read_po(run.root() / w["folder"].get<std::string>());
        EXPECT_EQ(po->log.total(), 0U) << name << ": a healthy post office has no event";
        for (const auto& e : po->log.events())
            ADD_FAILURE() << name << " " << e.code << " " << e.detail;
        ASSERT_EQ(po->model.messages.size(), expected[name].size()) << name;
        for (const auto& record : po->model.messages) {
            const auto it = expected[name].find(record.header.message_number);
            ASSERT_NE(it, expected[name].end()) << name << " " << record.header.message_number;
            const nlohmann::json& m = *it->second;
            EXPECT_EQ(decode_to_utf8(record.header.subject, CodePage::cp850).utf8,
                      m["subject"].get<std::string>());
            ASSERT_EQ(record.header.items.size(), m["items"].size());
            for (std::size_t i = 0; i < record.header.items.size(); ++i) {
                const po::ItemRead item =
                    po::read_message_item(po->folder.source(), po->model, record, i);
                EXPECT_TRUE(item.crc_ok) << name << " " << record.header.message_number;
                EXPECT_EQ(sha256_hex(item.data), m["items"][i]["sha256"].get<std::string>());
                ++items_checked;
            }
        }
    }
    EXPECT_GT(items_checked, 20U);
}

TEST(GeneratorPostOffice, FolderEntriesMatchTheGroundTruth) {
    const GeneratedRun run("po-folders", small_options(37));
    std::uint64_t expected_entries = 0;
    for (const auto& m : run.truth()["messages"]) {
        for (const auto& copy : m["copies"]["post_office"])
            expected_entries += copy["folders"].size();
    }
    std::uint64_t found = 0;
    for (const auto& w : run.truth()["written_post_offices"]) {
        const auto po = read_po(run.root() / w["folder"].get<std::string>());
        for (const auto& box : po->model.mailboxes) {
            for (const auto& folder : box.folders) found += folder.entries.size();
        }
    }
    EXPECT_EQ(found, expected_entries);
    EXPECT_EQ(found, run.truth()["totals"]["folder_entries"].get<std::uint64_t>());
}

TEST(GeneratorPostOffice, EachInjectedFaultIsReportedWithItsCatalogueId) {
    Options options = small_options(41);
    options.damage = parse_damage("all", build_capabilities());
    const GeneratedRun run("po-damage", options);
    std::map<std::string, std::unique_ptr<ReadPo>> read;
    std::size_t checked = 0;
    for (const auto& d : run.truth()["damage"]) {
        const std::string file = d["file"];
        const std::string catalogue = d["catalogue"];
        if (catalogue.rfind("PO-", 0) != 0 || file.rfind("Ccmcdata/", 0) == 0) continue;
        const std::string folder = file.substr(0, file.find('/'));
        auto& po = read[folder];
        if (!po) po = read_po(run.root() / folder);
        std::set<std::string> codes;
        for (const auto& e : po->log.events()) codes.insert(e.code);
        EXPECT_TRUE(codes.count(catalogue) != 0)
            << d["kind"] << " in " << file << ": expected " << catalogue;
        ++checked;
    }
    // Seven kinds carry a PO- id; duplicates (PO-032) points at the second delivery's record.
    EXPECT_EQ(checked, 7U);
}

}  // namespace
}  // namespace ccsalvage::generator
#endif
