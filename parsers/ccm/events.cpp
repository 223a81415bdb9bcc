#include "parsers/ccm/events.hpp"

namespace ccsalvage::ccm::events {

void register_ccm_catalogue() { register_catalogue("ccm", kCatalogue); }

}  // namespace ccsalvage::ccm::events
