#pragma once
// DOS date and time words (docs/formats/post-office.md, section 2). They hold local time with
// no zone and can hold days that do not exist (2/31/99 is a real stored value, Q233325), so a
// decoded value is always kept as stored; validity is a separate, reported question (PO-031).
#include <cstdint>

namespace ccsalvage::po {

struct DosDateTime {
    std::uint16_t date = 0;  // bits 15-9 year - 1980, 8-5 month, 4-0 day; 0 = no date
    std::uint16_t time = 0;  // bits 15-11 hour, 10-5 minute, 4-0 second / 2
    bool operator==(const DosDateTime&) const = default;
};

struct DosFields {
    int year = 1980, month = 0, day = 0, hour = 0, minute = 0, second = 0;
};

DosFields unpack(DosDateTime value);
// Packs fields as stored (no validation; out-of-range fields are masked to their bits).
DosDateTime pack(int year, int month, int day, int hour, int minute, int second);

enum class DateCheck {
    ok,          // a real calendar date and time, or "no date" (date word 0)
    impossible,  // every field in range but the day does not exist (February 31)
    invalid,     // month 0 or 13-15, day 0, hour > 23, minute > 59 or second field > 29
};
DateCheck check(DosDateTime value);

}  // namespace ccsalvage::po
