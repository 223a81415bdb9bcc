#pragma once
// The ledger's view of one post office: every message record (reached and recovered) as a
// copy with its content identity, and every USR folder entry as a reference to a record.
// Item bytes are read one message at a time to hash them and dropped again.
#include <cstdint>
#include <string>

#include "flow/connector_analysis.hpp"
#include "parsers/po/reader.hpp"

namespace ccsalvage::flow {

struct PostOfficeSightings {
    std::string name;
    std::uint64_t records = 0;
    std::uint64_t recovered_records = 0;
    std::uint64_t incomplete_records = 0;
    std::uint64_t folder_entries = 0;
};

// `name` is the post office's name as the ledger shows it (its folder name, as the ground
// truth and administrators use it); the CLANDATA header's name is not trusted over it.
PostOfficeSightings add_post_office(const po::PostOfficeSource& source,
                                    const po::PostOffice& post_office, const std::string& name,
                                    const SightingHandler& on_sighting);

}  // namespace ccsalvage::flow
