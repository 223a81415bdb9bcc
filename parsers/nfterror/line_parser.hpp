#pragma once
// The grammar of one NFTERROR.LOG line (docs/formats/nfterror.md section 2): splits a line into
// its fields, checks each against the model, and notes spellings it tolerates. Knows nothing of
// files, offsets or events; the reader adds those.
#include <string_view>

#include "core/codepage.hpp"
#include "parsers/nfterror/record.hpp"

namespace ccsalvage::nfterror {

// Fills the field members of `record` (when, program, file, structure, block, block_offset,
// code, text, known_*, parsed, failed_field, failed_column, deviations) from `line`, the line's
// bytes without its line end. Never fails: a line outside the grammar comes back with
// parsed=false and the fields before the one that did not fit. The text is decoded from
// `code_page`.
void parse_line(std::string_view line, CodePage code_page, Record& record);

// True for a calendar date that exists (leap years included).
bool is_real_date(int year, int month, int day);

}  // namespace ccsalvage::nfterror
