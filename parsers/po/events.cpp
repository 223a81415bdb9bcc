#include "parsers/po/events.hpp"

namespace ccsalvage::po::events {

void register_po_catalogue() { register_catalogue("po", kCatalogue); }

}  // namespace ccsalvage::po::events
