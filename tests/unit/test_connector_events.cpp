// The CONN- catalogue in code and in docs/formats/connector-store.md must agree.
#include "flow/connector_events.hpp"

#include <gtest/gtest.h>

#include "support/catalogue_check.hpp"

namespace ccsalvage::flow {
namespace {

TEST(ConnectorCatalogue, CodeAndDocumentationAgree) {
    testing::expect_catalogue_matches_document(events::kCatalogue,
                                               "docs/formats/connector-store.md", "CONN", true);
}

TEST(ConnectorCatalogue, IdsAreUniqueAndRegistered) {
    testing::expect_catalogue_registered(events::kCatalogue, events::register_connector_catalogue);
}

}  // namespace
}  // namespace ccsalvage::flow
