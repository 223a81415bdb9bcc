#pragma once
// Escaping text from evidence for the report forms: evidence is hostile (console text, binary
// bytes, anything an attacker can put in a message header), so every string goes through one of
// these before it reaches HTML, SVG or Markdown.
#include <cstddef>
#include <string>
#include <string_view>

namespace ccsalvage::report {

// &, <, >, " and ' as entities; control characters other than tab, CR and LF as U+FFFD
// (invalid in HTML); invalid UTF-8 replaced by U+FFFD.
std::string html_escape(std::string_view text);

// One line of Markdown, at most `max_chars` bytes of text: line ends become blanks, Markdown
// and HTML metacharacters are backslash-escaped or made entities, so a ticket system shows the
// text and never interprets it.
std::string markdown_escape(std::string_view text, std::size_t max_chars = 160);

// Invalid UTF-8 sequences replaced by U+FFFD (so JSON, HTML and Markdown stay valid).
std::string valid_utf8(std::string_view text);

}  // namespace ccsalvage::report
