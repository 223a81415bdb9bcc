#pragma once
// Running the ccsalvage binary from end-to-end tests, from the source folder so that file
// names in its output are the short relative ones the golden files hold.
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <iterator>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "core/sha256.hpp"

namespace ccsalvage::e2e {

struct RunResult {
    int exit_code = -1;
    std::string out;
};

inline RunResult run_in_source_dir_prefixed(const std::string& prefix, const std::string& arguments,
                                            bool with_stderr) {
    const std::string command = std::string("cd '") + CCSALVAGE_SOURCE_DIR + "' && " + prefix +
                                "'" + CCSALVAGE_BINARY + "' " + arguments +
                                (with_stderr ? " 2>&1" : " 2>/dev/null");
    RunResult result;
    FILE* pipe = ::popen(command.c_str(), "r");
    if (pipe == nullptr) return result;
    std::array<char, 65536> buffer{};
    std::size_t n = 0;
    while ((n = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0)
        result.out.append(buffer.data(), n);
    const int status = ::pclose(pipe);
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return result;
}

inline RunResult run_in_source_dir(const std::string& arguments, bool with_stderr = false) {
    return run_in_source_dir_prefixed("", arguments, with_stderr);
}

// The same, with `environment` ("NAME=value NAME2=value2", already quoted for the shell) set for
// the binary only: used to preload the fail-io shim into ccsalvage and nothing else.
inline RunResult run_with_environment(const std::string& environment, const std::string& arguments,
                                      bool with_stderr = true) {
    return run_in_source_dir_prefixed(environment + " ", arguments, with_stderr);
}

// Runs a shell command whose last step execs ccsalvage ("cd X && exec ccsalvage ..."), so the
// child waited for is ccsalvage itself; returns its exit code (-1 when killed by a signal) and
// its peak resident memory from wait4().
struct MeasuredRun {
    int exit_code = -1;
    long max_rss_kib = 0;
};

inline MeasuredRun run_measured(const std::string& command) {
    MeasuredRun result;
    const pid_t child = ::fork();
    if (child < 0) return result;
    if (child == 0) {
        ::execl("/bin/sh", "sh", "-c", command.c_str(), static_cast<char*>(nullptr));
        ::_exit(127);
    }
    int status = 0;
    rusage usage{};
    if (::wait4(child, &status, 0, &usage) != child) return result;
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    result.max_rss_kib = usage.ru_maxrss;
    return result;
}

inline int run_shell(const std::string& command) {
    const int status = std::system(command.c_str());
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// Whether python3 and its email package are there (the checks that read the output with it
// skip without them).
inline bool python_available() {
    return run_shell("python3 -c 'import email' >/dev/null 2>&1") == 0;
}

// A file's bytes ("" when it cannot be opened).
inline std::string read_text(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// The sample set with console output in CLANDATA and a connector folder, relative to the
// source folder (where the CLI runs).
inline const std::string kQ179072SmallSet = "samples/po/q179072-small";

// Feeds a file's contents into `hash`; false when it cannot be opened.
inline bool hash_contents(Sha256& hash, const std::filesystem::path& file) {
    std::FILE* in = std::fopen(file.c_str(), "rb");
    if (in == nullptr) return false;
    std::array<char, 65536> buffer{};
    std::size_t n = 0;
    while ((n = std::fread(buffer.data(), 1, buffer.size(), in)) > 0)
        hash.update({buffer.data(), n});
    std::fclose(in);
    return true;
}

// SHA-256 over every file below a folder (names and contents), to prove evidence untouched.
inline std::string hash_tree(const std::filesystem::path& root) {
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
        if (entry.is_regular_file()) files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    Sha256 hash;
    for (const auto& file : files) {
        hash.update(file.lexically_relative(root).string());
        if (!hash_contents(hash, file)) hash.update("(unreadable)");
    }
    return hash.hex_digest();
}

// The ground truth of a generated sample set (samples/po/SET/ground-truth.json).
inline nlohmann::json ground_truth(const std::string& set) {
    std::ifstream in(std::string(CCSALVAGE_SAMPLES_DIR) + "/po/" + set + "/ground-truth.json");
    return nlohmann::json::parse(in);
}

// The post office folders of a sample set (those holding a CLANDATA), sorted.
inline std::vector<std::string> post_office_folders(const std::string& set) {
    std::vector<std::string> out;
    for (const auto& entry :
         std::filesystem::directory_iterator(std::string(CCSALVAGE_SAMPLES_DIR) + "/po/" + set)) {
        if (std::filesystem::exists(entry.path() / "CLANDATA"))
            out.push_back(entry.path().filename().string());
    }
    std::sort(out.begin(), out.end());
    return out;
}

// SHA-256 of one file's contents ("missing" when it cannot be read).
inline std::string hash_file(const std::filesystem::path& file) {
    Sha256 hash;
    return hash_contents(hash, file) ? hash.hex_digest() : "missing";
}

// Every entry below a folder (files, folders, links), as sorted relative paths: compared before
// and after a run, it shows anything written outside the output folder.
inline std::vector<std::string> list_tree(const std::filesystem::path& root) {
    std::vector<std::string> names;
    std::error_code error;
    for (std::filesystem::recursive_directory_iterator it(root, error), end; !error && it != end;
         it.increment(error)) {
        names.push_back(it->path().lexically_relative(root).string());
    }
    std::sort(names.begin(), names.end());
    return names;
}

// Relative path -> SHA-256 of every regular file below a folder, but those named in `except`
// (e.g. a journal, which records interruptions themselves): what crash and write-failure tests
// compare with an undisturbed run, file by file.
inline std::map<std::string, std::string> file_hashes(
    const std::filesystem::path& root, std::initializer_list<std::string_view> except = {}) {
    std::map<std::string, std::string> hashes;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
        if (!entry.is_regular_file()) continue;
        const auto name = entry.path().lexically_relative(root).string();
        if (std::find(except.begin(), except.end(), name) != except.end()) continue;
        hashes[name] = hash_file(entry.path());
    }
    return hashes;
}

// Runs ccsalvage from the source folder and kills it with SIGKILL after `seconds` (coreutils
// `timeout -s KILL`), output discarded: a crash at a random point, for crash-consistency tests.
inline void run_killed_after(double seconds, const std::string& arguments) {
    run_shell("cd '" CCSALVAGE_SOURCE_DIR "' && timeout -s KILL " + std::to_string(seconds) +
              " '" CCSALVAGE_BINARY "' " + arguments + " >/dev/null 2>&1");
}

// Hashes the inputs of a test when made and checks them again when destroyed: evidence must
// never change. Every e2e test has one for the folders it reads (samples/ is also checked around
// every test by evidence_listener.cpp).
class InputsUnchanged {
  public:
    InputsUnchanged(std::initializer_list<std::filesystem::path> inputs)
        : inputs_(inputs.begin(), inputs.end()) {
        for (const auto& input : inputs_) hashes_.push_back(hash_input(input));
    }
    InputsUnchanged(const InputsUnchanged&) = delete;
    InputsUnchanged& operator=(const InputsUnchanged&) = delete;
    ~InputsUnchanged() {
        for (std::size_t i = 0; i < inputs_.size(); ++i) {
            EXPECT_EQ(hash_input(inputs_[i]), hashes_[i])
                << inputs_[i] << " changed: evidence must never be written";
        }
    }

  private:
    static std::string hash_input(const std::filesystem::path& input) {
        return std::filesystem::is_directory(input) ? hash_tree(input) : hash_file(input);
    }
    std::vector<std::filesystem::path> inputs_;
    std::vector<std::string> hashes_;
};

// Runs ccsalvage with the test shim (tests/support/fail_io_shim.cpp) killing it at the
// `call`th operation `op` (kill-write, kill-rename) below the folder `under`.
inline RunResult run_killed_by_shim(const std::filesystem::path& under, const std::string& op,
                                    long call, const std::string& arguments) {
    return run_with_environment(std::string("LD_PRELOAD='") + CCSALVAGE_FAIL_IO_SHIM +
                                    "' CCSALVAGE_FAIL_UNDER='" + under.string() +
                                    "' CCSALVAGE_FAIL_OP=" + op +
                                    " CCSALVAGE_FAIL_ON_CALL=" + std::to_string(call),
                                arguments);
}

// `attempts` delays for run_killed_after, spread over an uninterrupted run of `seconds` (the
// last one a little past its end), jittered by a fixed seed: the same points in every run.
inline std::vector<double> spread_kill_delays(double seconds, int attempts, unsigned seed) {
    std::mt19937 random(seed);
    std::uniform_real_distribution<double> jitter(0.0, 1.0);
    std::vector<double> delays;
    for (int attempt = 0; attempt < attempts; ++attempt) {
        delays.push_back(seconds * (attempt + jitter(random)) / (attempts - 1));
    }
    return delays;
}

// An AtomicFile's temporary (".<name>.tmp<pid>-<n>"), as a crash leaves it.
inline bool temporary_name(const std::filesystem::path& relative) {
    const auto name = relative.filename().string();
    return name.starts_with(".") && name.find(".tmp") != std::string::npos;
}

// `name` may be a parameterized test's ("Name/0"): its '/' would make the folder a child of one
// that nobody removes, so it becomes '-'.
inline std::filesystem::path fresh_temp_dir(std::string name) {
    std::replace(name.begin(), name.end(), '/', '-');
    const auto dir = std::filesystem::temp_directory_path() /
                     ("ccsalvage-e2e-" + std::to_string(::getpid()) + "-" + name);
    std::filesystem::remove_all(dir);
    return dir;
}

}  // namespace ccsalvage::e2e
