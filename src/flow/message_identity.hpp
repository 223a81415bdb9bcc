#pragma once
// The identity of a message from its content, the same for every copy of it: the record in a
// post office, the .ccm file the connector queued (twice, under Q184524), the copy in
// Export.bak, the entry in a .und file. It is what duplicates are found by, what the ledger
// keys on, and what export journals and synthetic Message-IDs derive from.
//
// It is built to survive what a second delivery or another copy changes:
//   kept      sender and To/Cc names (case and spacing folded, sorted per role; the post office
//             part dropped, since a record in its own post office names local users bare),
//             the date to the minute (the .ccm form has no seconds), the subject (spacing
//             folded), and for each item in order its kind and a hash of its bytes (text items
//             with trailing line ends, blanks and CTRL-Z removed)
//   ignored   message numbers, arrival times, Bcc (exports may leave it out), folder filing,
//             read flags, item titles, unknown header lines, unclaimed (damage) bytes
// A copy whose items were truncated has a different identity: it is not the same content,
// and the ledger records it as an incomplete copy rather than as a duplicate.
#include <string>

#include "parsers/ccm/message.hpp"

namespace ccsalvage::flow {

// The canonical text the identity hashes, one "key: value" line per part (for audit trails
// and for explaining why two messages were, or were not, taken for the same).
std::string identity_text(const ccm::Message& message);

// SHA-256 (lower-case hex) of identity_text().
std::string message_identity(const ccm::Message& message);

// SHA-256 of the header lines of identity_text() only (no item lines). Not an identity of its
// own: the ledger uses it only to file an incomplete copy (cut items, a truncated file) under
// the message whose whole copy has the same headers.
std::string header_identity(const ccm::Message& message);

}  // namespace ccsalvage::flow
