#pragma once
// The catalogue of what the connector store analysis reports (docs/formats/connector-store.md,
// section 5, with cause, source and handling for each id); a unit test checks that the two
// agree. Damage inside a queued file is reported with the .ccm and .und catalogues.
#include <array>

#include "core/event.hpp"

namespace ccsalvage::flow::events {

inline constexpr EventCode queue_missing{"CONN-001", Severity::note,
                                         "queue folder missing from the store"};
inline constexpr EventCode waiting_submit{"CONN-002", Severity::note,
                                          "message file waiting in Submit"};
inline constexpr EventCode waiting_import{"CONN-003", Severity::note,
                                          "message file handed to Import, still there"};
inline constexpr EventCode waiting_export{"CONN-004", Severity::note,
                                          "Export file not converted yet"};
inline constexpr EventCode in_bad{"CONN-005", Severity::warning,
                                  "message file in Bad: conversion failed"};
inline constexpr EventCode zero_tmp{"CONN-006", Severity::warning, "zero-byte temporary file"};
inline constexpr EventCode console_tmp{"CONN-007", Severity::note,
                                       "temporary file with console output"};
inline constexpr EventCode und_entries{"CONN-008", Severity::warning,
                                       "undeliverable-message file with entries"};
inline constexpr EventCode import_loop{"CONN-009", Severity::warning,
                                       "import loop: file still queued, rejected again and again"};
inline constexpr EventCode odd_queue_name{"CONN-010", Severity::note,
                                          "queued file name outside the MSGxxxx.CCM pattern"};
inline constexpr EventCode unknown_file{"CONN-011", Severity::note,
                                        "file or folder the store model does not know"};
inline constexpr EventCode incomplete_copy{"CONN-012", Severity::warning,
                                           "queued message incomplete; whole copy elsewhere"};
inline constexpr EventCode lone_incomplete{"CONN-013", Severity::error,
                                           "queued message incomplete; no whole copy found"};
inline constexpr EventCode empty_message_file{"CONN-014", Severity::warning,
                                              "zero-byte message file in a queue"};
inline constexpr EventCode folder_bound{"CONN-015", Severity::warning,
                                        "too many files in one folder; the rest only counted"};
inline constexpr EventCode dirsync_file{"CONN-016", Severity::note,
                                        "directory synchronisation exchange file"};

inline constexpr std::array kCatalogue = {
    queue_missing,   waiting_submit,     waiting_import, waiting_export,
    in_bad,          zero_tmp,           console_tmp,    und_entries,
    import_loop,     odd_queue_name,     unknown_file,   incomplete_copy,
    lone_incomplete, empty_message_file, folder_bound,   dirsync_file};

// Makes the catalogue known to find_event_code(); called by the analysis on first use.
void register_connector_catalogue();

}  // namespace ccsalvage::flow::events
