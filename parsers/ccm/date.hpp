#pragma once
#include <string_view>

#include "parsers/ccm/message.hpp"

namespace ccsalvage::ccm {

struct DateOptions {
    DateOrder order = DateOrder::us_mdy;
    // Two-digit years below the pivot are 20xx, the others 19xx (Transend's rule, pivot 70).
    int two_digit_year_pivot = 70;
};

// Parses "6/2/98 8:39", "5/6/97 3:10PM", "2/10/1998 11:28:05 am", "02-06-98 08:39".
// Never fails: an unparsable or impossible date comes back with valid=false and raw set.
Date parse_date(std::string_view text, const DateOptions& options = {});

// True for a calendar date that exists (leap years included).
bool is_real_date(int year, int month, int day);

}  // namespace ccsalvage::ccm
