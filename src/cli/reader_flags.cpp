#include "cli/reader_flags.hpp"

#include "core/errors.hpp"

namespace ccsalvage::cli {

void ReaderFlags::add_to(CLI::App& command) {
    command
        .add_option("--code-page", code_page,
                    "code page of the post office text: 850 (default), 437, 1252, 932, 936, "
                    "949, 950")
        ->capture_default_str();
    command
        .add_option("--date-order", date_order,
                    "day order of dates: us (M/D/Y, default), european (D/M/Y), japanese (Y/M/D)")
        ->check(CLI::IsMember({"us", "european", "japanese"}))
        ->capture_default_str();
    command
        .add_option("--year-pivot", year_pivot,
                    "two-digit years below this are 20xx, the others 19xx")
        ->check(CLI::Range(0, 99))
        ->capture_default_str();
}

ccm::ReaderOptions ReaderFlags::to_options() const {
    ccm::ReaderOptions options;
    const auto page = parse_code_page(code_page);
    if (!page) throw UsageError("unknown code page: " + code_page);
    options.code_page = *page;
    if (date_order == "european") {
        options.dates.order = ccm::DateOrder::european_dmy;
    } else if (date_order == "japanese") {
        options.dates.order = ccm::DateOrder::japanese_ymd;
    }
    options.dates.two_digit_year_pivot = year_pivot;
    return options;
}

}  // namespace ccsalvage::cli
