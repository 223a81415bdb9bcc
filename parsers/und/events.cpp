#include "parsers/und/events.hpp"

namespace ccsalvage::und::events {

void register_und_catalogue() { register_catalogue("und", kCatalogue); }

}  // namespace ccsalvage::und::events
