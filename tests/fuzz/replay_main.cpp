// Replays inputs through a fuzz target's LLVMFuzzerTestOneInput without libFuzzer, so the
// regression inputs (tests/fuzz/regression/<parser>/) and the samples run in every build, GCC
// included, as an ordinary ctest test.
//
//   fuzz_ccm_replay DIR_OR_FILE...
//
// Directories are walked recursively, files in sorted order. Each input is copied into a heap
// buffer of exactly its size, so a read past the end is caught by AddressSanitizer in the
// sanitizer build. The name of each input is printed before it runs: when one crashes, the last
// name in the log is the culprit. A path that does not exist is an error (exit 2), so a renamed
// folder cannot silently turn the test into a no-op.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <system_error>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

namespace fs = std::filesystem;

bool collect(const fs::path& path, std::vector<fs::path>& inputs) {
    std::error_code error;
    if (fs::is_regular_file(path, error)) {
        inputs.push_back(path);
        return true;
    }
    if (!fs::is_directory(path, error)) {
        std::fprintf(stderr, "replay: %s: no such file or directory\n", path.string().c_str());
        return false;
    }
    std::vector<fs::path> found;
    for (fs::recursive_directory_iterator it(path, error), end; !error && it != end;
         it.increment(error)) {
        if (it->is_regular_file(error)) {
            found.push_back(it->path());
        }
    }
    if (error) {
        std::fprintf(stderr, "replay: %s: %s\n", path.string().c_str(), error.message().c_str());
        return false;
    }
    std::sort(found.begin(), found.end());
    inputs.insert(inputs.end(), found.begin(), found.end());
    return true;
}

bool read_file(const fs::path& path, std::vector<char>& bytes) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return false;
    }
    bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    return !in.bad();
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s DIR_OR_FILE...\n", argv[0]);
        return 2;
    }
    std::vector<fs::path> inputs;
    bool paths_ok = true;
    for (int i = 1; i < argc; ++i) {
        paths_ok = collect(argv[i], inputs) && paths_ok;
    }
    if (!paths_ok) {
        return 2;
    }

    std::size_t replayed = 0;
    std::vector<char> bytes;
    for (const auto& path : inputs) {
        if (!read_file(path, bytes)) {
            std::fprintf(stderr, "replay: cannot read %s\n", path.string().c_str());
            return 2;
        }
        std::printf("replay: %s (%zu bytes)\n", path.string().c_str(), bytes.size());
        std::fflush(stdout);
        // Exactly-sized copy: any byte read past the input is outside the allocation.
        const auto exact = std::make_unique<std::uint8_t[]>(bytes.size());
        std::copy(bytes.begin(), bytes.end(), exact.get());
        LLVMFuzzerTestOneInput(exact.get(), bytes.size());
        ++replayed;
    }
    std::printf("replay: %zu inputs replayed, none crashed\n", replayed);
    return 0;
}
