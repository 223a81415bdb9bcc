#pragma once
// The catalogue of what the NFTERROR.LOG reader reports. Each id is documented, with cause,
// source and handling, in docs/formats/nfterror.md; a unit test checks that the two agree.
#include <array>

#include "core/event.hpp"

namespace ccsalvage::nfterror::events {

inline constexpr EventCode unparsed_line{"NFT-001", Severity::warning,
                                         "line does not fit the modelled grammar; kept verbatim"};
inline constexpr EventCode bad_date{"NFT-002", Severity::warning,
                                    "impossible date or time; raw text kept"};
inline constexpr EventCode unknown_value{"NFT-003", Severity::note,
                                         "file, structure or code the model does not name"};
inline constexpr EventCode unexpected_structure{"NFT-004", Severity::note,
                                                "structure the model does not put in that file"};
inline constexpr EventCode tolerated_spelling{"NFT-005", Severity::note,
                                              "line read with a spelling the model tolerates"};
inline constexpr EventCode no_final_line_end{"NFT-006", Severity::warning,
                                             "last line has no line end; file cut short"};
inline constexpr EventCode long_line{"NFT-007", Severity::warning,
                                     "line longer than the reader bound; rest not kept"};
inline constexpr EventCode lf_line_ends{"NFT-008", Severity::note,
                                        "lines end in LF alone instead of CR LF"};
inline constexpr EventCode blank_lines{"NFT-009", Severity::note, "blank lines, skipped"};
inline constexpr EventCode ctrl_z{"NFT-010", Severity::note, "CTRL-Z end-of-file marker"};
inline constexpr EventCode out_of_order{"NFT-011", Severity::note,
                                        "line dated earlier than the line before it"};
inline constexpr EventCode empty_file{"NFT-012", Severity::note, "the log is empty"};

inline constexpr std::array kCatalogue = {
    unparsed_line,     bad_date,  unknown_value, unexpected_structure, tolerated_spelling,
    no_final_line_end, long_line, lf_line_ends,  blank_lines,          ctrl_z,
    out_of_order,      empty_file};

// Makes the catalogue known to find_event_code(); called by the reader on first use.
void register_nfterror_catalogue();

}  // namespace ccsalvage::nfterror::events
