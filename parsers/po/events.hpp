#pragma once
// The corruption catalogue of the post office files. Each id is documented, with how it looks,
// how it arises, what analyze and repair do and the vendor step, in docs/formats/post-office.md
// (section 16); a unit test checks that the two agree.
#include <array>

#include "core/event.hpp"

namespace ccsalvage::po::events {

inline constexpr EventCode file_missing{"PO-001", Severity::error, "post office file missing"};
inline constexpr EventCode truncated{"PO-002", Severity::error,
                                     "file shorter than its header says (truncated)"};
inline constexpr EventCode trailing_bytes{"PO-003", Severity::warning,
                                          "bytes after the last block"};
inline constexpr EventCode header_unreadable{"PO-004", Severity::error, "file header unreadable"};
inline constexpr EventCode header_copy_differs{"PO-005", Severity::warning,
                                               "file header and header copy disagree"};
inline constexpr EventCode unsupported{"PO-006", Severity::error,
                                       "unsupported generation, block size or model version"};
inline constexpr EventCode foreign_file{"PO-007", Severity::error,
                                        "file belongs to another post office or generation"};
inline constexpr EventCode not_closed{"PO-008", Severity::note, "post office not closed cleanly"};
inline constexpr EventCode bad_signature{"PO-009", Severity::error, "bad block signature"};
inline constexpr EventCode misplaced_block{"PO-010", Severity::warning,
                                           "block not at its own position"};
inline constexpr EventCode bad_checksum{"PO-011", Severity::error, "block checksum mismatch"};
inline constexpr EventCode broken_chain{"PO-012", Severity::error, "broken record chain"};
inline constexpr EventCode nonzero_slack{"PO-013", Severity::warning,
                                         "non-zero slack, padding or reserved bytes"};
inline constexpr EventCode foreign_text{"PO-014", Severity::error,
                                        "foreign plain text inside a block"};
inline constexpr EventCode text_in_field{"PO-015", Severity::error,
                                         "plain text in a scrambled text field"};
inline constexpr EventCode malformed_payload{"PO-016", Severity::error, "malformed record payload"};
inline constexpr EventCode nft_unreadable{"PO-017", Severity::error,
                                          "allocation table unreadable or wrong size"};
inline constexpr EventCode used_but_free{"PO-018", Severity::error, "block in use but marked free"};
inline constexpr EventCode marked_but_unclaimed{"PO-019", Severity::warning,
                                                "block marked in use but unclaimed"};
inline constexpr EventCode claimed_twice{"PO-020", Severity::error,
                                         "block claimed by two structures"};
inline constexpr EventCode state_mismatch{"PO-021", Severity::warning,
                                          "allocation state does not match the block"};
inline constexpr EventCode index_to_foreign{
    "PO-022", Severity::error, "message index entry points at a free or foreign block"};
inline constexpr EventCode index_to_other_message{"PO-023", Severity::error,
                                                  "message index entry points at another message"};
inline constexpr EventCode index_order{"PO-024", Severity::warning,
                                       "message index out of order or duplicated"};
inline constexpr EventCode header_not_indexed{"PO-025", Severity::warning,
                                              "live message header missing from the index"};
inline constexpr EventCode duplicate_header{"PO-026", Severity::error,
                                            "two live header records for one message number"};
inline constexpr EventCode recoverable_record{
    "PO-027", Severity::note, "deleted message or record recoverable from free space"};
inline constexpr EventCode item_missing{"PO-028", Severity::error, "item data missing"};
inline constexpr EventCode item_damaged{"PO-029", Severity::error,
                                        "item data checksum or length mismatch"};
inline constexpr EventCode orphan_extent{"PO-030", Severity::warning,
                                         "item extent in use but owned by no message"};
inline constexpr EventCode bad_date{"PO-031", Severity::note, "invalid or impossible date"};
inline constexpr EventCode duplicate_delivery{"PO-032", Severity::note,
                                              "probable duplicate delivery"};
inline constexpr EventCode reference_count{"PO-033", Severity::warning, "reference count mismatch"};
inline constexpr EventCode orphan_message{"PO-034", Severity::warning,
                                          "orphan message: no folder entry points at it"};
inline constexpr EventCode entry_without_message{"PO-035", Severity::warning,
                                                 "folder entry names a missing message"};
inline constexpr EventCode filed_twice{"PO-036", Severity::warning,
                                       "message filed twice in one folder"};
inline constexpr EventCode mailbox_missing{"PO-037", Severity::warning, "mailbox file missing"};
inline constexpr EventCode mailbox_without_entry{"PO-038", Severity::warning,
                                                 "mailbox file without a directory entry"};
inline constexpr EventCode mailbox_identity{"PO-039", Severity::warning,
                                            "mailbox file identity wrong"};
inline constexpr EventCode mailbox_counts{"PO-040", Severity::warning, "mailbox counts wrong"};
inline constexpr EventCode dir_index_entry{"PO-041", Severity::warning,
                                           "directory index entry wrong"};
inline constexpr EventCode dir_index_incomplete{"PO-042", Severity::warning,
                                                "directory index incomplete or out of order"};
inline constexpr EventCode dir_chain{"PO-043", Severity::warning, "broken directory chain"};
inline constexpr EventCode unknown_type_code{"PO-044", Severity::warning,
                                             "unknown directory type code"};
inline constexpr EventCode duplicate_entry{"PO-045", Severity::warning,
                                           "duplicate directory name or id"};
inline constexpr EventCode dangling_reference{"PO-046", Severity::warning,
                                              "dangling directory reference"};
inline constexpr EventCode counter_wrong{"PO-047", Severity::warning, "header counter wrong"};
inline constexpr EventCode limit_exceeded{"PO-048", Severity::warning, "documented limit exceeded"};
inline constexpr EventCode bound_reached{"PO-049", Severity::error,
                                         "reader bound reached; rest not read"};
inline constexpr EventCode undecodable_text{"PO-050", Severity::note,
                                            "text not decodable in the code page"};
inline constexpr EventCode nfterror_log{"PO-051", Severity::note, "NFTERROR.LOG present"};
inline constexpr EventCode ccpodown{"PO-052", Severity::note, "CCPODOWN present"};

inline constexpr std::array kCatalogue = {file_missing,
                                          truncated,
                                          trailing_bytes,
                                          header_unreadable,
                                          header_copy_differs,
                                          unsupported,
                                          foreign_file,
                                          not_closed,
                                          bad_signature,
                                          misplaced_block,
                                          bad_checksum,
                                          broken_chain,
                                          nonzero_slack,
                                          foreign_text,
                                          text_in_field,
                                          malformed_payload,
                                          nft_unreadable,
                                          used_but_free,
                                          marked_but_unclaimed,
                                          claimed_twice,
                                          state_mismatch,
                                          index_to_foreign,
                                          index_to_other_message,
                                          index_order,
                                          header_not_indexed,
                                          duplicate_header,
                                          recoverable_record,
                                          item_missing,
                                          item_damaged,
                                          orphan_extent,
                                          bad_date,
                                          duplicate_delivery,
                                          reference_count,
                                          orphan_message,
                                          entry_without_message,
                                          filed_twice,
                                          mailbox_missing,
                                          mailbox_without_entry,
                                          mailbox_identity,
                                          mailbox_counts,
                                          dir_index_entry,
                                          dir_index_incomplete,
                                          dir_chain,
                                          unknown_type_code,
                                          duplicate_entry,
                                          dangling_reference,
                                          counter_wrong,
                                          limit_exceeded,
                                          bound_reached,
                                          undecodable_text,
                                          nfterror_log,
                                          ccpodown};

// Makes the catalogue known to find_event_code(); called by the reader on first use.
void register_po_catalogue();

}  // namespace ccsalvage::po::events
