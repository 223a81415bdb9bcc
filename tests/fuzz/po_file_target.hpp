#pragma once
// The per-file post office targets (fuzz_clandata, fuzz_mlandata, fuzz_usr): the input stands
// in for one file of a good sample post office, CCSALVAGE_FUZZ_PO_BASE (set by
// tests/fuzz/CMakeLists.txt to samples/po/clean-small/MUNICH), whose other files stay intact.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

#include "po_checks.hpp"

namespace ccsalvage::fuzz {

// The sample post office, loaded once, files in name order.
struct SampleFile {
    std::string name;
    std::string bytes;
};

inline const std::vector<SampleFile>& sample_post_office() {
    static const std::vector<SampleFile> files = [] {
        std::vector<SampleFile> loaded;
        for (const auto& entry : std::filesystem::directory_iterator(CCSALVAGE_FUZZ_PO_BASE)) {
            if (!entry.is_regular_file()) continue;
            std::ifstream in(entry.path(), std::ios::binary);
            loaded.push_back({entry.path().filename().string(),
                              std::string(std::istreambuf_iterator<char>(in), {})});
        }
        std::sort(loaded.begin(), loaded.end(),
                  [](const SampleFile& a, const SampleFile& b) { return a.name < b.name; });
        check(loaded.size() >= 3, "sample post office found (CCSALVAGE_FUZZ_PO_BASE)");
        return loaded;
    }();
    return files;
}

// The body of a per-file target: the input stands in for the sample's file `replaced`, all
// other files stay as they are; read with default options, then with options and an event cap
// chosen from the first byte.
inline int fuzz_one_post_office_file(const std::uint8_t* data, std::size_t size,
                                     std::string_view replaced) {
    // reinterpret_cast is the only way from libFuzzer's bytes to a string_view of char.
    const std::string_view input(reinterpret_cast<const char*>(data), size);  // NOLINT
    po::PostOfficeSource source;
    bool found = false;
    for (const auto& file : sample_post_office()) {
        const bool is_replaced = file.name == replaced;
        found = found || is_replaced;
        source.files.push_back({file.name, "", is_replaced ? input : std::string_view(file.bytes)});
    }
    check(found, "the replaced file is part of the sample post office");
    std::uint64_t value = read_post_office_once(source, po::ReadOptions{}, 1000, false);
    if (size > 0) {
        const std::uint8_t selector = data[0];
        value += read_post_office_once(source, po_variant_options(selector),
                                       (selector & 0x80u) != 0 ? 1 : 50, false);
    }
    g_keep = value;
    return 0;
}

}  // namespace ccsalvage::fuzz
