// The audit trail of stages run at the same time: in slot (stage) order whatever order they
// record in, the first unfinished slot written at once, times kept from when events happened.
#include "case/ordered_audit.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace ccsalvage::casefolder {
namespace {

namespace fs = std::filesystem;

class OrderedAuditTest : public ::testing::Test {
  protected:
    void SetUp() override {
        base = fs::temp_directory_path() /
               ("ccsalvage-ordered-audit-" + std::to_string(::getpid()) + "-" +
                ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(base);
    }
    void TearDown() override { fs::remove_all(base); }
    // "event:stage" per line, and the sequence numbers checked to run 1, 2, 3, ...
    std::vector<std::string> lines() const {
        std::ifstream in(base / "case" / kAudit);
        std::vector<std::string> out;
        std::string line;
        while (std::getline(in, line)) {
            const auto j = nlohmann::json::parse(line);
            EXPECT_EQ(j["seq"], out.size() + 1);
            out.push_back(j["event"].get<std::string>() + ":" + j.value("stage", ""));
        }
        return out;
    }
    fs::path base;
};

TEST_F(OrderedAuditTest, ALaterSlotWaitsForTheEarlierOnesToFinish) {
    auto folder = CaseFolder::open(base / "case");
    OrderedAudit audit(folder, 3);
    audit.record(2, "c1", {{"stage", "c"}});
    audit.record(1, "b1", {{"stage", "b"}});
    audit.finish(2);
    audit.finish(1);
    EXPECT_TRUE(lines().empty());  // slot 0 has not finished: nothing after it is written
    audit.record(0, "a1", {{"stage", "a"}});
    EXPECT_EQ(lines(), (std::vector<std::string>{"a1:a"}));  // the first slot writes at once
    audit.finish(0);
    EXPECT_EQ(lines(), (std::vector<std::string>{"a1:a", "b1:b", "c1:c"}));
}

TEST_F(OrderedAuditTest, TheNextSlotWritesThroughOnceItIsFirst) {
    auto folder = CaseFolder::open(base / "case");
    OrderedAudit audit(folder, 2);
    audit.record(1, "b1", {{"stage", "b"}});
    audit.finish(0);
    EXPECT_EQ(lines(), (std::vector<std::string>{"b1:b"}));
    audit.record(1, "b2", {{"stage", "b"}});
    EXPECT_EQ(lines(), (std::vector<std::string>{"b1:b", "b2:b"}));
}

TEST_F(OrderedAuditTest, FlushAllWritesWhatSlotsThatNeverFinishedHeld) {
    auto folder = CaseFolder::open(base / "case");
    OrderedAudit audit(folder, 3);
    audit.record(0, "a1", {{"stage", "a"}});
    audit.record(2, "c1", {{"stage", "c"}});
    audit.finish(2);
    EXPECT_EQ(lines(), (std::vector<std::string>{"a1:a"}));
    audit.flush_all();  // slot 0 failed without finish(), slot 1 never started
    EXPECT_EQ(lines(), (std::vector<std::string>{"a1:a", "c1:c"}));
}

}  // namespace
}  // namespace ccsalvage::casefolder
