// Every .ccm the generator writes reads back with the project's own reader, holding the
// messages and item hashes the ground truth says, at the offsets it says; healthy files raise
// no warning.
#include <gtest/gtest.h>

#include <set>

#include "core/event.hpp"
#include "parsers/ccm/reader.hpp"
#include "test_generator_support.hpp"

#ifdef CCSALVAGE_GENERATOR_HAVE_UND
#include "parsers/und/und.hpp"
#endif

namespace ccsalvage::generator {
namespace {

using testing::GeneratedRun;
using testing::read_whole;
using testing::small_options;

struct ReadFile {
    std::string bytes;
    std::vector<ccm::Message> messages;
    std::vector<std::vector<std::string>> item_hashes;
    EventLog log;
};

ReadFile read_ccm_file(const std::filesystem::path& path) {
    ReadFile f;
    f.bytes = read_whole(path);
    ccm::read_ccm(f.bytes, path.filename().string(), ccm::ReaderOptions{}, f.log,
                  [&f](const ccm::Message& m) {
                      f.messages.push_back(m);
                      std::vector<std::string> hashes;
                      for (const auto& item : m.items) hashes.push_back(item.sha256);
                      f.item_hashes.push_back(std::move(hashes));
                  });
    return f;
}

void expect_matches(const nlohmann::json& message, const ccm::Message& read,
                    const std::vector<std::string>& hashes, const std::string& where) {
    EXPECT_EQ(read.subject, message["subject"].get<std::string>()) << where;
    ASSERT_EQ(read.from.size(), 1U) << where;
    EXPECT_EQ(read.from[0].raw, message["from"].get<std::string>()) << where;
    ASSERT_TRUE(read.date.has_value()) << where;
    EXPECT_EQ(read.date->raw, message["date_raw"].get<std::string>()) << where;
    EXPECT_EQ(read.to.size(), message["to"].size()) << where;
    const auto& items = message["items"];
    ASSERT_EQ(hashes.size(), items.size()) << where;
    for (std::size_t i = 0; i < items.size(); ++i) {
        EXPECT_EQ(hashes[i], items[i]["sha256"].get<std::string>()) << where << " item " << i;
        EXPECT_EQ(read.items[i].data.size(), items[i]["size"].get<std::uint64_t>()) << where;
    }
}

class GeneratorReadback : public ::testing::Test {
  protected:
    static Options options() {
        Options o = small_options(21);
        o.messages = 120;
        o.damage = parse_damage("all", build_capabilities());
        return o;
    }
};

TEST_F(GeneratorReadback, EveryCcmCopyReadsBackAsTheGroundTruthSays) {
    const GeneratedRun run("readback", options());
    std::set<std::string> damaged;
    for (const auto& d : run.truth()["damage"]) {
        damaged.insert(d["file"].get<std::string>());
    }
    std::map<std::string, ReadFile> files;
    std::size_t checked = 0;
    for (const auto& message : run.truth()["messages"]) {
        for (const auto& copy : message["copies"]["ccm"]) {
            const std::string path = copy["file"];
            auto it = files.find(path);
            if (it == files.end()) it = files.emplace(path, read_ccm_file(run.root() / path)).first;
            const ReadFile& f = it->second;
            const auto offset = copy["offset"].get<std::uint64_t>();
            const auto found =
                std::find_if(f.messages.begin(), f.messages.end(),
                             [&](const ccm::Message& m) { return m.offset == offset; });
            ASSERT_NE(found, f.messages.end()) << path << " @" << offset;
            const auto index = static_cast<std::size_t>(found - f.messages.begin());
            if (copy["complete"].get<bool>()) {
                EXPECT_EQ(found->end_offset - found->offset, copy["length"].get<std::uint64_t>())
                    << path;
                expect_matches(message, *found, f.item_hashes[index], path);
            } else {
                EXPECT_TRUE(found->partial) << path;
            }
            ++checked;
        }
    }
    EXPECT_EQ(checked, run.truth()["totals"]["ccm_copies"].get<std::uint64_t>());
    ASSERT_GT(checked, 20U);
    for (const auto& [path, f] : files) {
        if (damaged.count(path) != 0) continue;
        EXPECT_FALSE(f.log.has_problems()) << path << ": healthy files raise no warning";
    }
}

TEST_F(GeneratorReadback, DamagedQueueFilesShowTheirCatalogueIds) {
    const GeneratedRun run("readback-damage", options());
    std::size_t seen = 0;
    for (const auto& d : run.truth()["damage"]) {
        const std::string kind = d["kind"];
        if (kind != "console-ccm" && kind != "truncate-ccm") continue;
        const ReadFile f = read_ccm_file(run.root() / d["file"].get<std::string>());
        bool reported = false;
        for (const auto& e : f.log.events()) reported = reported || e.code == d["catalogue"];
        EXPECT_TRUE(reported) << kind << " in " << d["file"];
        ++seen;
    }
    EXPECT_EQ(seen, 2U);
}

#ifdef CCSALVAGE_GENERATOR_HAVE_UND
TEST_F(GeneratorReadback, UndEntriesReadBackOnePerAttempt) {
    const GeneratedRun run("readback-und", options());
    std::size_t expected = 0;
    std::string und_file;
    for (const auto& message : run.truth()["messages"]) {
        for (const auto& u : message["copies"]["und"]) {
            ++expected;
            und_file = u["file"];
        }
    }
    ASSERT_GT(expected, 0U);
    const std::string bytes = read_whole(run.root() / und_file);
    EventLog log;
    std::size_t entries = 0;
    und::read_und(bytes, und_file, ccm::ReaderOptions{}, log,
                  [&entries](const und::UndEntry&) { ++entries; });
    EXPECT_EQ(entries, expected);
}
#endif

}  // namespace
}  // namespace ccsalvage::generator
