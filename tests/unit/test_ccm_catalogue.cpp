// The corruption catalogue in code and in docs/formats/ccm.md must agree: every code the
// reader can report is documented with the severity the code gives it, and the document lists
// no code the reader does not have.
#include <gtest/gtest.h>

#include <regex>
#include <set>

#include "parsers/ccm/events.hpp"
#include "support/test_files.hpp"

namespace ccsalvage::ccm {
namespace {

TEST(CcmCatalogue, CodeAndDocumentationAgree) {
    const auto doc = testing::read_file(std::string(CCSALVAGE_SOURCE_DIR) + "/docs/formats/ccm.md");
    std::set<std::string> documented;
    const std::regex row(R"(\| (CCM-\d{3}) \| (note|warning|error) \|)");
    for (auto it = std::sregex_iterator(doc.begin(), doc.end(), row); it != std::sregex_iterator();
         ++it) {
        const std::string id = (*it)[1];
        const std::string severity = (*it)[2];
        documented.insert(id);
        bool found = false;
        for (const auto& code : events::kCatalogue) {
            if (code.id == id) {
                found = true;
                EXPECT_EQ(to_string(code.severity), severity) << id;
            }
        }
        EXPECT_TRUE(found) << id << " is documented but not in parsers/ccm/events.hpp";
    }
    for (const auto& code : events::kCatalogue) {
        EXPECT_TRUE(documented.count(std::string(code.id)))
            << code.id << " is not documented in docs/formats/ccm.md";
    }
}

TEST(CcmCatalogue, IdsAreUniqueAndRegistered) {
    std::set<std::string_view> ids;
    for (const auto& code : events::kCatalogue) EXPECT_TRUE(ids.insert(code.id).second) << code.id;
    events::register_ccm_catalogue();
    for (const auto& code : events::kCatalogue) EXPECT_NE(find_event_code(code.id), nullptr);
}

}  // namespace
}  // namespace ccsalvage::ccm
