// The generator's promise: the same seed and options give the same bytes, a different seed
// gives different content, and nothing is written outside the output folder.
#include <gtest/gtest.h>

#include "test_generator_support.hpp"

namespace ccsalvage::generator {
namespace {

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

TEST(GeneratorDeterminism, RefusesAnExistingNonEmptyFolder) {
    const GeneratedRun run("existing", small_options(5));
    EXPECT_ANY_THROW(OutputFolder::create_new(run.root()));
}

}  // namespace
}  // namespace ccsalvage::generator
