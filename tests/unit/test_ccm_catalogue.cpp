// The corruption catalogue in code and in docs/formats/ccm.md must agree: every code the
// reader can report is documented with the severity the code gives it, and the document lists
// no code the reader does not have.
#include <gtest/gtest.h>

#include <regex>
#include <set>

#include "parsers/ccm/events.hpp"
#include "support/catalogue_check.hpp"
#include "support/test_files.hpp"

namespace ccsalvage::ccm {
namespace {

TEST(CcmCatalogue, CodeAndDocumentationAgree) {
    testing::expect_catalogue_matches_document(events::kCatalogue, "docs/formats/ccm.md", "CCM");
}

TEST(CcmCatalogue, IdsAreUniqueAndRegistered) {
    testing::expect_catalogue_registered(events::kCatalogue, events::register_ccm_catalogue);
}

}  // namespace
}  // namespace ccsalvage::ccm
