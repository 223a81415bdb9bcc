#include "parsers/po/record_text.hpp"

#include "parsers/po/text_field.hpp"

namespace ccsalvage::po {

bool read_record_text(LeReader& r, std::uint32_t seed, std::string& out, std::string_view name,
                      FieldMap& map) {
    const std::uint32_t at = payload_position(r);
    Text16 field;
    const bool ok = read_text16(r, seed, field);
    out = field.text;
    if (!r.ok()) {
        map.malformed_at(at, std::string(name) + ": length missing", true);
        return false;
    }
    map.text(field.offset, name, field.text);
    if (!ok) map.malformed_at(at, std::string(name) + ": length past the payload end", true);
    return ok;
}

}  // namespace ccsalvage::po
