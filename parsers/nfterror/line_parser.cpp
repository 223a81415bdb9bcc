// One line of the modelled NFTERROR.LOG (docs/formats/nfterror.md section 2):
//
//   date SP time SP program SP file SP structure SP block SP offset SP code [SP text]
//
// Fields are read left to right. The canonical spelling is what post-office.md section 15
// prescribes; the reader also accepts a few spellings that lose nothing (other blanks between
// fields, lower case, shorter hex and date fields) and lists each as a deviation, so a log
// written by another tool or edited by hand is still read, and the difference still shown.
// The first field that does not fit stops the parse; fields read so far are kept.
#include "parsers/nfterror/line_parser.hpp"

#include <fmt/format.h>

#include <cstddef>
#include <cstdint>
#include <string>

#include "parsers/nfterror/vocabulary.hpp"

namespace ccsalvage::nfterror {

namespace {

constexpr std::size_t kMaxTextCharacters = 80;  // the grammar's bound on the text

bool is_blank(char c) { return c == ' ' || c == '\t'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
bool is_lower(char c) { return c >= 'a' && c <= 'z'; }
bool is_alnum(char c) { return is_digit(c) || is_upper(c) || is_lower(c); }
bool is_hex(char c) { return is_digit(c) || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f'); }
char to_upper(char c) { return is_lower(c) ? static_cast<char>(c - 'a' + 'A') : c; }

bool has_lower(std::string_view token) {
    for (const char c : token) {
        if (is_lower(c)) return true;
    }
    return false;
}

// A run of one or two digits (or exactly `max` when min == max), read without overflow.
bool read_number(std::string_view s, std::size_t& pos, std::size_t min, std::size_t max, int& out) {
    const std::size_t start = pos;
    while (pos < s.size() && is_digit(s[pos]) && pos - start < max) ++pos;
    if (pos - start < min || (pos < s.size() && is_digit(s[pos]))) return false;
    out = 0;
    for (std::size_t i = start; i < pos; ++i) out = out * 10 + (s[i] - '0');
    return true;
}

bool read_hex(std::string_view token, std::size_t max_digits, std::uint32_t& out) {
    if (token.empty() || token.size() > max_digits) return false;
    out = 0;
    for (const char c : token) {
        if (!is_hex(c)) return false;
        const char u = to_upper(c);
        const auto digit = is_digit(u) ? static_cast<std::uint32_t>(u - '0')
                                       : static_cast<std::uint32_t>(u - 'A' + 10);
        out = (out << 4) | digit;
    }
    return true;
}

// A name of 1..max characters from [A-Za-z0-9] plus `extra`.
bool is_name(std::string_view token, std::size_t max, std::string_view extra) {
    if (token.empty() || token.size() > max) return false;
    for (const char c : token) {
        if (!is_alnum(c) && extra.find(c) == std::string_view::npos) return false;
    }
    return true;
}

class LineParser {
  public:
    LineParser(std::string_view line, CodePage code_page, Record& record)
        : line_(line), code_page_(code_page), record_(record) {}

    void run() {
        record_.parsed = false;
        record_.failed_field.reset();
        for (const Field field : {Field::date, Field::time, Field::program, Field::file,
                                  Field::structure, Field::block, Field::offset, Field::code}) {
            std::string_view token;
            std::size_t column = 0;
            const bool present = next_token(field, token, column);
            bool fits = false;
            if (present) {
                switch (field) {
                    case Field::date:
                        fits = read_date(token);
                        break;
                    case Field::time:
                        fits = read_time(token);
                        break;
                    case Field::program:
                        fits = read_program(token);
                        break;
                    case Field::file:
                        fits = read_file(token);
                        break;
                    case Field::structure:
                        fits = read_structure(token);
                        break;
                    case Field::block:
                        fits = read_block(token);
                        break;
                    case Field::offset:
                        fits = read_offset(token);
                        break;
                    case Field::code:
                        fits = read_code(token);
                        break;
                    case Field::text:
                        break;
                }
            }
            if (!fits) {
                record_.failed_field = field;
                record_.failed_column = column;
                return;
            }
        }
        read_text();
        record_.parsed = true;
    }

  private:
    void deviation(std::string what) { record_.deviations.push_back(std::move(what)); }

    // The token of `field`: skips the separator before it (one SP is canonical) and reads to
    // the next blank. False when the line ends first.
    bool next_token(Field field, std::string_view& token, std::size_t& column) {
        const std::size_t start = pos_;
        while (pos_ < line_.size() && is_blank(line_[pos_])) ++pos_;
        column = pos_;
        if (pos_ >= line_.size()) return false;
        const std::size_t blanks = pos_ - start;
        if (field == Field::date) {
            if (blanks > 0) deviation("blanks before the date");
        } else if (blanks != 1 || line_[start] != ' ') {
            deviation(fmt::format("separator before the {} is not one space", to_string(field)));
        }
        std::size_t end = pos_;
        while (end < line_.size() && !is_blank(line_[end])) ++end;
        token = line_.substr(pos_, end - pos_);
        pos_ = end;
        return true;
    }

    // MM-DD-YY canonical; also M/D/YY, MM.DD.YYYY and the like (one separator character).
    bool read_date(std::string_view token) {
        std::size_t pos = 0;
        int month = 0, day = 0, year = 0;
        if (!read_number(token, pos, 1, 2, month) || pos >= token.size()) return false;
        const char sep = token[pos];
        if (sep != '-' && sep != '/' && sep != '.') return false;
        ++pos;
        if (!read_number(token, pos, 1, 2, day) || pos >= token.size() || token[pos] != sep) {
            return false;
        }
        ++pos;
        const std::size_t year_start = pos;
        if (!read_number(token, pos, 2, 4, year) || pos != token.size()) return false;
        const std::size_t year_digits = pos - year_start;
        if (year_digits == 3) return false;
        record_.when.date_raw = std::string(token);
        if (token.size() != 8 || sep != '-') deviation("date not written as MM-DD-YY");
        if (year_digits == 2) year += year >= 80 ? 1900 : 2000;
        record_.when.year = year;
        record_.when.month = month;
        record_.when.day = day;
        date_ok_ = is_real_date(year, month, day);
        return true;
    }

    // HH:MM:SS canonical; also H:MM:SS and HH:MM.
    bool read_time(std::string_view token) {
        std::size_t pos = 0;
        int hour = 0, minute = 0, second = 0;
        if (!read_number(token, pos, 1, 2, hour) || pos >= token.size() || token[pos] != ':') {
            return false;
        }
        ++pos;
        if (!read_number(token, pos, 2, 2, minute)) return false;
        if (pos < token.size()) {
            if (token[pos] != ':') return false;
            ++pos;
            if (!read_number(token, pos, 2, 2, second) || pos != token.size()) return false;
        }
        record_.when.time_raw = std::string(token);
        if (token.size() != 8) deviation("time not written as HH:MM:SS");
        record_.when.hour = hour;
        record_.when.minute = minute;
        record_.when.second = second;
        record_.when.valid = date_ok_ && hour <= 23 && minute <= 59 && second <= 59;
        if (!record_.when.valid) {
            // Callers must not use half-parsed values (as for ccm::Date); the raw text stays.
            record_.when.year = record_.when.month = record_.when.day = 0;
            record_.when.hour = record_.when.minute = record_.when.second = 0;
        }
        return true;
    }

    // Names are upper case in the model; lower case is read and noted.
    std::string name(std::string_view token, Field field) {
        if (has_lower(token)) deviation(fmt::format("{} in lower case", to_string(field)));
        return upper_case(token);
    }

    bool read_program(std::string_view token) {
        if (!is_name(token, 8, "")) return false;  // a DOS program name: at most 8 characters
        record_.program = name(token, Field::program);
        return true;
    }

    bool read_file(std::string_view token) {
        if (!is_name(token, 12, "._")) return false;  // at most an 8.3 name
        record_.file = name(token, Field::file);
        record_.known_file = is_known_file(record_.file);
        return true;
    }

    bool read_structure(std::string_view token) {
        if (!is_name(token, 12, "_")) return false;
        record_.structure = name(token, Field::structure);
        record_.known_structure = is_known_structure(record_.structure);
        return true;
    }

    bool read_block(std::string_view token) {
        std::uint32_t value = 0;
        if (!read_hex(token, 8, value)) return false;
        if (token.size() != 8 || has_lower(token)) deviation("block not 8 upper-case hex digits");
        record_.block = value;
        return true;
    }

    bool read_offset(std::string_view token) {
        std::uint32_t value = 0;
        if (!read_hex(token, 4, value)) return false;
        if (token.size() != 4 || has_lower(token)) deviation("offset not 4 upper-case hex digits");
        record_.block_offset = static_cast<std::uint16_t>(value);
        return true;
    }

    bool read_code(std::string_view token) {
        if (token.size() != 3) return false;
        for (const char c : token) {
            if (!is_upper(c) && !is_lower(c)) return false;
        }
        record_.code = name(token, Field::code);
        record_.known_code = is_known_code(record_.code);
        return true;
    }

    // Everything after the one blank that follows the code, as written: the text is free
    // form, so further blanks belong to it. A line that ends at the code has no text.
    void read_text() {
        if (pos_ >= line_.size()) return;
        if (line_[pos_] == '\t') deviation("separator before the text is not one space");
        const std::string_view text = line_.substr(pos_ + 1);
        std::size_t outside = 0;
        for (const char c : text) {
            const auto u = static_cast<unsigned char>(c);
            if (u < 0x20 || u > 0x7E) ++outside;
        }
        if (outside > 0) {
            deviation(fmt::format("text holds {} bytes outside printable ASCII", outside));
        }
        if (text.size() > kMaxTextCharacters) {
            deviation(fmt::format("text of {} characters, more than {}", text.size(),
                                  kMaxTextCharacters));
        }
        record_.text = decode_to_utf8(text, code_page_).utf8;
    }

    std::string_view line_;
    CodePage code_page_;
    Record& record_;
    std::size_t pos_ = 0;
    bool date_ok_ = false;
};

}  // namespace

std::string_view to_string(Field field) {
    switch (field) {
        case Field::date:
            return "date";
        case Field::time:
            return "time";
        case Field::program:
            return "program";
        case Field::file:
            return "file";
        case Field::structure:
            return "structure";
        case Field::block:
            return "block";
        case Field::offset:
            return "offset";
        case Field::code:
            return "code";
        case Field::text:
            return "text";
    }
    return "unknown";
}

bool is_real_date(int year, int month, int day) {
    if (month < 1 || month > 12 || day < 1) return false;
    static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    const int last = month == 2 && leap ? 29 : kDays[month - 1];
    return day <= last;
}

void parse_line(std::string_view line, CodePage code_page, Record& record) {
    LineParser(line, code_page, record).run();
}

}  // namespace ccsalvage::nfterror
