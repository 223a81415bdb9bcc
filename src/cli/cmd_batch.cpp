#include "cli/cmd_batch.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <thread>

#include "cli/cores.hpp"
#include "cli/output.hpp"
#include "core/errors.hpp"
#include "core/exit_codes.hpp"
#include "core/output_folder.hpp"
#include "report/text_escape.hpp"

extern char** environ;

namespace ccsalvage::cli {

namespace fs = std::filesystem;

namespace {

struct BatchArgs {
    std::string manifest;
    unsigned jobs = 2;
    std::string out;
    std::string fsync = "safe";  // passed to every rescue
};

struct Job {
    std::size_t line = 0;
    std::string post_office, connector, case_dir;  // resolved paths
    int exit_code = -1;
    nlohmann::json report;  // the case's report.json, when it was written
};

// Paths in the manifest are relative to the manifest's folder, so a manifest travels with the
// folders it names (and a scheduler can run it from anywhere).
std::string resolve(const fs::path& base, const std::string& path) {
    const fs::path p(path);
    return (p.is_absolute() ? p : base / p).lexically_normal().string();
}

std::vector<Job> read_manifest(const std::string& manifest) {
    std::ifstream in(manifest);
    if (!in) throw IoError(manifest + ": cannot open");
    const auto base = fs::absolute(manifest).parent_path();
    std::vector<Job> jobs;
    std::string text;
    std::size_t line = 0;
    while (std::getline(in, text)) {
        ++line;
        if (!text.empty() && text.back() == '\r') text.pop_back();
        if (text.find_first_not_of(" \t") == std::string::npos || text.front() == '#') continue;
        const auto j = nlohmann::json::parse(text, nullptr, false);
        if (j.is_discarded() || !j.is_object() || !j.contains("post_office") ||
            !j.contains("case") || !j["post_office"].is_string() || !j["case"].is_string() ||
            (j.contains("connector") && !j["connector"].is_string() && !j["connector"].is_null())) {
            throw UsageError(fmt::format(
                "{}:{}: expected a JSON object with \"post_office\" and \"case\" strings and an "
                "optional \"connector\"",
                manifest, line));
        }
        Job job;
        job.line = line;
        job.post_office = resolve(base, j["post_office"].get<std::string>());
        job.case_dir = resolve(base, j["case"].get<std::string>());
        if (j.contains("connector") && j["connector"].is_string()) {
            job.connector = resolve(base, j["connector"].get<std::string>());
        }
        for (const auto& other : jobs) {
            if (other.case_dir == job.case_dir) {
                throw UsageError(fmt::format("{}:{}: case folder {} is already used on line {}",
                                             manifest, line, job.case_dir, other.line));
            }
        }
        jobs.push_back(std::move(job));
    }
    return jobs;
}

std::string self_path() {
    std::error_code ec;
    const auto p = fs::read_symlink("/proc/self/exe", ec);
    if (ec) throw IoError("cannot find the ccsalvage binary: " + ec.message());
    return p.string();
}

// Runs one rescue in a child process (its own address space: one damaged post office cannot
// take the others down), stdout discarded, stderr shared. `threads`: its --jobs.
int run_child(const std::string& binary, const Job& job, unsigned threads,
              const std::string& fsync) {
    std::vector<std::string> args{binary,       "rescue", job.post_office,         "--case",
                                  job.case_dir, "--jobs", std::to_string(threads), "--fsync",
                                  fsync};
    if (!job.connector.empty()) {
        args.insert(args.end(), {"--connector", job.connector});
    }
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
    pid_t pid = 0;
    const int rc = posix_spawn(&pid, binary.c_str(), &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) return to_int(ExitCode::internal_error);
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) return to_int(ExitCode::internal_error);
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : to_int(ExitCode::internal_error);
}

nlohmann::json read_report(const std::string& case_dir) {
    std::ifstream in(fs::path(case_dir) / "report.json");
    if (!in) return nullptr;
    auto j = nlohmann::json::parse(in, nullptr, false);
    return j.is_discarded() ? nlohmann::json(nullptr) : j;
}

std::string summary_markdown(const std::vector<Job>& jobs, int exit_code) {
    std::string md = fmt::format("## ccsalvage batch: {} post office(s), exit code {}\n\n",
                                 jobs.size(), exit_code);
    md +=
        "| Post office | Case folder | Exit | Verdict | Errors | Warnings |\n"
        "|---|---|---:|---|---:|---:|\n";
    for (const auto& job : jobs) {
        const auto& r = job.report;
        const bool has = r.is_object();
        md += fmt::format(
            "| {} | {} | {} | {} | {} | {} |\n", report::markdown_escape(job.post_office, 200),
            report::markdown_escape(job.case_dir, 200), job.exit_code,
            has ? r["verdict"].value("level", "?") : "no report",
            has ? r["totals"].value("errors", 0) : 0, has ? r["totals"].value("warnings", 0) : 0);
    }
    return md;
}

int run_batch(const BatchArgs& args) {
    auto jobs = read_manifest(args.manifest);
    if (jobs.empty()) throw UsageError(args.manifest + ": lists no post office");
    auto out = OutputFolder::create_new(args.out);  // before any job: fail early
    const auto binary = self_path();

    // The cores are shared out between the rescues running at once: with one at a time it
    // has them all (rescue --jobs), with as many as cores each has one.
    const auto at_once = std::min<std::size_t>(args.jobs, jobs.size());
    const auto threads = std::max(1U, usable_cores() / static_cast<unsigned>(at_once));
    std::atomic<std::size_t> next{0};
    const auto worker = [&] {
        for (auto i = next++; i < jobs.size(); i = next++) {
            jobs[i].exit_code = run_child(binary, jobs[i], threads, args.fsync);
            jobs[i].report = read_report(jobs[i].case_dir);
        }
    };
    std::vector<std::thread> workers;
    for (std::size_t w = 0; w < at_once; ++w) workers.emplace_back(worker);
    for (auto& w : workers) w.join();

    // The batch's exit code is the most serious of its jobs'.
    int exit_code = 0;
    for (const auto& job : jobs) {
        const int c = job.exit_code;
        const auto rank = [](int code) {
            return code == 4   ? 5
                   : code == 3 ? 4
                   : code == 2 ? 3
                   : code == 1 ? 2
                   : code == 0 ? 1
                               : 6;
        };
        if (rank(c) > rank(exit_code)) exit_code = c;
    }
    nlohmann::json list = nlohmann::json::array();
    for (const auto& job : jobs) {
        const auto& r = job.report;
        list.push_back({{"manifest_line", job.line},
                        {"post_office", job.post_office},
                        {"connector",
                         job.connector.empty() ? nlohmann::json() : nlohmann::json(job.connector)},
                        {"case", job.case_dir},
                        {"exit_code", job.exit_code},
                        {"verdict", r.is_object() ? r["verdict"] : nlohmann::json()},
                        {"totals", r.is_object() ? r["totals"] : nlohmann::json()}});
    }
    const nlohmann::json summary{{"tool", tool_json()}, {"manifest", args.manifest},
                                 {"jobs", args.jobs},   {"threads_per_rescue", threads},
                                 {"fsync", args.fsync}, {"exit_code", exit_code},
                                 {"post_offices", list}};
    out.write_file("batch-summary.json",
                   summary.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");
    const auto md = summary_markdown(jobs, exit_code);
    out.write_file("batch-summary.md", md);
    fmt::print("{}", md);
    return exit_code;
}

}  // namespace

void add_batch_command(CLI::App& app, int& exit_code) {
    auto args = std::make_shared<BatchArgs>();
    auto* command = app.add_subcommand(
        "batch",
        "Rescue many post offices: one case folder per line of a JSON Lines manifest "
        "({\"post_office\":..., \"connector\":..., \"case\":...}), N at a time, and a summary.");
    command->add_option("manifest", args->manifest, "the JSON Lines manifest")->required();
    command->add_option("-j,--jobs", args->jobs, "rescues run at the same time (processes)")
        ->check(CLI::Range(1, 256))
        ->capture_default_str();
    command->add_option("--out", args->out, "new folder for batch-summary.json and .md")
        ->required();
    command
        ->add_option("--fsync", args->fsync,
                     "passed to every rescue: safe (every file flushed on its own) or batch (one "
                     "syncfs per step)")
        ->check(CLI::IsMember({"safe", "batch"}))
        ->capture_default_str();
    command->callback([args, &exit_code] { exit_code = run_batch(*args); });
}

}  // namespace ccsalvage::cli
