#pragma once
// Writes NFTERROR.LOG lines in the model's canonical spelling (docs/formats/nfterror.md), for
// the generator of damaged post offices and for round-trip tests. `repair` never writes the log.
#include <string>

#include "parsers/nfterror/record.hpp"

namespace ccsalvage::nfterror {

// One line, CR LF ended, from the field members of `record` (line_number, offset, raw and the
// other reading aids are ignored). The date is written as MM-DD-YY from the numeric fields;
// names are upper-cased; the text is cut to 80 characters and any character outside printable
// ASCII becomes '?', so what is written always fits the grammar.
std::string format_line(const Record& record);

}  // namespace ccsalvage::nfterror
