#include "parsers/evlog/reader.hpp"

#include <fmt/format.h>
#include <unicode/ucnv.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <iterator>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/evidence.hpp"
#include "parsers/evlog/events.hpp"

namespace ccsalvage::evlog {
namespace {

std::string lower(std::string_view text) {
    std::string out(text);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\r')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\r')) s.remove_suffix(1);
    return s;
}

std::optional<long> number(std::string_view text) {
    text = trim(text);
    if (text.empty() || text.size() > 9) return std::nullopt;
    long value = 0;
    for (char c : text) {
        if (c < '0' || c > '9') return std::nullopt;
        value = value * 10 + (c - '0');
    }
    return value;
}

// UTF-16LE text (after its byte order mark) to UTF-8 through ICU, line by line, so that each
// UTF-8 line start maps back to the byte offset of its line in the file: events then quote
// offsets of the evidence, not of the conversion. Unmappable units become U+FFFD.
struct Utf16Text {
    std::string utf8;
    std::vector<std::pair<std::uint64_t, std::uint64_t>> lines;  // utf8 offset -> file offset

    std::uint64_t file_offset(std::uint64_t utf8_offset) const {
        auto it =
            std::upper_bound(lines.begin(), lines.end(), std::make_pair(utf8_offset, UINT64_MAX));
        return it == lines.begin() ? 0 : std::prev(it)->second;
    }
};

Utf16Text utf16_to_utf8(std::string_view bytes, std::uint64_t base) {
    Utf16Text out;
    std::size_t at = 0;
    while (at < bytes.size()) {
        std::size_t end = at;
        while (end + 1 < bytes.size() && !(bytes[end] == '\n' && bytes[end + 1] == '\0')) end += 2;
        end = std::min(end + 2, bytes.size());  // the line end with its unit, or the rest
        const std::string_view line = bytes.substr(at, end - at);
        out.lines.emplace_back(out.utf8.size(), base + at);
        UErrorCode status = U_ZERO_ERROR;
        const std::size_t capacity = line.size() * 2 + 8;
        std::string piece(capacity, '\0');
        const int32_t n =
            ucnv_convert("UTF-8", "UTF-16LE", piece.data(), static_cast<int32_t>(capacity),
                         line.data(), static_cast<int32_t>(line.size()), &status);
        if (U_SUCCESS(status) && n > 0) out.utf8.append(piece.data(), static_cast<std::size_t>(n));
        at = end;
    }
    return out;
}

// Which column holds what; classic exports have no header and this order (Date, Time, Source,
// Type, Category, Event, User, Computer, Description).
struct Columns {
    int date = 0, time = 1, source = 2, type = 3, category = 4, event = 5, user = 6, computer = 7,
        description = 8;
    std::size_t expected = 9;
};

// One physical line split into fields; CSV fields may span lines inside quotes, so the CSV
// splitter consumes as many lines as the quotes need.
struct Split {
    std::vector<std::string> fields;
    std::size_t consumed = 0;  // bytes, line end included
    std::uint64_t lines = 1;
    bool open_quote = false;
    bool too_long = false;
};

Split split_tab(std::string_view text, std::size_t max_bytes) {
    Split out;
    std::size_t end = text.find('\n');
    out.consumed = end == std::string_view::npos ? text.size() : end + 1;
    std::string_view line = text.substr(0, end == std::string_view::npos ? text.size() : end);
    if (line.size() > max_bytes) {
        line = line.substr(0, max_bytes);
        out.too_long = true;
    }
    std::size_t start = 0;
    while (true) {
        const std::size_t tab = line.find('\t', start);
        out.fields.emplace_back(trim(line.substr(
            start, tab == std::string_view::npos ? std::string_view::npos : tab - start)));
        if (tab == std::string_view::npos) break;
        start = tab + 1;
    }
    return out;
}

Split split_csv(std::string_view text, std::size_t max_bytes) {
    Split out;
    std::string field;
    bool quoted = false, was_quoted = false;
    std::size_t i = 0, record_bytes = 0;
    for (; i < text.size(); ++i) {
        const char c = text[i];
        if (++record_bytes > max_bytes && !out.too_long) out.too_long = true;
        if (quoted) {
            if (c == '"') {
                if (i + 1 < text.size() && text[i + 1] == '"') {
                    if (!out.too_long) field.push_back('"');
                    ++i;
                } else {
                    quoted = false;
                }
            } else {
                if (c == '\n') ++out.lines;
                if (!out.too_long && c != '\r') field.push_back(c);
            }
            continue;
        }
        if (c == '"' && field.empty() && !was_quoted) {
            quoted = was_quoted = true;
        } else if (c == ',') {
            out.fields.emplace_back(was_quoted ? field : std::string(trim(field)));
            field.clear();
            was_quoted = false;
        } else if (c == '\n') {
            ++i;
            break;
        } else if (!out.too_long) {
            field.push_back(c);
        }
    }
    out.fields.emplace_back(was_quoted ? field : std::string(trim(field)));
    out.consumed = i;
    out.open_quote = quoted;
    return out;
}

std::optional<Columns> header_columns(const std::vector<std::string>& fields) {
    Columns c{-1, -1, -1, -1, -1, -1, -1, -1, -1, fields.size()};
    for (std::size_t i = 0; i < fields.size(); ++i) {
        const std::string f = lower(fields[i]);
        const int at = static_cast<int>(i);
        if (f == "date" || f == "date and time") c.date = at;
        if (f == "time") c.time = at;
        if (f == "source") c.source = at;
        if (f == "type" || f == "level") c.type = at;
        if (f == "category" || f == "task category") c.category = at;
        if (f == "event" || f == "event id") c.event = at;
        if (f == "user") c.user = at;
        if (f == "computer") c.computer = at;
        if (f == "description") c.description = at;
    }
    if (c.source < 0 || c.event < 0) return std::nullopt;
    // Later exports put the description, unnamed, after the named columns [G].
    if (c.description < 0) {
        c.description = static_cast<int>(fields.size());
        for (std::size_t i = 0; i < fields.size(); ++i) {
            if (fields[i].empty()) {
                c.description = static_cast<int>(i);
                break;
            }
        }
    }
    c.expected = static_cast<std::size_t>(c.event) + 1;
    return c;
}

std::string field_at(const std::vector<std::string>& fields, int index) {
    if (index < 0 || static_cast<std::size_t>(index) >= fields.size()) return {};
    return fields[static_cast<std::size_t>(index)];
}

struct State {
    std::string_view file_name;
    EventLog& log;
    const RecordHandler& on_record;
    ReadSummary& summary;
    std::optional<Record> pending;

    void flush() {
        if (!pending) return;
        read_description(*pending);
        ++summary.records;
        if (pending->from_connector()) ++summary.connector_records;
        if (pending->from_migration()) ++summary.migration_records;
        if (on_record) on_record(*pending);
        pending.reset();
    }
};

}  // namespace

bool Record::from_connector() const { return lower(source) == "msexchangeccmc"; }
bool Record::from_migration() const { return lower(source) == "msexchangemig"; }

void read_description(Record& record) {
    const std::string folded = lower(record.description);
    // File names ending in .ccm, .exp or .imp; the characters a DOS path may hold before them.
    for (const std::string_view ext : {".ccm", ".exp", ".imp"}) {
        std::size_t at = 0;
        while ((at = folded.find(ext, at)) != std::string::npos) {
            const std::size_t end = at + ext.size();
            const bool word_end = end == folded.size() ||
                                  !(std::isalnum(static_cast<unsigned char>(folded[end])) != 0);
            std::size_t start = at;
            while (start > 0) {
                const char c = folded[start - 1];
                if (std::isalnum(static_cast<unsigned char>(c)) == 0 && c != '\\' && c != '_' &&
                    c != '~' && c != '$' && c != '-' && c != '*' && c != ':') {
                    break;
                }
                --start;
            }
            if (word_end && start < at && folded[start] != '*' && record.files.size() < 16) {
                record.files.push_back(record.description.substr(start, end - start));
            }
            at = end;
        }
    }
    const std::size_t code = folded.find("result code ");
    if (code != std::string::npos) {
        std::size_t i = code + 12, digits = 0;
        int value = 0;
        while (i < folded.size() && digits < 4 && folded[i] >= '0' && folded[i] <= '9') {
            value = value * 10 + (folded[i] - '0');
            ++i;
            ++digits;
        }
        if (digits > 0) record.result_code = value;
    }
}

ReadSummary read_event_log(std::string_view bytes, std::string_view file_name,
                           const ReaderOptions& options, EventLog& log,
                           const RecordHandler& on_record) {
    events::register_evlog_catalogue();
    ReadSummary summary;
    std::optional<Utf16Text> converted;
    // Bytes of a UTF-8 byte order mark skipped at the start of the text read: of the file, or
    // of the conversion when a UTF-16 file holds a second mark (FF FE FF FE); offsets are
    // counted from before it either way.
    std::uint64_t skipped = 0;
    if (bytes.size() >= 2 && static_cast<unsigned char>(bytes[0]) == 0xFF &&
        static_cast<unsigned char>(bytes[1]) == 0xFE) {
        converted = utf16_to_utf8(bytes.substr(2), 2);
        bytes = converted->utf8;
        summary.utf16 = true;
        log.add(events::utf16_text, file_name, 0,
                fmt::format("{} bytes of UTF-8 after conversion", converted->utf8.size()));
    }
    if (bytes.size() >= 3 && bytes.substr(0, 3) == "\xEF\xBB\xBF") {
        bytes.remove_prefix(3);
        skipped = 3;
    }
    // The layout from the first lines: tabs make it a text export, else CSV. More than one
    // line, so that a stray first line (a title, a damaged line) does not decide it.
    std::string_view head = bytes.substr(0, 4096);
    for (int lines = 0, at = 0; lines < 8; ++lines) {
        const std::size_t end = head.find('\n', static_cast<std::size_t>(at));
        if (end == std::string_view::npos) break;
        at = static_cast<int>(end + 1);
        if (lines == 7) head = head.substr(0, end);
    }
    const bool tabs = head.find('\t') != std::string_view::npos;
    summary.layout = tabs ? Layout::tab : Layout::csv;
    const auto split = [&](std::string_view rest) {
        return tabs ? split_tab(rest, options.max_record_bytes)
                    : split_csv(rest, options.max_record_bytes);
    };

    Columns columns;
    State state{file_name, log, on_record, summary, std::nullopt};
    std::size_t at = 0;
    std::uint64_t line = 1;
    bool first = true;
    while (at < bytes.size()) {
        const Split s = split(bytes.substr(at));
        const std::uint64_t offset =
            converted ? converted->file_offset(skipped + at) : skipped + at;
        const std::uint64_t line_here = line;
        at += std::max<std::size_t>(s.consumed, 1);
        line += s.lines;
        if (s.fields.size() == 1 && s.fields[0].empty()) continue;  // a blank line
        if (first) {
            first = false;
            if (auto named = header_columns(s.fields);
                named && !number(field_at(s.fields, named->event))) {
                columns = *named;
                summary.layout = tabs ? Layout::tab_header : Layout::csv_header;
                continue;
            }
        }
        if (s.open_quote) {
            log.add(events::open_quote, file_name, offset,
                    "the rest of the file was read as one field");
        }
        if (s.too_long) {
            log.add(events::record_too_long, file_name, offset,
                    fmt::format("bound {} bytes", options.max_record_bytes));
        }
        const std::string event_text = field_at(s.fields, columns.event);
        const auto event = number(event_text);
        const bool enough = s.fields.size() >= columns.expected;
        const bool record_like =
            (event && s.fields.size() > static_cast<std::size_t>(columns.event)) ||
            (enough && !field_at(s.fields, columns.source).empty());
        if (!record_like) {
            if (state.pending) {
                // A description that went on over several lines (tab exports do not quote).
                std::string text;
                for (std::size_t i = 0; i < s.fields.size(); ++i) {
                    text += (i == 0 ? "" : "\t") + s.fields[i];
                }
                std::string& description = state.pending->description;
                if (description.size() + text.size() + 1 > options.max_record_bytes) {
                    if (description.size() < options.max_record_bytes) {
                        log.add(events::record_too_long, file_name, offset,
                                fmt::format("description over {} bytes; rest skipped",
                                            options.max_record_bytes));
                        description.resize(options.max_record_bytes);
                    }
                    continue;
                }
                description += "\n" + text;
                continue;
            }
            ++summary.skipped_lines;
            log.add(events::not_a_record, file_name, offset,
                    fmt::format("line {} has {} field(s) and no event ID where the layout puts it",
                                line_here, s.fields.size()));
            continue;
        }
        state.flush();
        Record r;
        r.line = line_here;
        r.offset = offset;
        r.date = field_at(s.fields, columns.date);
        r.time = field_at(s.fields, columns.time);
        r.source = field_at(s.fields, columns.source);
        r.type = field_at(s.fields, columns.type);
        r.category = field_at(s.fields, columns.category);
        r.event_id = event;
        r.user = field_at(s.fields, columns.user);
        r.computer = field_at(s.fields, columns.computer);
        // The description is the last column; commas or tabs inside an unquoted one split it.
        std::string description;
        for (std::size_t i = static_cast<std::size_t>(columns.description); i < s.fields.size();
             ++i) {
            description += (description.empty() ? "" : (tabs ? "\t" : ",")) + s.fields[i];
        }
        r.description = description;
        if (!event) {
            log.add(events::bad_event_id, file_name, offset,
                    fmt::format("event column holds \"{}\"", event_text.substr(0, 40)));
        }
        if (!enough) {
            log.add(
                events::missing_fields, file_name, offset,
                fmt::format("{} field(s), the layout has {}", s.fields.size(), columns.expected));
        }
        state.pending = std::move(r);
    }
    state.flush();
    if (summary.records == 0 && !bytes.empty()) {
        log.add(events::no_records, file_name, 0, "not an Event Viewer text or CSV export?");
    }
    return summary;
}

ReadSummary read_event_log(const EvidenceFile& file, const ReaderOptions& options, EventLog& log,
                           const RecordHandler& on_record) {
    return read_event_log(file.bytes(), file.display_name(), options, log, on_record);
}

}  // namespace ccsalvage::evlog
