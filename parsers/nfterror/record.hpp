#pragma once
// One line of NFTERROR.LOG as ccsalvage models it (docs/formats/nfterror.md). The line format is
// ccsalvage's model [M]: the real log's layout was never published. Every line that is not blank
// becomes a Record, whether it fits the model or not, so nothing in the log is lost.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ccsalvage::nfterror {

// The fields of a line, in the order they are written.
enum class Field { date, time, program, file, structure, block, offset, code, text };
std::string_view to_string(Field field);

// How the line ended. `none` only for the last line of a file that does not end in a line end.
enum class LineEnd { crlf, lf, none };

struct DateTime {
    std::string date_raw;  // "06-02-98" as written (empty when the field was not read)
    std::string time_raw;  // "08:41:07" as written
    bool valid = false;    // false: not read, or impossible (13-40-98, 25:00:00)
    int year = 0;          // four digits (80-99 -> 19xx, 00-79 -> 20xx)
    int month = 0;
    int day = 0;
    int hour = 0;
    int minute = 0;
    int second = 0;
};

struct Record {
    std::uint64_t line_number = 0;  // 1-based; blank lines are counted too
    std::uint64_t offset = 0;       // byte offset of the line's first byte in the file
    std::uint64_t length = 0;       // bytes in the line without its line end (even if bounded)
    LineEnd line_end = LineEnd::crlf;
    std::string_view raw;      // the line as written, without its line end; a view into the input
    bool raw_bounded = false;  // the line was longer than the bound: raw holds its first bytes

    // True when every field fits the grammar, tolerated spellings included. False: a line
    // outside the model (garbage, console text, a line cut in half); the fields before
    // `failed_field` are still filled in.
    bool parsed = false;
    std::optional<Field> failed_field;
    std::size_t failed_column = 0;        // 0-based column of the field that did not fit
    std::vector<std::string> deviations;  // tolerated departures from the canonical spelling

    DateTime when;
    std::string program;    // "IMPORT"; upper case
    std::string file;       // "CLANDATA", "MLANDATA", "USR00012"; upper case
    std::string structure;  // "MSGHDR"; upper case
    std::optional<std::uint32_t> block;
    std::optional<std::uint16_t> block_offset;  // byte offset within the block
    std::string code;                           // "TXT"; upper case
    std::string text;  // the rest of the line, decoded from the code page to UTF-8

    // Whether the value is one the model names (docs/formats/post-office.md section 15).
    bool known_file = false;
    bool known_structure = false;
    bool known_code = false;
};

}  // namespace ccsalvage::nfterror
