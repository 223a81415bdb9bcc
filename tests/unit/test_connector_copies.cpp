// repair/connector_copies.cpp: the connector store's .ccm copies indexed as repair needs them,
// checked against the ground truth of samples/po/connector-faults-small (whose lost messages
// exist only there).
#include "repair/connector_copies.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>

#include "core/sha256.hpp"
#include "parsers/po/crc32.hpp"

namespace ccsalvage::repair {
namespace {

const std::string kSet = std::string(CCSALVAGE_SAMPLES_DIR) + "/po/connector-faults-small";

TEST(ConnectorCopies, FileStampsParseInUsOrder) {
    EXPECT_EQ(parse_file_stamp("6/29/97 3:01PM"), po::pack(1997, 6, 29, 15, 1, 0));
    EXPECT_EQ(parse_file_stamp("12/1/97 4:11AM"), po::pack(1997, 12, 1, 4, 11, 0));
    EXPECT_EQ(parse_file_stamp("1/2/03 12:05AM"), po::pack(2003, 1, 2, 0, 5, 0));
    EXPECT_FALSE(parse_file_stamp("yesterday").has_value());
    EXPECT_FALSE(parse_file_stamp("").has_value());
}

TEST(ConnectorCopies, EveryCompleteCopyIsIndexedAndFoundByItsItems) {
    std::ifstream in(kSet + "/ground-truth.json");
    const auto truth = nlohmann::json::parse(in);
    const ConnectorStore store = ConnectorStore::open(kSet + "/Ccmcdata");
    std::size_t checked = 0;
    for (const auto& m : truth["messages"]) {
        for (const auto& c : m["copies"]["ccm"]) {
            if (!c["complete"].get<bool>()) continue;
            const std::string file = c["file"];  // "Ccmcdata/Export.bak/MSG7F14.CCM"
            const ConnectorMessage* found = nullptr;
            for (const auto& x : store.all()) {
                const bool same_file =
                    x.file.size() >= file.size() &&
                    x.file.compare(x.file.size() - file.size(), file.size(), file) == 0;
                if (same_file && x.offset == c["offset"].get<std::uint64_t>()) found = &x;
            }
            if (file.find("Import/") != std::string::npos) continue;  // may carry console text
            ASSERT_NE(found, nullptr) << file << "@" << c["offset"];
            ASSERT_EQ(found->items.size(), m["items"].size()) << file;
            std::vector<std::pair<std::uint32_t, std::uint32_t>> signature;
            for (std::size_t i = 0; i < found->items.size(); ++i) {
                const std::string data = store.read_item(found->items[i]);
                EXPECT_EQ(sha256_hex(data), m["items"][i]["sha256"]) << file << " item " << i;
                signature.emplace_back(found->items[i].length, po::crc32(data));
            }
            const auto hits = store.find(signature, found->date);
            EXPECT_NE(std::find(hits.begin(), hits.end(), found), hits.end()) << file;
            ++checked;
        }
    }
    EXPECT_GT(checked, 3u);
}

}  // namespace
}  // namespace ccsalvage::repair
