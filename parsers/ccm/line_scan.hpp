#pragma once
// Line-level recognition for the Import/Export format: where lines end, and what a line is
// (a Message: line, a Contents: line, an item keyword, a header, a size). Kept apart from the
// reader's state machine so each rule is small and tested on its own.
#include <cstdint>
#include <optional>
#include <string_view>

namespace ccsalvage::ccm {

struct Line {
    std::size_t start = 0;        // first byte
    std::size_t content_end = 0;  // one past the last byte before the line end
    std::size_t next = 0;         // start of the following line (or the end of the input)
    std::string_view content;
    std::size_t eol_length() const { return next - content_end; }
};

// The line that starts at `pos`. A line ends at LF (a CR before it belongs to the line end);
// the last line of a file may have no line end.
Line line_at(std::string_view bytes, std::size_t pos);

enum class LineKind { message, contents, item, header, size, blank, other };

struct ItemKeyword {
    std::string_view keyword;  // "Text item"
    std::string_view title;    // rest of the line after "item:" and one blank
};

struct HeaderLine {
    std::string_view keyword;  // "From"
    std::string_view value;    // after ':' and one blank
};

// ASCII case-insensitive comparison, for keywords ("Message:", "From", "Text item").
bool equals_ignore_case(std::string_view a, std::string_view b);

bool is_message_line(std::string_view content);
bool is_contents_line(std::string_view content);
std::optional<ItemKeyword> parse_item_keyword(std::string_view content);
std::optional<HeaderLine> parse_header_line(std::string_view content);

// A /ITEMSIZE line: digits with optional surrounding blanks. nullopt when not a size line.
struct SizeLine {
    bool blank = false;     // only blanks: the size was left empty (Q287056)
    bool overflow = false;  // too many digits to be a real size
    std::uint64_t value = 0;
};
std::optional<SizeLine> parse_size_line(std::string_view content);

// Whether a keyword line (Message:, Contents: or an item keyword) starts at `pos`.
bool keyword_line_at(std::string_view bytes, std::size_t pos);

// The first position >= from where a line starts with a keyword line: Message: or an item
// keyword. `strong` additionally requires what follows to confirm it (a size or header line
// after Message:, a size line after an item keyword), which resists keywords that happen to
// appear inside binary data. Returns bytes.size() when there is none.
std::size_t find_next_keyword_line(std::string_view bytes, std::size_t from, bool strong);

}  // namespace ccsalvage::ccm
