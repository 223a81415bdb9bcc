#pragma once
// JSON text written directly, for the export's per-message records (journal lines), byte for
// byte as nlohmann::json::dump(-1, ' ', false, error_handler_t::replace) writes them: building
// a json object per record only to dump it was a measurable share of the export's main thread.
#include <string>
#include <string_view>

namespace ccsalvage::exporting {

// Appends `text` as a JSON string (quotes included). ASCII is escaped here as nlohmann does
// (\b \t \n \f \r \" \\, other control characters as \u00xx, DEL as is); text with any byte
// above 0x7F goes through nlohmann, which checks the UTF-8 and replaces what is invalid.
void append_json_string(std::string& out, std::string_view text);

}  // namespace ccsalvage::exporting
