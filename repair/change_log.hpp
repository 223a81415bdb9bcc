#pragma once
// The repair log (docs/repair.md, section 5): every difference between the post office as read
// and the repaired one as read back, one change per line `structure field old -> new`, with the
// file and the offset in the input where the old value was (or the record's head block).
// Computed by comparing the two models, never by trusting what the rebuild meant to do.
#include <cstdint>
#include <string>
#include <vector>

#include "parsers/po/model.hpp"
#include "parsers/po/reader.hpp"

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

// The allocation tables (section 5) of each file compared block by block: one change per block
// whose state differs (a block only one side has is "absent" on the other). The offset is the
// state byte in the input's table.
std::vector<Change> diff_allocation_tables(const po::PostOffice& before,
                                           const po::PostOfficeSource& before_source,
                                           const po::PostOffice& after,
                                           const po::PostOfficeSource& after_source);

// `FILE@OFFSET structure field old -> new`
std::string format_change(const Change& change);

}  // namespace ccsalvage::repair
