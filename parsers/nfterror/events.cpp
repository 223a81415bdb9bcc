#include "parsers/nfterror/events.hpp"

namespace ccsalvage::nfterror::events {

void register_nfterror_catalogue() { register_catalogue("nfterror", kCatalogue); }

}  // namespace ccsalvage::nfterror::events
