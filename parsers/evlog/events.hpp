#pragma once
// The catalogue of what the event log reader and the ties to the connector store report. Each
// id is documented, with cause and handling, in docs/formats/event-log.md; a unit test checks
// that the two agree.
#include <array>

#include "core/event.hpp"

namespace ccsalvage::evlog::events {

inline constexpr EventCode not_a_record{"EVL-001", Severity::warning,
                                        "line is not an event record; skipped"};
inline constexpr EventCode bad_event_id{"EVL-002", Severity::warning,
                                        "event ID not a number; record kept without it"};
inline constexpr EventCode open_quote{"EVL-003", Severity::warning,
                                      "quoted field not closed before the end of the file"};
inline constexpr EventCode missing_fields{"EVL-004", Severity::warning,
                                          "record with fewer fields than the layout"};
inline constexpr EventCode unknown_connector_event{
    "EVL-005", Severity::note, "connector event ID the knowledge base does not know"};
inline constexpr EventCode connector_failure{"EVL-006", Severity::warning,
                                             "connector reported a failure"};
inline constexpr EventCode names_stored_file{"EVL-007", Severity::note,
                                             "event names a file found in the connector store"};
inline constexpr EventCode names_missing_file{
    "EVL-008", Severity::note, "event names a file the connector store no longer holds"};
inline constexpr EventCode record_too_long{"EVL-009", Severity::warning,
                                           "record longer than the bound; rest skipped"};
inline constexpr EventCode utf16_text{"EVL-010", Severity::note,
                                      "UTF-16 text, converted line by line"};
inline constexpr EventCode no_records{"EVL-011", Severity::warning,
                                      "no event record in a non-empty file"};

inline constexpr std::array kCatalogue = {not_a_record,
                                          bad_event_id,
                                          open_quote,
                                          missing_fields,
                                          unknown_connector_event,
                                          connector_failure,
                                          names_stored_file,
                                          names_missing_file,
                                          record_too_long,
                                          utf16_text,
                                          no_records};

// Makes the catalogue known to find_event_code(); called by the reader on first use.
void register_evlog_catalogue();

}  // namespace ccsalvage::evlog::events
