#pragma once
// Reader options chosen from one input byte, shared by the fuzz targets that read the
// Import/Export format (fuzz_ccm, fuzz_und): DBCS and other code pages, every date order, both
// pivot extremes, and tiny caps so the bounding paths run too.
#include <cstdint>

#include "parsers/ccm/reader.hpp"

namespace ccsalvage::fuzz {

inline ccm::ReaderOptions ccm_variant_options(std::uint8_t selector) {
    static constexpr CodePage kPages[] = {CodePage::cp932, CodePage::cp936, CodePage::cp949,
                                          CodePage::cp950, CodePage::cp437, CodePage::cp1252,
                                          CodePage::cp850, CodePage::cp932};
    static constexpr ccm::DateOrder kOrders[] = {
        ccm::DateOrder::european_dmy, ccm::DateOrder::japanese_ymd, ccm::DateOrder::us_mdy,
        ccm::DateOrder::european_dmy};
    ccm::ReaderOptions options;
    options.code_page = kPages[selector & 7u];
    options.dates.order = kOrders[(selector >> 3) & 3u];
    options.dates.two_digit_year_pivot = (selector & 0x20u) != 0 ? 0 : 100;
    if ((selector & 0x40u) != 0) {
        options.max_items_per_message = 2;
        options.max_header_lines = 3;
    }
    return options;
}

}  // namespace ccsalvage::fuzz
