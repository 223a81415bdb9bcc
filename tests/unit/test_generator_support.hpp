#pragma once
// Shared by the test_generator_*.cpp files: run the generator into a temporary folder, hash
// what it wrote, and load its ground truth.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "core/output_folder.hpp"
#include "core/sha256.hpp"
#include "samples/generator/generator.hpp"

namespace ccsalvage::generator::testing {

namespace fs = std::filesystem;

inline std::string read_whole(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

// A generator run in its own temporary folder, removed afterwards.
class GeneratedRun {
  public:
    GeneratedRun(const std::string& name, const Options& options) {
        root_ = fs::temp_directory_path() /
                ("ccsalvage-gen-" + std::to_string(::getpid()) + "-" + name);
        fs::remove_all(root_);
        OutputFolder out = OutputFolder::create_new(root_);
        out.set_durable(false);
        result_ = generate(options, out);
        truth_ = nlohmann::json::parse(read_whole(root_ / kGroundTruthName));
    }
    ~GeneratedRun() { fs::remove_all(root_); }
    GeneratedRun(const GeneratedRun&) = delete;
    GeneratedRun& operator=(const GeneratedRun&) = delete;

    const fs::path& root() const { return root_; }
    const GenerateResult& result() const { return result_; }
    const nlohmann::json& truth() const { return truth_; }

    // Every regular file under the root: relative path -> SHA-256.
    std::map<std::string, std::string> hashes() const {
        std::map<std::string, std::string> out;
        for (const auto& entry : fs::recursive_directory_iterator(root_)) {
            if (!entry.is_regular_file()) continue;
            out[fs::relative(entry.path(), root_).generic_string()] =
                sha256_hex(read_whole(entry.path()));
        }
        return out;
    }

  private:
    fs::path root_;
    GenerateResult result_;
    nlohmann::json truth_;
};

// Small and quick: a few dozen messages, attachments of at most 64 KiB.
inline Options small_options(std::uint64_t seed) {
    Options options;
    options.seed = seed;
    options.messages = 60;
    options.max_item_bytes = 64 << 10;
    return options;
}

}  // namespace ccsalvage::generator::testing
