// The date/time stamp after a file item's name (docs/formats/ccm.md).
//
// cc:Mail writes "<name> <date> <time>", for example "Abc.wk4 5/6/97 3:10PM". Names may contain
// blanks and digits and the date separator follows the sender's locale, so the stamp is
// recognised from the right by its shape alone (the sender's day order is unknown here):
//   date = three runs of 1 to 4 digits joined by the same '/', '-' or '.'
//   time = H:MM or H:MM:SS (hour 1 or 2 digits), optionally followed by AM or PM in any case,
//          attached or as the next word.
// A stamp is a date word followed by a time word (plus the AM/PM word); a date or a time alone
// is not a stamp, so "Q3 Plan 1998.xls" and "Notes 5/6/97" keep their whole text as the name.
// Values are not range-checked here: parse_date judges them; a malformed but well-shaped stamp
// still belongs to the stamp, not to the name.
//
// The text is trimmed at both ends first. The stamp is returned as written (inner blanks kept);
// the name loses the blanks that separated it from the stamp.
#include "parsers/ccm/file_stamp.hpp"

#include <cstddef>
#include <string>
#include <string_view>

#include "parsers/ccm/field_chars.hpp"

namespace ccsalvage::ccm {
namespace {

using field_chars::ascii_lower;
using field_chars::is_blank;
using field_chars::is_digit;
using field_chars::trim;

// Length of the digit run at pos (0 when none).
std::size_t digit_run(std::string_view s, std::size_t pos) {
    std::size_t n = 0;
    while (pos + n < s.size() && is_digit(s[pos + n])) ++n;
    return n;
}

bool is_meridiem(std::string_view s) {
    return s.size() == 2 && (ascii_lower(s[0]) == 'a' || ascii_lower(s[0]) == 'p') &&
           ascii_lower(s[1]) == 'm';
}

bool is_date_word(std::string_view w) {
    std::size_t pos = 0;
    char separator = 0;
    for (int i = 0; i < 3; ++i) {
        const std::size_t n = digit_run(w, pos);
        if (n == 0 || n > 4) return false;
        pos += n;
        if (i == 2) break;
        if (pos >= w.size()) return false;
        const char c = w[pos];
        if (c != '/' && c != '-' && c != '.') return false;
        if (i == 0) separator = c;
        if (c != separator) return false;
        ++pos;
    }
    return pos == w.size();
}

// H:MM[:SS], then AM/PM when allow_meridiem.
bool is_time_word(std::string_view w, bool allow_meridiem) {
    std::size_t pos = 0;
    std::size_t n = digit_run(w, pos);
    if (n == 0 || n > 2) return false;
    pos += n;
    if (pos >= w.size() || w[pos] != ':') return false;
    ++pos;
    if (digit_run(w, pos) != 2) return false;
    pos += 2;
    if (pos < w.size() && w[pos] == ':') {
        ++pos;
        if (digit_run(w, pos) != 2) return false;
        pos += 2;
    }
    if (pos == w.size()) return true;
    return allow_meridiem && is_meridiem(w.substr(pos));
}

struct Word {
    std::size_t begin = 0;
    std::size_t end = 0;
    bool found = false;
};

// The word that ends at or before end, skipping blanks leftwards.
Word previous_word(std::string_view s, std::size_t end) {
    Word w;
    while (end > 0 && is_blank(s[end - 1])) --end;
    if (end == 0) return w;
    std::size_t begin = end;
    while (begin > 0 && !is_blank(s[begin - 1])) --begin;
    w.begin = begin;
    w.end = end;
    w.found = true;
    return w;
}

std::string_view text_of(std::string_view s, const Word& w) {
    return s.substr(w.begin, w.end - w.begin);
}

}  // namespace

FileNameAndStamp split_file_stamp(std::string_view text_utf8) {
    FileNameAndStamp out;
    const std::string_view s = trim(text_utf8);

    const Word last = previous_word(s, s.size());
    const Word before = last.found ? previous_word(s, last.begin) : Word{};
    const Word third = before.found ? previous_word(s, before.begin) : Word{};

    std::size_t stamp_begin = s.size();
    bool found = false;
    if (before.found && is_time_word(text_of(s, last), true) && is_date_word(text_of(s, before))) {
        stamp_begin = before.begin;
        found = true;
    } else if (third.found && is_meridiem(text_of(s, last)) &&
               is_time_word(text_of(s, before), false) && is_date_word(text_of(s, third))) {
        stamp_begin = third.begin;
        found = true;
    }

    if (!found) {
        out.name = std::string(s);
        return out;
    }
    out.stamp = std::string(s.substr(stamp_begin));
    out.name = std::string(trim(s.substr(0, stamp_begin)));
    return out;
}

}  // namespace ccsalvage::ccm
