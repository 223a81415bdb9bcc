// The generator's promise: the same seed and options give the same bytes, a different seed
// gives different content, and nothing is written outside the output folder. And the sets
// shipped in samples/po are what their documented commands write today, byte for byte: a
// golden test of the generator and of the post office writer under it (a change to the
// writer's output shows here before it reaches anyone's repaired post office).
#include <gtest/gtest.h>

#include "test_generator_support.hpp"

namespace ccsalvage::generator {
namespace {

namespace fs = std::filesystem;
using testing::GeneratedRun;
using testing::small_options;

Options damaged_options(std::uint64_t seed) {
    Options options = small_options(seed);
    options.damage = parse_damage("all", build_capabilities());
    return options;
}

TEST(GeneratorDeterminism, SameSeedGivesIdenticalFiles) {
    const GeneratedRun a("det-a", damaged_options(7));
    const GeneratedRun b("det-b", damaged_options(7));
    const auto ha = a.hashes();
    const auto hb = b.hashes();
    ASSERT_GT(ha.size(), 10U);
    EXPECT_EQ(ha, hb);
}

TEST(GeneratorDeterminism, DifferentSeedsDiffer) {
    const GeneratedRun a("seed-a", small_options(1));
    const GeneratedRun b("seed-b", small_options(2));
    EXPECT_NE(a.hashes().at("ground-truth.json"), b.hashes().at("ground-truth.json"));
    EXPECT_NE(a.truth()["messages"][0]["subject"].get<std::string>() +
                  a.truth()["messages"][0]["date"].get<std::string>(),
              b.truth()["messages"][0]["subject"].get<std::string>() +
                  b.truth()["messages"][0]["date"].get<std::string>());
}

TEST(GeneratorDeterminism, DamageDoesNotChangeTheHealthyMessages) {
    // The recipes draw from their own stream: asking for damage only appends.
    const GeneratedRun clean("healthy-clean", small_options(11));
    const GeneratedRun damaged("healthy-damaged", damaged_options(11));
    const auto& a = clean.truth()["messages"];
    const auto& b = damaged.truth()["messages"];
    ASSERT_LE(a.size(), b.size());
    for (std::size_t i = 0; i < a.size(); ++i) {
        EXPECT_EQ(a[i]["subject"], b[i]["subject"]) << i;
        EXPECT_EQ(a[i]["items"], b[i]["items"]) << i;
        EXPECT_EQ(a[i]["copies"]["post_office"].size(), b[i]["copies"]["post_office"].size()) << i;
    }
}

TEST(GeneratorDeterminism, EveryFileIsListedAndInsideTheOutputFolder) {
    const GeneratedRun run("listed", damaged_options(3));
    const auto on_disk = run.hashes();
    std::map<std::string, std::string> listed;
    for (const auto& f : run.truth()["files"]) {
        const std::string path = f["path"];
        EXPECT_EQ(path.find(".."), std::string::npos) << path;
        ASSERT_FALSE(path.empty());
        EXPECT_NE(path.front(), '/') << path;
        listed[path] = f["sha256"];
    }
    listed[std::string(kGroundTruthName)] = on_disk.at(std::string(kGroundTruthName));
    EXPECT_EQ(on_disk, listed);
}

// Every regular file under `root`: relative path -> SHA-256.
std::map<std::string, std::string> hashes_under(const fs::path& root) {
    std::map<std::string, std::string> out;
    for (const auto& entry : fs::recursive_directory_iterator(root)) {
        if (!entry.is_regular_file()) continue;
        out[fs::relative(entry.path(), root).generic_string()] =
            sha256_hex(testing::read_whole(entry.path()));
    }
    return out;
}

// The commands of samples/po/README.md.
TEST(GeneratorDeterminism, ShippedSamplesAreWhatTheirCommandsWrite) {
    struct Set {
        const char* name;
        std::uint64_t seed;
        std::uint64_t messages;
        unsigned post_offices;
        const char* damage;
    };
    const Set sets[] = {
        {"clean-small", 1, 30, 3, ""},
        {"q179072-small", 179072, 30, 3, "console-header=2,console-ccm=1,zero-tmp=1"},
        {"q223772-loop-small", 223772, 20, 2, "import-loop=2"},
        {"connector-faults-small", 184524, 30, 3, "duplicates=2,lost=2,truncate-ccm=1,zero-tmp=2"},
        {"structure-faults-small", 43, 30, 3,
         "broken-chain=1,wrong-counter=1,index-to-free=1,nft-mismatch=1,truncate=1"},
    };
    for (const Set& set : sets) {
        Options options;
        options.seed = set.seed;
        options.messages = set.messages;
        options.post_offices = set.post_offices;
        options.max_item_bytes = 8 * 1024;
        if (*set.damage != '\0') options.damage = parse_damage(set.damage, build_capabilities());
        const GeneratedRun run(std::string("shipped-") + set.name, options);
        const auto shipped = hashes_under(fs::path(CCSALVAGE_SAMPLES_DIR) / "po" / set.name);
        ASSERT_GT(shipped.size(), 10U) << set.name;
        EXPECT_EQ(run.hashes(), shipped) << set.name;
    }
}

TEST(GeneratorDeterminism, RefusesAnExistingNonEmptyFolder) {
    const GeneratedRun run("existing", small_options(5));
    EXPECT_ANY_THROW(OutputFolder::create_new(run.root()));
}

}  // namespace
}  // namespace ccsalvage::generator
