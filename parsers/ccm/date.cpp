// Numeric dates of the cc:Mail Import/Export format (docs/formats/ccm.md).
//
// Accepted, after leading and trailing ASCII blanks are ignored:
//   date [blanks time]
//   date = A sep B sep C, sep one of '/', '-', '.', the same character both times; the fields
//          are read in the order given by DateOptions::order. Month and day have 1 or 2 digits,
//          the year 2 digits (pivot applied) or 4 digits (taken as written).
//   time = H:MM or H:MM:SS (hour 1 or 2 digits, minutes and seconds exactly 2), then optionally
//          AM or PM in any case, attached ("3:10PM") or after blanks ("3:10 PM"). With AM/PM
//          the hour is 1..12 (12AM is 0h, 12PM is 12h); without, 0..23.
// A date with no time is midnight. Anything else (other trailing text, mixed separators, digit
// runs of the wrong length) is not a date. Digit runs are never converted beyond four digits,
// so no input can overflow.
//
// Result: raw is the text exactly as given, untrimmed. When valid is false, every numeric field
// is zero, also for a well-formed but impossible date such as 2/31/99: callers must not use
// half-parsed values.
#include "parsers/ccm/date.hpp"

#include <cstddef>
#include <string>
#include <string_view>

#include "parsers/ccm/field_chars.hpp"

namespace ccsalvage::ccm {
namespace {

constexpr std::size_t kMaxDigits = 4;

using field_chars::ascii_lower;
using field_chars::is_blank;
using field_chars::is_digit;
using field_chars::trim;

struct Number {
    int value = 0;
    std::size_t width = 0;
};

// Reads the digit run at pos. Fails on no digit or on more than kMaxDigits digits.
bool read_number(std::string_view s, std::size_t& pos, Number& out) {
    const std::size_t start = pos;
    while (pos < s.size() && is_digit(s[pos])) ++pos;
    out.width = pos - start;
    if (out.width == 0 || out.width > kMaxDigits) return false;
    out.value = 0;
    for (std::size_t i = start; i < pos; ++i) out.value = out.value * 10 + (s[i] - '0');
    return true;
}

bool is_date_separator(char c) { return c == '/' || c == '-' || c == '.'; }

bool day_or_month_width(const Number& n) { return n.width == 1 || n.width == 2; }

// Returns the four-digit year, or 0 when the width is neither 2 nor 4.
int full_year(const Number& n, int pivot) {
    if (n.width == 4) return n.value;
    if (n.width == 2) return n.value < pivot ? 2000 + n.value : 1900 + n.value;
    return 0;
}

// Parses s (trimmed) into d; returns false on any syntax or range error.
bool parse_into(std::string_view s, const DateOptions& options, Date& d) {
    std::size_t pos = 0;
    Number fields[3];
    char separator = 0;
    for (int i = 0; i < 3; ++i) {
        if (!read_number(s, pos, fields[i])) return false;
        if (i == 2) break;
        if (pos >= s.size() || !is_date_separator(s[pos])) return false;
        if (i == 0) separator = s[pos];
        if (s[pos] != separator) return false;
        ++pos;
    }

    const Number* year = &fields[2];
    const Number* month = &fields[0];
    const Number* day = &fields[1];
    switch (options.order) {
        case DateOrder::european_dmy:
            day = &fields[0];
            month = &fields[1];
            break;
        case DateOrder::japanese_ymd:
            year = &fields[0];
            month = &fields[1];
            day = &fields[2];
            break;
        case DateOrder::us_mdy:
            break;
    }
    if (!day_or_month_width(*month) || !day_or_month_width(*day)) return false;
    d.year = full_year(*year, options.two_digit_year_pivot);
    d.month = month->value;
    d.day = day->value;
    if (d.year == 0 || !is_real_date(d.year, d.month, d.day)) return false;

    if (pos == s.size()) return true;  // date only: midnight

    if (!is_blank(s[pos])) return false;
    while (pos < s.size() && is_blank(s[pos])) ++pos;

    Number hour, minute, second;
    if (!read_number(s, pos, hour) || hour.width > 2) return false;
    if (pos >= s.size() || s[pos] != ':') return false;
    ++pos;
    if (!read_number(s, pos, minute) || minute.width != 2) return false;
    if (pos < s.size() && s[pos] == ':') {
        ++pos;
        if (!read_number(s, pos, second) || second.width != 2) return false;
    }
    while (pos < s.size() && is_blank(s[pos])) ++pos;

    char meridiem = 0;  // 'a', 'p' or none
    if (pos < s.size()) {
        if (s.size() - pos != 2 || ascii_lower(s[pos + 1]) != 'm') return false;
        meridiem = ascii_lower(s[pos]);
        if (meridiem != 'a' && meridiem != 'p') return false;
    }

    if (meridiem != 0) {
        if (hour.value < 1 || hour.value > 12) return false;
        if (hour.value == 12) hour.value = 0;
        if (meridiem == 'p') hour.value += 12;
    } else if (hour.value > 23) {
        return false;
    }
    if (minute.value > 59 || second.value > 59) return false;
    d.hour = hour.value;
    d.minute = minute.value;
    d.second = second.value;
    return true;
}

}  // namespace

bool is_real_date(int year, int month, int day) {
    if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1) return false;
    static constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    const int limit = (month == 2 && leap) ? 29 : kDays[month - 1];
    return day <= limit;
}

Date parse_date(std::string_view text, const DateOptions& options) {
    Date d;
    if (parse_into(trim(text), options, d)) {
        d.valid = true;
    } else {
        d = Date{};
    }
    d.raw = std::string(text);
    return d;
}

}  // namespace ccsalvage::ccm
