// Fuzz target for the post office reader (parsers/po), aimed at MLANDATA: the input is read as
// the MLANDATA of a good sample post office (samples/po/clean-small/MUNICH), whose other files
// stay intact, so mutations reach deep into the structures of this one file instead of
// failing at the first header. Promises checked: see
// po_checks.hpp.
#include <cstddef>
#include <cstdint>

#include "po_file_target.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    return ccsalvage::fuzz::fuzz_one_post_office_file(data, size, "MLANDATA");
}
