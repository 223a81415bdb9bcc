#pragma once
// JSON text written directly, for the export's per-message records (journal lines, manifest
// lines), byte for byte as nlohmann::json::dump(-1, ' ', false, error_handler_t::replace) writes
// them: building a json object per record only to dump it was a measurable share of the
// export's main thread.
#include <cstdint>
#include <string>
#include <string_view>

namespace ccsalvage::exporting {

// Whether `text` is well-formed UTF-8 (Unicode 15, table 3-7: no overlong forms, no surrogates,
// nothing above U+10FFFF), exactly what nlohmann's decoder accepts.
bool is_valid_utf8(std::string_view text);

// Appends `text` as a JSON string (quotes included), escaped as nlohmann does: \b \t \n \f \r
// \" \\, other control characters as \u00xx, DEL and valid UTF-8 as they are. Text that is not
// valid UTF-8 (rare: names from damaged evidence) goes through nlohmann itself, which writes
// U+FFFD for what is invalid by its own rules.
void append_json_string(std::string& out, std::string_view text);

// Appends `value` in decimal, as nlohmann writes an unsigned number.
void append_json_number(std::string& out, std::uint64_t value);

}  // namespace ccsalvage::exporting
