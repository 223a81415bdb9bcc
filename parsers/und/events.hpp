#pragma once
// The catalogue of what the .und reader and the import-loop finder report. Each id is
// documented, with cause, source and handling, in docs/formats/und.md; a unit test checks that
// the two agree. Damage to the messages themselves is reported with the .ccm catalogue (CCM-).
#include <array>

#include "core/event.hpp"

namespace ccsalvage::und::events {

inline constexpr EventCode no_rejection{"UND-001", Severity::note,
                                        "entry without rejection lines; reason unknown"};
inline constexpr EventCode repeated_rejection{"UND-002", Severity::note,
                                              "rejection line repeated in one entry; first used"};
inline constexpr EventCode bad_rejected_date{"UND-003", Severity::warning,
                                             "Rejected: date unparsable or impossible"};
inline constexpr EventCode bad_result_code{"UND-004", Severity::warning,
                                           "Result-Code: not a number from 0 to 255"};
inline constexpr EventCode no_reason{"UND-005", Severity::note,
                                     "rejection lines without an Undeliverable: reason"};
inline constexpr EventCode unknown_reason{"UND-006", Severity::note,
                                          "reason not among those public sources show"};
inline constexpr EventCode late_rejection{"UND-007", Severity::note,
                                          "rejection keyword after the message's own headers"};
inline constexpr EventCode import_loop{"UND-008", Severity::warning,
                                       "import loop: the same message rejected again and again"};

inline constexpr std::array kCatalogue = {no_rejection,    repeated_rejection, bad_rejected_date,
                                          bad_result_code, no_reason,          unknown_reason,
                                          late_rejection,  import_loop};

// Makes the catalogue known to find_event_code(); called by the reader on first use.
void register_und_catalogue();

}  // namespace ccsalvage::und::events
