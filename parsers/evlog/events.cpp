#include "parsers/evlog/events.hpp"

namespace ccsalvage::evlog::events {

void register_evlog_catalogue() { register_catalogue("evlog", kCatalogue); }

}  // namespace ccsalvage::evlog::events
