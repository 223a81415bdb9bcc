#include "case/stage_runner.hpp"

#include <algorithm>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <stdexcept>
#include <thread>

#include <fmt/format.h>

#include "case/ordered_audit.hpp"
#include "core/heap_release.hpp"

namespace ccsalvage::casefolder {

namespace {

using NamesOf = std::vector<std::string_view> (Stage::*)() const;

std::vector<std::vector<std::size_t>> indexes_of(const std::vector<std::unique_ptr<Stage>>& stages,
                                                 NamesOf names) {
    std::vector<std::vector<std::size_t>> out(stages.size());
    for (std::size_t i = 0; i < stages.size(); ++i) {
        for (const auto need : ((*stages[i]).*names)()) {
            if (need == kEveryEarlierStage) {
                for (std::size_t j = 0; j < i; ++j) out[i].push_back(j);
                continue;
            }
            std::size_t j = 0;
            while (j < i && stages[j]->name() != need) ++j;
            if (j == i) {
                throw std::logic_error(fmt::format("stage {} needs {}, which is not before it",
                                                   stages[i]->name(), need));
            }
            out[i].push_back(j);
        }
        // so_far merges them in stage order, whatever order needs() named them in.
        std::sort(out[i].begin(), out[i].end());
        out[i].erase(std::unique(out[i].begin(), out[i].end()), out[i].end());
    }
    return out;
}

}  // namespace

std::vector<std::vector<std::size_t>> stage_needs(
    const std::vector<std::unique_ptr<Stage>>& stages) {
    return indexes_of(stages, &Stage::needs);
}

std::vector<std::vector<std::size_t>> stage_later_needs(
    const std::vector<std::unique_ptr<Stage>>& stages) {
    return indexes_of(stages, &Stage::reads_later);
}

namespace {

// Thrown into a stage waiting for its later needs when one of them will not finish because
// another stage failed: that other stage's error is the one the run reports.
class StoppedByAnotherFailure : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

std::string what_of(const std::exception_ptr& error) {
    try {
        std::rethrow_exception(error);
    } catch (const std::exception& e) {
        return e.what();
    } catch (...) {
        return "unknown exception";
    }
}

class Runner {
  public:
    Runner(const std::vector<std::unique_ptr<Stage>>& stages, const StageRunInput& input)
        : stages_(stages),
          input_(input),
          needs_(stage_needs(stages)),
          later_(stage_later_needs(stages)),
          slots_(stages.size()),
          audit_(input.folder, stages.size()),
          output_(input.folder.output()) {
        output_.set_durable(input.options.fsync == exporting::FsyncPolicy::safe);
    }

    std::vector<StageOutcome> run() {
        const auto threads = std::max(
            1U, std::min<unsigned>(input_.options.jobs, static_cast<unsigned>(slots_.size())));
        // A stage that starts before its later needs may end up waiting for them, holding a
        // thread: at most threads - 1 of them, so one thread is always left for the rest.
        early_limit_ = threads - 1;
        {
            // One thread runs the stages in list order, on the caller's thread as before.
            std::vector<std::jthread> pool;
            for (unsigned t = 1; t < threads; ++t) pool.emplace_back([this] { work(); });
            work();
        }
        // The first failure in stage order, not counting stages stopped because of it.
        std::exception_ptr first;
        for (const auto& slot : slots_) {
            if (slot.error && !slot.stopped && !first) first = slot.error;
        }
        try {
            audit_.flush_all();  // anything a failure left held, in stage order
        } catch (...) {
            if (!first) throw;  // else the stage's error is the one to report
        }
        if (first) std::rethrow_exception(first);
        std::vector<StageOutcome> out;
        for (std::size_t i = 0; i < slots_.size(); ++i) {
            out.push_back({std::string(stages_[i]->name()), std::string(stages_[i]->description()),
                           std::move(slots_[i].action), std::move(slots_[i].contribution)});
        }
        return out;
    }

  private:
    enum class State { waiting, running, done, failed };
    struct Slot {
        State state = State::waiting;
        std::string action;
        std::optional<report::Contribution> contribution;
        std::exception_ptr error;
        bool early = false;    // started before its later needs finished
        bool stopped = false;  // failed only because a stage it waited for could not finish
    };

    bool all_done(const std::vector<std::size_t>& indexes) const {
        bool ok = true;
        for (const auto j : indexes) ok = ok && slots_[j].state == State::done;
        return ok;
    }

    // The first waiting stage (in list order) whose needs are done and whose later needs are
    // done or may be waited for (a thread left); with mutex_ held.
    std::optional<std::size_t> ready() {
        for (std::size_t i = 0; i < slots_.size(); ++i) {
            if (slots_[i].state != State::waiting || !all_done(needs_[i])) continue;
            if (all_done(later_[i])) return i;
            if (early_running_ < early_limit_) {
                slots_[i].early = true;
                ++early_running_;
                return i;
            }
        }
        return std::nullopt;
    }

    // context.wait_for_later_needs() of stage i.
    void wait_for_later_needs(std::size_t i) {
        std::unique_lock lock(mutex_);
        changed_.wait(lock, [&] { return all_done(later_[i]) || failed_; });
        if (all_done(later_[i])) return;
        slots_[i].stopped = true;
        throw StoppedByAnotherFailure(
            "stopped before its end: a stage it reads did not finish (another stage failed)");
    }

    void work() {
        std::unique_lock lock(mutex_);
        for (;;) {
            if (failed_) return;  // start nothing after a failure
            if (const auto i = ready()) {
                slots_[*i].state = State::running;
                ++running_;
                lock.unlock();
                std::exception_ptr error;
                try {
                    execute(*i);
                } catch (...) {
                    error = std::current_exception();
                }
                lock.lock();
                --running_;
                if (slots_[*i].early) --early_running_;
                slots_[*i].state = error ? State::failed : State::done;
                slots_[*i].error = error;
                failed_ = failed_ || error != nullptr;
                changed_.notify_all();
                continue;
            }
            bool waiting = false;
            for (const auto& slot : slots_) waiting = waiting || slot.state == State::waiting;
            // Done when nothing is left to start, or when nothing running could make a
            // waiting stage ready (cannot happen with needs checked to be earlier).
            if (!waiting || running_ == 0) return;
            changed_.wait(lock);
        }
    }

    // Runs (or resumes) stage i; its audit records go to its own slot.
    void execute(std::size_t i) {
        const auto& stage = *stages_[i];
        auto& slot = slots_[i];
        try {
            if (!stage.applies(input_.options)) {
                slot.action = "not applicable";
                audit_.record(i, "stage.not_applicable", {{"stage", stage.name()}});
                audit_.finish(i);
                return;
            }
            const auto key = stage_key(stage, input_.options, input_.evidence);
            auto contribution = input_.resumed
                                    ? earlier_result(input_.folder, stage, key, input_.recorded)
                                    : std::nullopt;
            if (contribution) {
                // The report says "ran" either way, so that a resumed run reports the same
                // bytes; which run did the work is in the manifest and the audit trail.
                slot.action = "resumed";
                audit_.record(i, "stage.resumed",
                              {{"stage", stage.name()}, {"inputs", key["inputs"]}});
            } else {
                audit_.record(i, "stage.started",
                              {{"stage", stage.name()}, {"inputs", key["inputs"]}});
                contribution.emplace();
                const auto so_far = so_far_of(i);
                StageContext context{input_.options,       input_.evidence, so_far,
                                     *contribution,        input_.folder,   stage.name(),
                                     AuditSlot(audit_, i), output_,         {}};
                context.later_needs = [this, i] { wait_for_later_needs(i); };
                stage.run(context);
                const nlohmann::json state{
                    {"stage", stage.name()}, {"key", key}, {"contribution", *contribution}};
                context.write(state_path(stage), dump_json(state));
                // --fsync batch: everything the stage wrote reaches the disk here, before
                // the stage is recorded as finished.
                if (!output_.durable()) output_.sync_file_system();
                slot.action = "ran";
                audit_.record(
                    i, "stage.finished",
                    {{"stage", stage.name()}, {"findings", contribution->findings.size()}});
            }
            slot.contribution = std::move(contribution);
            // What the stage built (models, the ledger's sightings) is freed; without this
            // glibc keeps it in its arenas and the next stages run on top of it.
            release_free_heap();
            audit_.finish(i);
        } catch (...) {
            const auto error = std::current_exception();
            try {
                audit_.record(i, "stage.failed",
                              {{"stage", stage.name()}, {"error", what_of(error)}});
                audit_.finish(i);
            } catch (...) {
                // The trail cannot be written: the stage's own error is the one to report.
            }
            throw;
        }
    }

    // The base report and what the stages i needs found, in stage order. They are done, so
    // their contributions no longer change.
    report::Report so_far_of(std::size_t i) const {
        report::Report out = input_.base;
        for (const auto j : needs_[i]) {
            if (slots_[j].contribution) report::merge(out, *slots_[j].contribution);
        }
        return out;
    }

    const std::vector<std::unique_ptr<Stage>>& stages_;
    const StageRunInput& input_;
    const std::vector<std::vector<std::size_t>> needs_;
    const std::vector<std::vector<std::size_t>> later_;
    std::vector<Slot> slots_;
    OrderedAudit audit_;
    OutputFolder output_;
    std::mutex mutex_;
    std::condition_variable changed_;
    std::size_t running_ = 0;
    std::size_t early_running_ = 0;
    std::size_t early_limit_ = 0;
    bool failed_ = false;
};

}  // namespace

std::vector<StageOutcome> run_stages(const std::vector<std::unique_ptr<Stage>>& stages,
                                     const StageRunInput& input) {
    return Runner(stages, input).run();
}

}  // namespace ccsalvage::casefolder
