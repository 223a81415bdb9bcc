#pragma once
// The corruption catalogue of the Import/Export text format. Each id is documented, with
// cause, source and handling, in docs/formats/ccm.md; a unit test checks that the two agree.
#include <array>

#include "core/event.hpp"

namespace ccsalvage::ccm::events {

inline constexpr EventCode unknown_header{"CCM-001", Severity::note,
                                          "header keyword nobody documented, kept"};
inline constexpr EventCode leading_garbage{"CCM-002", Severity::warning,
                                           "bytes before the first Message: line"};
inline constexpr EventCode no_contents{"CCM-003", Severity::warning,
                                       "message without a Contents: line"};
inline constexpr EventCode size_missing{"CCM-004", Severity::warning, "item size missing or blank"};
inline constexpr EventCode size_wrong{"CCM-005", Severity::warning,
                                      "item size does not end at a keyword; resynchronised"};
inline constexpr EventCode outer_size_mismatch{"CCM-006", Severity::note,
                                               "Message:/Contents: size does not match the bytes"};
inline constexpr EventCode truncated{"CCM-007", Severity::error,
                                     "file ends inside a message; salvaged as partial"};
inline constexpr EventCode bad_date{"CCM-008", Severity::warning,
                                    "date unparsable or impossible; raw text kept"};
inline constexpr EventCode undecodable{"CCM-009", Severity::warning,
                                       "bytes the code page does not map"};
inline constexpr EventCode ambiguous_addresses{"CCM-010", Severity::note,
                                               "address list split is a guess"};
inline constexpr EventCode header_continuation{
    "CCM-011", Severity::warning, "header line without a keyword, joined to the previous"};
inline constexpr EventCode ctrl_z{"CCM-012", Severity::note, "CTRL-Z end-of-file marker"};
inline constexpr EventCode after_ctrl_z{"CCM-013", Severity::warning,
                                        "bytes after the CTRL-Z end-of-file marker"};
inline constexpr EventCode size_out_of_range{"CCM-014", Severity::warning,
                                             "size larger than the rest of the file; bounded"};
inline constexpr EventCode unknown_item{"CCM-015", Severity::note,
                                        "item keyword nobody documented, kept as opaque"};
inline constexpr EventCode cap_reached{"CCM-016", Severity::warning,
                                       "too many items or header lines; rest kept as unclaimed"};
inline constexpr EventCode unclaimed_bytes{"CCM-017", Severity::warning,
                                           "bytes inside Contents: that belong to no item"};
inline constexpr EventCode repeated_header{"CCM-018", Severity::note,
                                           "single-valued header repeated; first kept"};
inline constexpr EventCode no_messages{"CCM-019", Severity::warning,
                                       "no Message: line in a non-empty file"};

inline constexpr std::array kCatalogue = {
    unknown_header,      leading_garbage, no_contents,     size_missing,      size_wrong,
    outer_size_mismatch, truncated,       bad_date,        undecodable,       ambiguous_addresses,
    header_continuation, ctrl_z,          after_ctrl_z,    size_out_of_range, unknown_item,
    cap_reached,         unclaimed_bytes, repeated_header, no_messages};

// Makes the catalogue known to find_event_code(); called by the reader on first use.
void register_ccm_catalogue();

}  // namespace ccsalvage::ccm::events
