#include "flow/connector_events.hpp"

namespace ccsalvage::flow::events {

void register_connector_catalogue() { register_catalogue("connector", kCatalogue); }

}  // namespace ccsalvage::flow::events
