// The PO- catalogue in code and in docs/formats/post-office.md must agree: every code the
// reader can report is documented with the severity and title the code gives it, and the
// document lists no code the reader does not have.
#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "parsers/po/events.hpp"
#include "support/catalogue_check.hpp"

namespace ccsalvage::po {
namespace {

TEST(PoCatalogue, CodeAndDocumentationAgree) {
    testing::expect_catalogue_matches_document(events::kCatalogue, "docs/formats/post-office.md",
                                               "PO", true);
}

TEST(PoCatalogue, IdsAreUniqueAndRegistered) {
    testing::expect_catalogue_registered(events::kCatalogue, events::register_po_catalogue);
}

}  // namespace
}  // namespace ccsalvage::po
