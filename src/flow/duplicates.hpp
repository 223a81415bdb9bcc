#pragma once
// Duplicates (Q184524): under load two connector threads queue the same message and Import
// delivers it twice. The copies of one message (one content identity) are sorted into
// deliveries: in each post office, the records it reaches with that identity, by message
// number (the second delivery gets the later number); in the connector's inbound queues
// (Submit, Import, Import.bak), the distinct file names, in the connector's counter order (one
// file in Import and its Import.bak copy is one queued file, not two). The k-th record of a
// post office and the k-th queued file belong to delivery k; delivery 0 is the message, every
// later one is a duplicate of it, recorded, never dropped (docs/ledger.md section 3).
//
// Not duplicates: one message in several post offices (one record per post office is how
// cc:Mail delivers), a record the census recovered next to the reached one (an older copy of
// the same record), Bad copies written again on each failed conversion (event 54), and .und
// entries (attempts, counted by the ledger).
#include <cstddef>
#include <span>
#include <vector>

#include "flow/ledger.hpp"

namespace ccsalvage::flow {

// For each copy of one message, its delivery: 0 for the first, k for the (k+1)-th. Folder
// entries follow the record they name (same post office, same number).
// The copies are given by pointer: the ledger passes its sightings' copies where they lie.
std::vector<std::size_t> delivery_of_copies(std::span<const Copy* const> copies);

}  // namespace ccsalvage::flow
