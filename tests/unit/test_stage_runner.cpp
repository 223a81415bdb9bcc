// The stage runner of rescue (src/case/stage_runner.*): stages run as soon as the stages they
// need have finished, on several threads with --jobs; what each sees, the audit trail and the
// outcome are those of a run on one thread; a failing stage stops new stages, lets running
// ones finish with their audit records, and its exception comes out. The stages here are small
// Stage implementations that record what they saw; the evidence and case folder are real.
#include "case/stage_runner.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <functional>
#include <mutex>
#include <optional>

#include "core/errors.hpp"
#include "support/test_files.hpp"

namespace ccsalvage::casefolder {
namespace {

namespace fs = std::filesystem;

using testing::kQ179072SmallSet;

// A stage that adds one finding named after itself and calls `body` first.
class TestStage final : public Stage {
  public:
    TestStage(std::string name, std::vector<std::string_view> needs,
              std::function<void(StageContext&)> body = {},
              std::vector<std::string_view> later = {})
        : name_(std::move(name)),
          needs_(std::move(needs)),
          body_(std::move(body)),
          later_(std::move(later)) {}
    std::string_view name() const override { return name_; }
    std::string_view description() const override { return "a test stage"; }
    std::vector<std::string> inputs(const RescueOptions&, const EvidenceSet& e) const override {
        return e.post_office_files();
    }
    std::vector<std::string_view> needs() const override { return needs_; }
    std::vector<std::string_view> reads_later() const override { return later_; }
    void run(StageContext& context) const override {
        if (body_) body_(context);
        report::Finding f;
        f.code = name_;
        context.contribution.findings.push_back(f);
        context.write("stages/" + name_ + ".txt", name_);
    }

  private:
    std::string name_;
    std::vector<std::string_view> needs_;
    std::function<void(StageContext&)> body_;
    std::vector<std::string_view> later_;
};

// Codes of the findings a stage saw in so_far.
std::string seen(const StageContext& context) {
    std::string out;
    for (const auto& f : context.so_far.findings) out += f.code;
    return out;
}

// A one-shot signal between two stages, with a generous bound so that a broken runner fails
// the test instead of hanging it (no time is measured).
class Signal {
  public:
    void raise() {
        const std::lock_guard lock(mutex_);
        raised_ = true;
        cv_.notify_all();
    }
    bool wait() {
        std::unique_lock lock(mutex_);
        return cv_.wait_for(lock, std::chrono::seconds(60), [this] { return raised_; });
    }

  private:
    std::mutex mutex_;
    std::condition_variable cv_;
    bool raised_ = false;
};

class StageRunnerTest : public ::testing::Test {
  protected:
    void SetUp() override {
        base = fs::temp_directory_path() /
               ("ccsalvage-stage-runner-" + std::to_string(::getpid()) + "-" +
                ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(base);
        options.post_office = kQ179072SmallSet + "/SALES1";
    }
    void TearDown() override { fs::remove_all(base); }

    std::vector<StageOutcome> run(const std::vector<std::unique_ptr<Stage>>& stages, unsigned jobs,
                                  const std::string& case_name = "case") {
        options.jobs = jobs;
        options.case_dir = base / case_name;
        const auto evidence = EvidenceSet::open(options.post_office, std::nullopt);
        auto folder = CaseFolder::open(options.case_dir);
        const Recorded recorded;
        const report::Report start;
        return run_stages(stages, {options, evidence, folder, recorded, false, start});
    }
    // "event:stage" of every audit line, sequence numbers checked.
    std::vector<std::string> audit(const std::string& case_name = "case") const {
        std::ifstream in(base / case_name / kAudit);
        std::vector<std::string> out;
        std::string line;
        while (std::getline(in, line)) {
            const auto j = nlohmann::json::parse(line);
            EXPECT_EQ(j["seq"], out.size() + 1);
            out.push_back(j["event"].get<std::string>() + ":" +
                          j.value("stage", j.value("path", std::string())));
        }
        return out;
    }

    fs::path base;
    RescueOptions options;
};

std::vector<std::unique_ptr<Stage>> list(std::vector<std::unique_ptr<TestStage>> stages) {
    std::vector<std::unique_ptr<Stage>> out;
    for (auto& s : stages) out.push_back(std::move(s));
    return out;
}

TEST_F(StageRunnerTest, AStageSeesOnlyWhatItNeedsInStageOrderWithAnyNumberOfThreads) {
    for (const unsigned jobs : {1U, 2U, 4U}) {
        std::vector<std::string> saw(4);
        std::vector<std::unique_ptr<TestStage>> stages;
        stages.push_back(std::make_unique<TestStage>("a", std::vector<std::string_view>{}));
        stages.push_back(std::make_unique<TestStage>("b", std::vector<std::string_view>{}));
        stages.push_back(
            std::make_unique<TestStage>("c", std::vector<std::string_view>{"b", "a"},
                                        [&saw](StageContext& c) { saw[2] = seen(c); }));
        stages.push_back(
            std::make_unique<TestStage>("d", std::vector<std::string_view>{kEveryEarlierStage},
                                        [&saw](StageContext& c) { saw[3] = seen(c); }));
        const auto name = "case" + std::to_string(jobs);
        const auto outcomes = run(list(std::move(stages)), jobs, name);
        EXPECT_EQ(saw[2], "ab") << jobs;   // not "ba": stage order, not the order of needs()
        EXPECT_EQ(saw[3], "abc") << jobs;  // everything before it
        ASSERT_EQ(outcomes.size(), 4u);
        for (const auto& o : outcomes) {
            EXPECT_EQ(o.action, "ran");
            ASSERT_TRUE(o.contribution);
            EXPECT_EQ(o.contribution->findings.at(0).code, o.name);
        }
        EXPECT_EQ(audit(name),
                  (std::vector<std::string>{
                      "stage.started:a", "file.written:stages/a.txt", "file.written:stages/a.json",
                      "stage.finished:a", "stage.started:b", "file.written:stages/b.txt",
                      "file.written:stages/b.json", "stage.finished:b", "stage.started:c",
                      "file.written:stages/c.txt", "file.written:stages/c.json", "stage.finished:c",
                      "stage.started:d", "file.written:stages/d.txt", "file.written:stages/d.json",
                      "stage.finished:d"}))
            << jobs;
    }
}

TEST_F(StageRunnerTest, IndependentStagesRunAtTheSameTimeAndTheTrailStaysInStageOrder) {
    // "a" cannot finish before "b" has run: only a second thread can get there, and "b"
    // finishes first, yet the trail lists "a" first.
    Signal b_ran;
    bool a_saw_b = false;
    std::vector<std::unique_ptr<TestStage>> stages;
    stages.push_back(std::make_unique<TestStage>("a", std::vector<std::string_view>{},
                                                 [&](StageContext&) { a_saw_b = b_ran.wait(); }));
    stages.push_back(std::make_unique<TestStage>("b", std::vector<std::string_view>{},
                                                 [&](StageContext&) { b_ran.raise(); }));
    run(list(std::move(stages)), 2);
    EXPECT_TRUE(a_saw_b);
    const auto trail = audit();
    ASSERT_EQ(trail.size(), 8u);
    EXPECT_EQ(trail[0], "stage.started:a");
    EXPECT_EQ(trail[3], "stage.finished:a");
    EXPECT_EQ(trail[4], "stage.started:b");
}

TEST_F(StageRunnerTest, AFailureStopsNewStagesKeepsTheOthersTrailAndComesOut) {
    for (const unsigned jobs : {1U, 2U}) {
        // "a" fails once "b" (running beside it with two threads) has started; "c" needs "a"
        // and never starts.
        Signal b_started;
        bool c_ran = false;
        std::vector<std::unique_ptr<TestStage>> stages;
        stages.push_back(std::make_unique<TestStage>("a", std::vector<std::string_view>{},
                                                     [&, jobs](StageContext&) {
                                                         if (jobs > 1) b_started.wait();
                                                         throw IoError("disk full");
                                                     }));
        stages.push_back(std::make_unique<TestStage>("b", std::vector<std::string_view>{},
                                                     [&](StageContext&) { b_started.raise(); }));
        stages.push_back(std::make_unique<TestStage>("c", std::vector<std::string_view>{"a"},
                                                     [&](StageContext&) { c_ran = true; }));
        const auto name = "case" + std::to_string(jobs);
        EXPECT_THROW(run(list(std::move(stages)), jobs, name), IoError);
        EXPECT_FALSE(c_ran);
        const auto trail = audit(name);
        if (jobs == 1) {
            // As before there were threads: nothing after the failed stage.
            EXPECT_EQ(trail, (std::vector<std::string>{"stage.started:a", "stage.failed:a"}));
        } else {
            EXPECT_EQ(trail,
                      (std::vector<std::string>{"stage.started:a", "stage.failed:a",
                                                "stage.started:b", "file.written:stages/b.txt",
                                                "file.written:stages/b.json", "stage.finished:b"}));
        }
    }
}

TEST_F(StageRunnerTest, AStageThatReadsAnotherLaterStartsBesideItAndWaitsForItsEnd) {
    // "late" reads what "a" wrote, but only after its own work: on two threads it starts
    // while "a" is still running ("a" waits until "late" has started), then waits for "a".
    Signal late_started;
    bool a_saw_late = false;
    std::optional<std::string> late_read;
    std::vector<std::unique_ptr<TestStage>> stages;
    stages.push_back(
        std::make_unique<TestStage>("a", std::vector<std::string_view>{},
                                    [&](StageContext&) { a_saw_late = late_started.wait(); }));
    stages.push_back(std::make_unique<TestStage>(
        "late", std::vector<std::string_view>{},
        [&](StageContext& c) {
            late_started.raise();
            c.wait_for_later_needs();
            late_read = c.folder.read("stages/a.txt");
        },
        std::vector<std::string_view>{"a"}));
    const auto outcomes = run(list(std::move(stages)), 2);
    EXPECT_TRUE(a_saw_late);
    EXPECT_EQ(late_read, "a");  // written by "a" before it finished
    EXPECT_EQ(outcomes.at(1).action, "ran");
    const auto trail = audit();
    ASSERT_EQ(trail.size(), 8u);
    EXPECT_EQ(trail[3], "stage.finished:a");
    EXPECT_EQ(trail[4], "stage.started:late");
}

TEST_F(StageRunnerTest, OnOneThreadAStageThatReadsAnotherLaterRunsAfterIt) {
    std::optional<std::string> late_read;
    std::vector<std::unique_ptr<TestStage>> stages;
    stages.push_back(std::make_unique<TestStage>("a", std::vector<std::string_view>{}));
    stages.push_back(std::make_unique<TestStage>(
        "late", std::vector<std::string_view>{},
        [&](StageContext& c) {
            EXPECT_TRUE(fs::exists(base / "case" / "stages" / "a.json"));  // "a" is done
            c.wait_for_later_needs();
            late_read = c.folder.read("stages/a.txt");
        },
        std::vector<std::string_view>{"a"}));
    run(list(std::move(stages)), 1);
    EXPECT_EQ(late_read, "a");
}

TEST_F(StageRunnerTest, AStageWaitingForOneThatFailsStopsAndTheFirstFailureComesOut) {
    Signal late_started;
    std::vector<std::unique_ptr<TestStage>> stages;
    stages.push_back(
        std::make_unique<TestStage>("a", std::vector<std::string_view>{}, [&](StageContext&) {
            late_started.wait();
            throw IoError("disk full");
        }));
    stages.push_back(std::make_unique<TestStage>(
        "late", std::vector<std::string_view>{},
        [&](StageContext& c) {
            late_started.raise();
            c.wait_for_later_needs();
        },
        std::vector<std::string_view>{"a"}));
    // The error of "a" (an IoError, exit code 3), not the stop of "late".
    EXPECT_THROW(run(list(std::move(stages)), 2), IoError);
    EXPECT_EQ(audit(), (std::vector<std::string>{"stage.started:a", "stage.failed:a",
                                                 "stage.started:late", "stage.failed:late"}));
}

TEST_F(StageRunnerTest, ANeedOfALaterOrUnknownStageIsRefused) {
    std::vector<std::unique_ptr<TestStage>> stages;
    stages.push_back(std::make_unique<TestStage>("a", std::vector<std::string_view>{"b"}));
    stages.push_back(std::make_unique<TestStage>("b", std::vector<std::string_view>{}));
    EXPECT_THROW(stage_needs(list(std::move(stages))), std::logic_error);
}

TEST(RescueStageNeeds, EveryStageOfRescueNeedsOnlyEarlierStages) {
    const auto stages = make_stages();
    const auto needs = stage_needs(stages);
    ASSERT_EQ(needs.size(), stages.size());
    // What the stages read of each other (docs/case-folder.md): repair ties quarantined spans
    // to console findings, ledger reads the repair log, export the repaired post office, and
    // the knowledge base everything found before it.
    const auto index = [&stages](std::string_view name) {
        std::size_t i = 0;
        while (i < stages.size() && stages[i]->name() != name) ++i;
        return i;
    };
    EXPECT_EQ(needs[index("repair")],
              (std::vector<std::size_t>{index("post-office"), index("console-scan")}));
    EXPECT_TRUE(needs[index("ledger")].empty());  // builds the ledger beside the repair ...
    EXPECT_EQ(stage_later_needs(stages)[index("ledger")],
              (std::vector<std::size_t>{index("repair")}));  // ... then reads its log
    EXPECT_EQ(needs[index("export")], (std::vector<std::size_t>{index("repair")}));
    EXPECT_EQ(needs[index("knowledge-base")].size(), index("knowledge-base"));
    EXPECT_TRUE(needs[index("post-office")].empty());
}

}  // namespace
}  // namespace ccsalvage::casefolder
