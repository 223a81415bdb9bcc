#pragma once
// Reading a record's variable text fields (text16) while mapping where they sit, shared by the
// directory entry and message header decoders so both report damage the same way.
#include <cstdint>
#include <string>
#include <string_view>

#include "parsers/po/bytes.hpp"
#include "parsers/po/field_map.hpp"

namespace ccsalvage::po {

inline std::uint32_t payload_position(const LeReader& r) {
    return static_cast<std::uint32_t>(r.position());
}

// Reads one text16 field unscrambled with `seed` into `out` and records it in `map`. Returns
// false when the field is cut short; the payload's first problem is then noted in `map`.
bool read_record_text(LeReader& r, std::uint32_t seed, std::string& out, std::string_view name,
                      FieldMap& map);

}  // namespace ccsalvage::po
