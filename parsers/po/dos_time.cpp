#include "parsers/po/dos_time.hpp"

namespace ccsalvage::po {

DosFields unpack(DosDateTime value) {
    DosFields f;
    f.year = 1980 + (value.date >> 9);
    f.month = (value.date >> 5) & 0x0F;
    f.day = value.date & 0x1F;
    f.hour = value.time >> 11;
    f.minute = (value.time >> 5) & 0x3F;
    f.second = (value.time & 0x1F) * 2;
    return f;
}

DosDateTime pack(int year, int month, int day, int hour, int minute, int second) {
    const auto y = static_cast<unsigned>(year - 1980) & 0x7Fu;
    const auto date =
        y << 9 | (static_cast<unsigned>(month) & 0x0Fu) << 5 | (static_cast<unsigned>(day) & 0x1Fu);
    const auto time = (static_cast<unsigned>(hour) & 0x1Fu) << 11 |
                      (static_cast<unsigned>(minute) & 0x3Fu) << 5 |
                      (static_cast<unsigned>(second / 2) & 0x1Fu);
    return {static_cast<std::uint16_t>(date), static_cast<std::uint16_t>(time)};
}

namespace {
int days_in_month(int year, int month) {
    static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 && leap ? 29 : kDays[month - 1];
}
}  // namespace

DateCheck check(DosDateTime value) {
    const DosFields f = unpack(value);
    if (f.hour > 23 || f.minute > 59 || f.second > 58) return DateCheck::invalid;
    if (value.date == 0) return DateCheck::ok;  // "no date"
    if (f.month < 1 || f.month > 12 || f.day < 1) return DateCheck::invalid;
    if (f.day > days_in_month(f.year, f.month)) return DateCheck::impossible;
    return DateCheck::ok;
}

}  // namespace ccsalvage::po
