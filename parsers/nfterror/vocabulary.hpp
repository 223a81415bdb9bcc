#pragma once
// The names the modelled NFTERROR.LOG line uses (docs/formats/post-office.md section 15): which
// files, structures and fault codes the model knows. Kept apart from the line grammar so that a
// corrected vocabulary is a change here only.
#include <string>
#include <string_view>

namespace ccsalvage::nfterror {

// A program, file, structure or code name as the log writes it: ASCII letters upper-cased.
std::string upper_case(std::string_view name);

// "CLANDATA", "MLANDATA" or "USR" followed by five digits; upper case expected.
bool is_known_file(std::string_view file);
bool is_known_structure(std::string_view structure);
bool is_known_code(std::string_view code);

// Whether the model puts that structure in that file (post-office.md section 5, "Allowed in").
// Unknown files or structures are never "expected": callers check is_known_* first.
bool structure_expected_in(std::string_view structure, std::string_view file);

// The post office catalogue entries a fault code stands for ("PO-014, PO-015"); empty for a
// code the model does not know.
std::string_view po_events_for_code(std::string_view code);

}  // namespace ccsalvage::nfterror
