// Splits NFTERROR.LOG into lines and turns each into a Record (docs/formats/nfterror.md).
// The grammar of a line is line_parser.cpp's job; this file owns lines, offsets, bounds and
// events.
#include "parsers/nfterror/reader.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <string>
#include <tuple>
#include <utility>

#include "core/evidence.hpp"
#include "parsers/nfterror/events.hpp"
#include "parsers/nfterror/line_parser.hpp"
#include "parsers/nfterror/vocabulary.hpp"

namespace ccsalvage::nfterror {

namespace {

constexpr char kCtrlZ = '\x1a';
constexpr std::size_t kShownBytes = 60;  // of a line quoted in an event

bool is_blank_line(std::string_view line) {
    return line.find_first_not_of(" \t") == std::string_view::npos;
}

// The start of a line for an event detail: printable ASCII as is, other bytes as \xNN.
std::string quote(std::string_view raw) {
    std::string out;
    for (const char c : raw.substr(0, kShownBytes)) {
        const auto u = static_cast<unsigned char>(c);
        if (u >= 0x20 && u <= 0x7E && c != '\\') {
            out += c;
        } else {
            out += fmt::format("\\x{:02X}", u);
        }
    }
    if (raw.size() > kShownBytes) out += "...";
    return out;
}

auto sort_key(const DateTime& t) {
    return std::tie(t.year, t.month, t.day, t.hour, t.minute, t.second);
}

class Reader {
  public:
    Reader(std::string_view bytes, std::string_view file, const ReaderOptions& options,
           EventLog& log, const RecordHandler& on_record)
        : bytes_(bytes), file_(file), options_(options), log_(log), on_record_(on_record) {
        events::register_nfterror_catalogue();
    }

    ReadSummary run(const EvidenceFile* evidence) {
        summary_.bytes = bytes_.size();
        if (bytes_.empty()) {
            report(events::empty_file, 0, "no bytes; the log has no lines");
            return summary_;
        }
        std::size_t pos = 0;
        std::uint64_t released = 0;
        std::uint64_t progressed = 0;
        while (pos < bytes_.size()) {
            if (bytes_[pos] == kCtrlZ) {
                pos = skip_ctrl_z(pos);
                continue;
            }
            pos = read_line(pos);
            if (options_.on_progress && pos - progressed >= (1u << 20)) {
                options_.on_progress(pos);
                progressed = pos;
            }
            if (evidence != nullptr && pos - released > (64u << 20)) {
                evidence->release_before(pos);
                released = pos;
            }
        }
        report_file_wide();
        if (options_.on_progress) options_.on_progress(bytes_.size());
        return summary_;
    }

  private:
    void report(const EventCode& code, std::uint64_t offset, std::string detail) {
        log_.add(code, file_, offset, std::move(detail));
    }

    // DOS tools may end a text file with CTRL-Z, and a program that appends to the log in text
    // mode writes behind it; so the marker ends the log only when nothing but blanks follows.
    std::size_t skip_ctrl_z(std::size_t pos) {
        std::size_t end = pos;
        while (end < bytes_.size() && bytes_[end] == kCtrlZ) ++end;
        const auto rest = bytes_.substr(end);
        if (rest.find_first_not_of(std::string_view(" \t\r\n\x1a", 5)) == std::string_view::npos) {
            report(events::ctrl_z, pos, "end-of-file marker; the log ends here");
            return bytes_.size();
        }
        report(events::ctrl_z, pos,
               fmt::format("end-of-file marker with {} bytes behind it; read on", rest.size()));
        return end;
    }

    std::size_t read_line(std::size_t pos) {
        const auto newline = bytes_.find('\n', pos);
        std::size_t content_end = newline == std::string_view::npos ? bytes_.size() : newline;
        const std::size_t next = newline == std::string_view::npos ? bytes_.size() : newline + 1;
        LineEnd line_end = LineEnd::none;
        if (newline != std::string_view::npos) {
            line_end = LineEnd::lf;
            if (content_end > pos && bytes_[content_end - 1] == '\r') {
                --content_end;
                line_end = LineEnd::crlf;
            }
        }
        ++summary_.lines;
        const auto content = bytes_.substr(pos, content_end - pos);
        if (is_blank_line(content)) {
            if (summary_.blank_lines++ == 0) {
                first_blank_offset_ = pos;
                first_blank_line_ = summary_.lines;
            }
            return next;
        }
        if (line_end == LineEnd::lf && summary_.lf_lines++ == 0) first_lf_offset_ = pos;

        Record record;
        record.line_number = summary_.lines;
        record.offset = pos;
        record.length = content.size();
        record.line_end = line_end;
        record.raw = content;
        if (content.size() > options_.max_line_bytes) {
            record.raw = content.substr(0, options_.max_line_bytes);
            record.raw_bounded = true;
            report(events::long_line, pos,
                   fmt::format("line {} has {} bytes; the first {} are kept", record.line_number,
                               content.size(), options_.max_line_bytes));
        }
        if (line_end == LineEnd::none) {
            report(events::no_final_line_end, pos,
                   fmt::format("line {} ends without CR LF: the file was cut short or the last "
                               "write was interrupted",
                               record.line_number));
        }
        parse_line(record.raw, options_.code_page, record);
        check(record);
        ++summary_.records;
        on_record_(record);
        return next;
    }

    void check(const Record& record) {
        const auto offset = record.offset;
        if (!record.parsed) {
            ++summary_.unparsed;
            const auto field = record.failed_field.value_or(Field::date);
            report(events::unparsed_line, offset,
                   fmt::format("line {}: the {} at column {} does not fit; kept verbatim: \"{}\"",
                               record.line_number, to_string(field), record.failed_column + 1,
                               quote(record.raw)));
        } else {
            ++summary_.parsed;
            ++summary_.codes[record.code];
        }
        if (!record.when.time_raw.empty() && !record.when.valid) {
            report(events::bad_date, offset,
                   fmt::format("line {}: \"{} {}\" is not a possible date and time",
                               record.line_number, record.when.date_raw, record.when.time_raw));
        }
        if (record.when.valid) check_order(record);
        if (!record.parsed) return;

        std::string unknown;
        const auto add_unknown = [&unknown](bool known, std::string_view what,
                                            std::string_view value) {
            if (known) return;
            if (!unknown.empty()) unknown += ", ";
            unknown += fmt::format("{} \"{}\"", what, value);
        };
        add_unknown(record.known_file, "file", record.file);
        add_unknown(record.known_structure, "structure", record.structure);
        add_unknown(record.known_code, "code", record.code);
        if (!unknown.empty()) {
            report(events::unknown_value, offset,
                   fmt::format("line {}: {} kept as written", record.line_number, unknown));
        }
        if (record.known_file && record.known_structure &&
            !structure_expected_in(record.structure, record.file)) {
            report(events::unexpected_structure, offset,
                   fmt::format("line {}: {} is not a structure of {} in the model",
                               record.line_number, record.structure, record.file));
        }
        if (!record.deviations.empty()) {
            std::string joined;
            for (const auto& d : record.deviations) {
                if (!joined.empty()) joined += "; ";
                joined += d;
            }
            report(events::tolerated_spelling, offset,
                   fmt::format("line {}: {}", record.line_number, joined));
        }
    }

    // A log is appended to, so its dates should not go backwards; when they do, the clock was
    // set back, or lines from two logs were joined.
    void check_order(const Record& record) {
        const DateTime& when = record.when;
        if (previous_ && sort_key(when) < sort_key(previous_->first)) {
            report(events::out_of_order, record.offset,
                   fmt::format("line {} ({} {}) is dated before line {} ({} {})",
                               record.line_number, when.date_raw, when.time_raw, previous_->second,
                               previous_->first.date_raw, previous_->first.time_raw));
        }
        previous_ = std::make_pair(when, record.line_number);
        if (!summary_.earliest || sort_key(when) < sort_key(*summary_.earliest)) {
            summary_.earliest = when;
        }
        if (!summary_.latest || sort_key(*summary_.latest) < sort_key(when)) {
            summary_.latest = when;
        }
    }

    // Reported once per file, at the first occurrence, with the count: one per line would
    // bury the findings that matter.
    void report_file_wide() {
        if (summary_.blank_lines > 0) {
            report(events::blank_lines, first_blank_offset_,
                   fmt::format("{} blank lines skipped, the first is line {}", summary_.blank_lines,
                               first_blank_line_));
        }
        if (summary_.lf_lines > 0) {
            report(events::lf_line_ends, first_lf_offset_,
                   fmt::format("{} of {} lines end in LF alone; the file passed through a tool "
                               "that changed its line ends, or was not written by a DOS program",
                               summary_.lf_lines, summary_.records));
        }
    }

    std::string_view bytes_;
    std::string file_;
    const ReaderOptions& options_;
    EventLog& log_;
    const RecordHandler& on_record_;
    ReadSummary summary_;
    std::optional<std::pair<DateTime, std::uint64_t>> previous_;  // last valid date, its line
    std::uint64_t first_blank_offset_ = 0;
    std::uint64_t first_blank_line_ = 0;
    std::uint64_t first_lf_offset_ = 0;
};

}  // namespace

ReadSummary read_nfterror(std::string_view bytes, std::string_view file_name, EventLog& log,
                          const RecordHandler& on_record) {
    return read_nfterror(bytes, file_name, ReaderOptions{}, log, on_record);
}

ReadSummary read_nfterror(std::string_view bytes, std::string_view file_name,
                          const ReaderOptions& options, EventLog& log,
                          const RecordHandler& on_record) {
    return Reader(bytes, file_name, options, log, on_record).run(nullptr);
}

ReadSummary read_nfterror(const EvidenceFile& file, EventLog& log, const RecordHandler& on_record) {
    return read_nfterror(file, ReaderOptions{}, log, on_record);
}

ReadSummary read_nfterror(const EvidenceFile& file, const ReaderOptions& options, EventLog& log,
                          const RecordHandler& on_record) {
    file.advise_sequential();
    return Reader(file.bytes(), file.display_name(), options, log, on_record).run(&file);
}

}  // namespace ccsalvage::nfterror
