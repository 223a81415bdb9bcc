#pragma once
// Small helpers shared by the tests: reading sample files and collecting parsed messages.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "parsers/ccm/reader.hpp"

namespace ccsalvage::testing {

inline std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot open " + path);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

// A sample set with a post office and the connector's folder (console output in CLANDATA),
// which the case-folder tests run their stages on.
inline const std::string kQ179072SmallSet =
    std::string(CCSALVAGE_SAMPLES_DIR) + "/po/q179072-small";

// Every sample post office folder (samples/po/<set>/<post office>, those with a CLANDATA), in
// name order.
inline std::vector<std::filesystem::path> sample_post_offices() {
    namespace fs = std::filesystem;
    std::vector<fs::path> offices;
    for (const auto& set : fs::directory_iterator(fs::path(CCSALVAGE_SAMPLES_DIR) / "po")) {
        if (!set.is_directory()) continue;
        for (const auto& office : fs::directory_iterator(set.path())) {
            if (fs::exists(office.path() / "CLANDATA")) offices.push_back(office.path());
        }
    }
    std::sort(offices.begin(), offices.end());
    return offices;
}

inline std::string sample(const std::string& name) {
    return read_file(std::string(CCSALVAGE_SAMPLES_DIR) + "/" + name);
}

// Parsed messages together with the input they point into: item data are views, so the
// result keeps its own heap copy of the input, which stays put when the result is moved.
struct ReadResult {
    std::shared_ptr<const std::string> input;
    std::vector<ccm::Message> messages;
    std::vector<std::vector<std::string>> item_data;
    EventLog log;
    ccm::ReadSummary summary;

    bool has_event(std::string_view code) const {
        for (const auto& e : log.events())
            if (e.code == code) return true;
        return false;
    }
    const Event* first_event(std::string_view code) const {
        for (const auto& e : log.events())
            if (e.code == code) return &e;
        return nullptr;
    }
};

inline ReadResult read_bytes(const std::string& bytes, ccm::ReaderOptions options = {}) {
    ReadResult result;
    result.input = std::make_shared<const std::string>(bytes);
    result.summary =
        ccm::read_ccm(*result.input, "test.ccm", options, result.log, [&](const ccm::Message& m) {
            result.messages.push_back(m);
            std::vector<std::string> data;
            for (const auto& item : m.items) data.emplace_back(item.data);
            result.item_data.push_back(std::move(data));
        });
    return result;
}

}  // namespace ccsalvage::testing
