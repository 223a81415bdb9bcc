// repair/salvage.cpp on the generator's sample sets, measured against their ground truth: every
// message copy whose item bytes survived comes out with byte-identical items (SHA-256), and a
// message header destroyed by console output is restored from another post office's copy.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>

#include "core/codepage.hpp"
#include "core/sha256.hpp"
#include "parsers/po/reader.hpp"
#include "parsers/po/writer.hpp"
#include "repair/connector_copies.hpp"
#include "repair/detector.hpp"
#include "repair/salvage.hpp"
#include "test_generator_support.hpp"

namespace ccsalvage::repair {
namespace {

namespace fs = std::filesystem;

nlohmann::json truth_of(const std::string& set) {
    std::ifstream in(std::string(CCSALVAGE_SAMPLES_DIR) + "/po/" + set + "/ground-truth.json");
    return nlohmann::json::parse(in);
}

struct Opened {
    std::string name;
    po::PostOfficeFolder folder;
    po::PostOffice model;
    EventLog log;
};

std::vector<std::unique_ptr<Opened>> open_folder(const fs::path& root) {
    std::vector<std::unique_ptr<Opened>> out;
    std::vector<fs::path> dirs;
    for (const auto& e : fs::directory_iterator(root))
        if (fs::exists(e.path() / "CLANDATA")) dirs.push_back(e.path());
    std::sort(dirs.begin(), dirs.end());
    for (const auto& d : dirs) {
        auto o = std::make_unique<Opened>(
            Opened{d.filename().string(), po::PostOfficeFolder::open(d), {}, EventLog{}});
        o->model = po::read_post_office(o->folder.source(), {}, o->log);
        out.push_back(std::move(o));
    }
    return out;
}

std::vector<std::unique_ptr<Opened>> open_set(const std::string& set) {
    return open_folder(std::string(CCSALVAGE_SAMPLES_DIR) + "/po/" + set);
}

// The repaired post office of `index`, built in memory and read back.
struct Rebuilt {
    po::PostOfficeFiles files;
    po::PostOfficeSource source;
    po::PostOffice model;
    EventLog log;
    Salvage salvage;
    Findings findings;
};

std::unique_ptr<Rebuilt> rebuild(const std::vector<std::unique_ptr<Opened>>& set, std::size_t index,
                                 const ConnectorStore* connector = nullptr) {
    std::vector<OtherCopy> others;
    for (std::size_t i = 0; i < set.size(); ++i) {
        if (i != index) others.push_back({set[i]->name, &set[i]->folder.source(), &set[i]->model});
    }
    const Opened& self = *set[index];
    const Findings findings = run_detectors({self.folder.source(), self.model, self.log});
    auto r = std::make_unique<Rebuilt>();
    r->findings = findings;
    r->salvage = salvage_post_office(self.folder.source(), self.model, findings, others, connector);
    r->files = po::build_post_office(r->salvage.spec);
    r->source.files.push_back({"CLANDATA", "", r->files.clandata});
    r->source.files.push_back({"MLANDATA", "", r->files.mlandata});
    for (const auto& [name, bytes] : r->files.mailboxes)
        r->source.files.push_back({name, "", bytes});
    r->model = po::read_post_office(r->source, {}, r->log);
    return r;
}

std::string cp850(const std::string& utf8) { return encode_from_utf8(utf8, CodePage::cp850).bytes; }

TEST(Salvage, ItemsByteIdenticalAndHeadersRestoredAgainstGroundTruth) {
    for (const std::string set : {"q179072-small", "structure-faults-small"}) {
        const auto truth = truth_of(set);
        const auto opened = open_set(set);
        std::size_t compared = 0, restored_subjects = 0;
        for (std::size_t p = 0; p < opened.size(); ++p) {
            const auto rebuilt = rebuild(opened, p);
            EXPECT_FALSE(rebuilt->log.has_problems()) << set << " " << opened[p]->name;
            for (const auto& m : truth["messages"]) {
                for (const auto& copy : m["copies"]["post_office"]) {
                    if (copy["post_office"] != opened[p]->name || !copy["written"].get<bool>())
                        continue;
                    const auto* record = rebuilt->model.find_message(copy["message_number"]);
                    // A copy whose items were cut by the truncation may be elsewhere; all others
                    // must be there.
                    if (record == nullptr) {
                        ADD_FAILURE() << set << " " << opened[p]->name << " message "
                                      << copy["message_number"] << " missing";
                        continue;
                    }
                    EXPECT_EQ(record->header.subject, cp850(m["subject"].get<std::string>()))
                        << set << " " << copy["message_number"];
                    ASSERT_EQ(record->header.items.size(), m["items"].size());
                    for (std::size_t i = 0; i < record->header.items.size(); ++i) {
                        const auto read =
                            po::read_message_item(rebuilt->source, rebuilt->model, *record, i);
                        EXPECT_EQ(sha256_hex(read.data), m["items"][i]["sha256"])
                            << set << " message " << copy["message_number"] << " item " << i;
                        ++compared;
                    }
                    if (!m["damage"].empty()) ++restored_subjects;
                }
            }
        }
        EXPECT_GT(compared, 0u) << set;
        if (set == "q179072-small") {
            EXPECT_EQ(restored_subjects, 4u);  // two messages, two copies each
        }
    }
}

TEST(Salvage, CountersThatNeverGoDownKeepTheirMaximum) {
    const auto opened = open_set("structure-faults-small");
    for (std::size_t p = 0; p < opened.size(); ++p) {
        ASSERT_TRUE(opened[p]->model.clandata.has_value());
        const auto& before = *opened[p]->model.clandata;
        const auto rebuilt = rebuild(opened, p);
        EXPECT_EQ(rebuilt->salvage.spec.next_message_number, before.next_message_number);
        ASSERT_TRUE(rebuilt->model.clandata.has_value());
        const auto& after = *rebuilt->model.clandata;
        EXPECT_GE(after.next_message_number, before.next_message_number);
        EXPECT_GE(after.next_directory_id, before.next_directory_id);
        EXPECT_GE(after.next_mailbox_number, before.next_mailbox_number);
        // Counts are derived: wrong-counter raised one in SALES1; the rebuild says what is.
        EXPECT_EQ(after.directory_entry_count, rebuilt->model.directory.size());
        EXPECT_EQ(after.message_count, rebuilt->model.messages.size());
    }
}

TEST(Salvage, ConsoleBytesQuarantinedVerbatim) {
    const auto truth = truth_of("q179072-small");
    const auto opened = open_set("q179072-small");
    for (std::size_t p = 0; p < opened.size(); ++p) {
        const auto rebuilt = rebuild(opened, p);
        for (const auto& q : rebuilt->salvage.quarantine) {
            bool matched = false;
            for (const auto& d : truth["damage"]) {
                if (d["file"] != opened[p]->name + "/CLANDATA" || d["offset"] != q.offset) continue;
                matched = true;
                EXPECT_EQ(q.length, d["length"].get<std::uint64_t>());
            }
            EXPECT_TRUE(matched) << q.file << "@" << q.offset;
        }
    }
}

// A fresh set with every post office damage kind the generator injects, several times over: each
// console burst found at its exact offset, every repaired post office clean, every copy whose
// items survived byte-identical, and every destroyed header restored wherever another copy (a
// post office or the connector store) exists; where none exists, the lost-and-found says so.
struct Measured {
    std::size_t bursts = 0, restored = 0, unrestorable = 0, items = 0, from_connector = 0;
};

// Generates a set, repairs each of its post offices in memory and checks the result against
// the ground truth (see the tests below).
Measured measure_generated_set(const std::string& name_of_run, const generator::Options& options) {
    generator::testing::GeneratedRun run(name_of_run, options);
    const auto& truth = run.truth();
    const auto opened = open_folder(run.root());
    const ConnectorStore connector = ConnectorStore::open(run.root() / "Ccmcdata");
    EXPECT_GT(connector.messages(), 0u);

    std::set<std::uint64_t> cut_messages;  // items that ran into a truncation
    for (const auto& d : truth["damage"]) {
        if (d["kind"] == "truncate")
            for (const auto& id : d["messages"]) cut_messages.insert(id.get<std::uint64_t>());
    }
    std::size_t bursts = 0, restored = 0, unrestorable = 0, items = 0, from_connector = 0;
    for (std::size_t p = 0; p < opened.size(); ++p) {
        const std::string& name = opened[p]->name;
        const auto rebuilt = rebuild(opened, p, &connector);
        for (const auto& source : rebuilt->salvage.sources) {
            if (source.field == "subject" && source.source.rfind("connector ", 0) == 0) {
                ++from_connector;
            }
        }
        EXPECT_FALSE(rebuilt->log.has_problems()) << name;
        for (const auto& e : rebuilt->log.events()) {
            if (e.severity != Severity::note)
                ADD_FAILURE() << name << " " << e.code << " " << e.detail;
        }
        for (const auto& d : truth["damage"]) {
            if (d["kind"] != "console-header" || d["file"] != name + "/CLANDATA") continue;
            ++bursts;
            bool found = false;
            for (const auto& f : rebuilt->findings) {
                found = found || (f.detector == "console-output" && f.offset == d["offset"] &&
                                  f.length == d["length"]);
            }
            EXPECT_TRUE(found) << name << " burst at " << d["offset"];
        }
        for (const auto& m : truth["messages"]) {
            bool damaged_here = false;
            for (const auto& di : m["damage"]) {
                const auto& d = truth["damage"][di.get<std::size_t>()];
                damaged_here = damaged_here ||
                               (d["kind"] == "console-header" && d["file"] == name + "/CLANDATA");
            }
            for (const auto& copy : m["copies"]["post_office"]) {
                if (copy["post_office"] != name || !copy["written"].get<bool>()) continue;
                const auto number = copy["message_number"].get<std::uint32_t>();
                const auto* record = rebuilt->model.find_message(number);
                if (record == nullptr) {
                    // Only a message the salvage could not place may be missing, and it is listed.
                    bool listed = false;
                    for (const auto& l : rebuilt->salvage.lost_and_found) {
                        listed = listed || l.key == number;
                    }
                    EXPECT_TRUE(listed) << name << " " << number;
                    continue;
                }
                if (cut_messages.count(m["id"].get<std::uint64_t>()) == 0) {
                    EXPECT_EQ(record->header.items.size(), m["items"].size()) << name;
                    for (std::size_t i = 0;
                         i < record->header.items.size() && i < m["items"].size(); ++i) {
                        const auto read =
                            po::read_message_item(rebuilt->source, rebuilt->model, *record, i);
                        EXPECT_EQ(sha256_hex(read.data), m["items"][i]["sha256"])
                            << name << " message " << number << " item " << i;
                        ++items;
                    }
                }
                // The header destroyed here: restored when another copy exists.
                if (!damaged_here) continue;
                const bool other_copy =
                    m["copies"]["post_office"].size() > 1 || !m["copies"]["ccm"].empty();
                if (other_copy) {
                    EXPECT_EQ(record->header.subject, cp850(m["subject"].get<std::string>()))
                        << name << " " << number;
                    EXPECT_EQ(record->header.recipients.size(),
                              m["to"].size() + m["cc"].size() + m["bcc"].size())
                        << name << " " << number;
                    for (std::size_t i = 0;
                         i < record->header.items.size() && i < m["items"].size(); ++i) {
                        const auto& item = m["items"][i];
                        const std::string kind = item["kind"];
                        EXPECT_EQ(record->header.items[i].kind,
                                  kind == "text" ? 1 : (kind == "file" ? 2 : 5))
                            << name << " " << number << " item " << i;
                        const std::string title = item.contains("name")
                                                      ? item["name"].get<std::string>()
                                                      : item.value("title", "");
                        EXPECT_EQ(record->header.items[i].title, cp850(title))
                            << name << " " << number << " item " << i;
                    }
                    ++restored;
                } else {
                    bool listed = false;
                    for (const auto& l : rebuilt->salvage.lost_and_found) {
                        listed = listed || (l.kind == "message fields" && l.key == number);
                    }
                    EXPECT_TRUE(listed) << name << " " << number;
                    ++unrestorable;
                }
            }
        }
    }
    return {bursts, restored, unrestorable, items, from_connector};
}

TEST(Salvage, FreshSetWithEveryDamageKindAgainstItsGroundTruth) {
    using generator::DamageKind;
    generator::Options options = generator::testing::small_options(4242);
    options.post_offices = 3;
    options.damage = {{DamageKind::console_header, 4}, {DamageKind::broken_chain, 1},
                      {DamageKind::wrong_counter, 1},  {DamageKind::index_to_free, 1},
                      {DamageKind::nft_mismatch, 1},   {DamageKind::truncate, 1},
                      {DamageKind::duplicates, 1},     {DamageKind::lost, 1}};
    const Measured m = measure_generated_set("salvage-every-kind", options);
    EXPECT_EQ(m.bursts, 4u);
    EXPECT_EQ(m.restored + m.unrestorable, 4u);
    EXPECT_GT(m.items, 50u);
}

// Seed 5 destroys a header whose only other copy is in the connector store.
TEST(Salvage, HeaderRestoredFromTheConnectorStore) {
    generator::Options options = generator::testing::small_options(5);
    options.post_offices = 3;
    options.damage = {{generator::DamageKind::console_header, 6}};
    const Measured m = measure_generated_set("salvage-connector", options);
    EXPECT_EQ(m.bursts, 6u);
    EXPECT_EQ(m.restored + m.unrestorable, 6u);
    EXPECT_GE(m.from_connector, 1u);
}

}  // namespace
}  // namespace ccsalvage::repair
