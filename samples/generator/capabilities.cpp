// Which optional writers this build has. The CMake file defines the macros when the
// ccsalvage_po (with parsers/po/writer.hpp) and ccsalvage_und libraries exist.
#include "options.hpp"

namespace ccsalvage::generator {

Capabilities build_capabilities() {
    Capabilities can;
#ifdef CCSALVAGE_GENERATOR_HAVE_PO
    can.post_office = true;
#endif
#ifdef CCSALVAGE_GENERATOR_HAVE_UND
    can.und = true;
#endif
    return can;
}

}  // namespace ccsalvage::generator
