#pragma once
// Running the ccsalvage binary from end-to-end tests, from the source folder so that file
// names in its output are the short relative ones the golden files hold.
#include <sys/wait.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/sha256.hpp"

namespace ccsalvage::e2e {

struct RunResult {
    int exit_code = -1;
    std::string out;
};

inline RunResult run_in_source_dir(const std::string& arguments, bool with_stderr = false) {
    const std::string command = std::string("cd '") + CCSALVAGE_SOURCE_DIR + "' && '" +
                                CCSALVAGE_BINARY + "' " + arguments +
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

inline int run_shell(const std::string& command) {
    const int status = std::system(command.c_str());
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
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
        std::FILE* in = std::fopen(file.c_str(), "rb");
        if (in == nullptr) continue;
        hash.update(file.lexically_relative(root).string());
        std::array<char, 65536> buffer{};
        std::size_t n = 0;
        while ((n = std::fread(buffer.data(), 1, buffer.size(), in)) > 0)
            hash.update({buffer.data(), n});
        std::fclose(in);
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

inline std::filesystem::path fresh_temp_dir(const std::string& name) {
    const auto dir = std::filesystem::temp_directory_path() /
                     ("ccsalvage-e2e-" + std::to_string(::getpid()) + "-" + name);
    std::filesystem::remove_all(dir);
    return dir;
}

}  // namespace ccsalvage::e2e
