// Writes a .und entry: ccsalvage's .ccm writer writes the message, and the rejection lines go
// in front of its headers (docs/formats/und.md section 2). Inserting into the written bytes,
// rather than adding header fields, keeps the message's own header lines exactly as the .ccm
// writer makes them; only the Message: size changes, by the bytes inserted.
#include <charconv>
#include <cstdint>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>

#include "core/codepage.hpp"
#include "parsers/und/rejection.hpp"
#include "parsers/und/und.hpp"

namespace ccsalvage::und {

namespace {

constexpr std::string_view kCrLf = "\r\n";
constexpr std::string_view kMessageLine = "Message:\r\n";

// A value on one line: a line end inside it would end the header line early and turn the rest
// into a header continuation (CCM-011) on reading.
std::string one_line(std::string_view value) {
    std::string out(value);
    for (auto& c : out) {
        if (c == '\r' || c == '\n') c = ' ';
    }
    return out;
}

std::string rejection_lines(const UndEntry& entry, CodePage code_page) {
    std::pair<std::string_view, std::string> fields[] = {
        {kReasonKeyword, one_line(entry.reason)},
        {kSourceKeyword, one_line(entry.source_file)},
        {kRejectedKeyword, one_line(entry.rejected_at)},
        {kResultKeyword, entry.result_code ? std::to_string(*entry.result_code) : std::string()},
    };
    std::string lines;
    for (const auto& [keyword, value] : fields) {
        if (value.empty()) continue;
        lines += encode_from_utf8(std::string(keyword) + ": " + value, code_page).bytes;
        lines += kCrLf;
    }
    return lines;
}

// `message` as write_ccm_message wrote it: "Message:" CR LF, with sizes a decimal size line,
// then the headers. The lines go before the headers; the size grows by their length.
std::string insert_before_headers(const std::string& message, const std::string& lines,
                                  bool sized) {
    if (lines.empty() || message.compare(0, kMessageLine.size(), kMessageLine) != 0) {
        return message;
    }
    std::size_t headers_start = kMessageLine.size();
    std::string size_line;
    if (sized) {
        const auto size_end = message.find(kCrLf, headers_start);
        std::uint64_t size = 0;
        const char* first = message.data() + headers_start;
        const char* last =
            message.data() + (size_end == std::string::npos ? headers_start : size_end);
        const auto parsed = std::from_chars(first, last, size);
        if (size_end == std::string::npos || parsed.ec != std::errc() || parsed.ptr != last) {
            return message;  // not the writer's layout: leave the message as written
        }
        size_line = std::to_string(size + lines.size());
        size_line += kCrLf;
        headers_start = size_end + kCrLf.size();
    }
    std::string out(kMessageLine);
    out += size_line;
    out += lines;
    out.append(message, headers_start, std::string::npos);
    return out;
}

}  // namespace

std::string write_und_entry(const UndEntry& entry, const ccm::WriterOptions& options) {
    ccm::Message message = entry.message;
    take_rejection_headers(message);  // the entry's fields replace them
    const ccm::WriteResult written = ccm::write_ccm_message(message, options);
    return insert_before_headers(written.bytes, rejection_lines(entry, options.code_page),
                                 options.item_sizes);
}

}  // namespace ccsalvage::und
