#pragma once
// The repair log (docs/repair.md, section 5): every difference between the post office as read
// and the repaired one as read back, one change per line `structure field old -> new`, with the
// file and the offset in the input where the old value was (or the record's head block).
// Computed by comparing the two models, never by trusting what the rebuild meant to do.
#include <cstdint>
#include <string>
#include <vector>

#include "parsers/po/model.hpp"

namespace ccsalvage::repair {

struct Change {
    std::string file;          // input file name (CLANDATA, MLANDATA, USRnnnnn)
    std::uint64_t offset = 0;  // in the input file
    std::string structure;     // "CLANDATA header", "message 995", "directory entry 7", ...
    std::string field;
    std::string old_value;
    std::string new_value;
    std::string source;  // what filled the new value, when salvage recorded it
};

std::vector<Change> diff_post_offices(const po::PostOffice& before, const po::PostOffice& after);

// `FILE@OFFSET structure field old -> new`
std::string format_change(const Change& change);

}  // namespace ccsalvage::repair
