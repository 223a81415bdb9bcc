#include "parsers/ccm/reader.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "core/evidence.hpp"
#include "core/sha256.hpp"
#include "parsers/ccm/address.hpp"
#include "parsers/ccm/events.hpp"
#include "parsers/ccm/file_stamp.hpp"
#include "parsers/ccm/line_scan.hpp"

namespace ccsalvage::ccm {

namespace {

constexpr char kCtrlZ = '\x1a';

// Length of the line end (CR LF or LF) starting at pos, 0 if none.
std::size_t line_end_at(std::string_view bytes, std::size_t pos) {
    if (pos < bytes.size() && bytes[pos] == '\n') return 1;
    if (pos + 1 < bytes.size() && bytes[pos] == '\r' && bytes[pos + 1] == '\n') return 2;
    return 0;
}

// Length of the line end that finishes just before `end`, 0 if none.
std::size_t line_end_before(std::string_view bytes, std::size_t begin, std::size_t end) {
    if (end > begin && bytes[end - 1] == '\n') {
        return (end - 1 > begin && bytes[end - 2] == '\r') ? 2 : 1;
    }
    return 0;
}

class Reader {
  public:
    Reader(std::string_view bytes, std::string_view file, const ReaderOptions& options,
           EventLog& log, const MessageHandler& on_message)
        : bytes_(bytes), file_(file), options_(options), log_(log), on_message_(on_message) {
        events::register_ccm_catalogue();
    }

    ReadSummary run(const EvidenceFile* evidence) {
        summary_.bytes = bytes_.size();
        std::size_t pos = skip_to_first_message();
        std::uint64_t released = 0;
        while (pos < bytes_.size()) {
            if (bytes_[pos] == kCtrlZ) {
                pos = handle_ctrl_z(pos);
                continue;
            }
            const Line line = line_at(bytes_, pos);
            if (!is_message_line(line.content)) {
                // Only reachable after a CTRL-Z with data behind it: skip to the next message.
                // Item keywords there belong to no message. The loop must always move on.
                auto next = find_next_message_line(pos);
                if (next <= pos) next = line.next > pos ? line.next : pos + 1;
                report(events::leading_garbage, pos,
                       fmt::format("{} bytes that belong to no message", next - pos));
                pos = next;
                continue;
            }
            pos = read_message(line);
            if (options_.on_progress) options_.on_progress(pos);
            if (evidence != nullptr && pos - released > (64u << 20)) {
                evidence->release_before(pos);
                released = pos;
            }
        }
        return summary_;
    }

  private:
    void report(const EventCode& code, std::size_t offset, std::string detail) {
        log_.add(code, file_, offset, std::move(detail));
    }

    std::size_t skip_to_first_message() {
        if (bytes_.empty()) return 0;
        if (keyword_is_message(0)) return 0;
        const auto first = find_next_message_line(0);
        // Blanks and CTRL-Z alone before the first message (or in a file without one) are
        // harmless padding; anything else is reported with its extent.
        const auto head = bytes_.substr(0, first);
        const bool padding =
            head.find_first_not_of(std::string_view(" \t\r\n\x1a", 5)) == std::string_view::npos;
        if (first == bytes_.size()) {
            if (!padding) report(events::no_messages, 0, "no Message: line found");
            return bytes_.size();
        }
        if (!padding) {
            report(events::leading_garbage, 0,
                   fmt::format("{} bytes before the first Message: line", first));
        }
        return first;
    }

    bool keyword_is_message(std::size_t pos) const {
        return pos < bytes_.size() && is_message_line(line_at(bytes_, pos).content);
    }

    std::size_t find_next_message_line(std::size_t from) const {
        std::size_t pos = from;
        while (pos < bytes_.size()) {
            pos = find_next_keyword_line(bytes_, pos, false);
            if (pos >= bytes_.size() || keyword_is_message(pos)) return pos;
            pos = line_at(bytes_, pos).next;
        }
        return bytes_.size();
    }

    std::size_t handle_ctrl_z(std::size_t pos) {
        std::size_t end = pos;
        while (end < bytes_.size() && bytes_[end] == kCtrlZ) ++end;
        const auto rest = bytes_.substr(end);
        if (rest.find_first_not_of(std::string_view(" \t\r\n\x1a", 5)) == std::string_view::npos) {
            report(events::ctrl_z, pos, "end-of-file marker");
            return bytes_.size();
        }
        report(events::after_ctrl_z, pos,
               fmt::format("{} bytes follow the end-of-file marker; read on", rest.size()));
        return end;
    }

    std::string decode(std::string_view raw, std::size_t offset) {
        auto decoded = decode_to_utf8(raw, options_.code_page);
        for (const auto bad : decoded.undecodable_offsets) {
            report(
                events::undecodable, offset + bad,
                fmt::format("byte 0x{:02X} not mapped in {}", static_cast<unsigned char>(raw[bad]),
                            code_page_name(options_.code_page)));
        }
        return std::move(decoded.utf8);
    }

    // --- one message -------------------------------------------------------------------

    std::size_t read_message(const Line& message_line) {
        Message message;
        message.index = summary_.messages;
        message.offset = message_line.start;
        std::size_t pos = message_line.next;

        const Line size_line = line_at(bytes_, pos);
        std::size_t body_start = pos;
        if (pos < bytes_.size()) {
            if (const auto size = parse_size_line(size_line.content)) {
                message.sized = true;
                body_start = size_line.next;
                pos = size_line.next;
                if (size->blank) {
                    report(events::size_missing, size_line.start,
                           "Message: size is blank (Export wrote spaces, Q287056)");
                } else if (size->overflow) {
                    report(events::size_out_of_range, size_line.start, "Message: size too long");
                } else {
                    message.declared_size = size->value;
                }
            }
        }

        pos = read_headers(message, pos);
        std::size_t contents_start = pos;
        if (pos < bytes_.size() && is_contents_line(line_at(bytes_, pos).content)) {
            message.has_contents = true;
            const Line contents_line = line_at(bytes_, pos);
            pos = contents_line.next;
            contents_start = pos;
            const Line next = line_at(bytes_, pos);
            if (pos < bytes_.size()) {
                if (const auto size = parse_size_line(next.content)) {
                    if (size->blank) {
                        report(events::size_missing, next.start, "Contents: size is blank");
                    } else if (size->overflow) {
                        report(events::size_out_of_range, next.start, "Contents: size too long");
                    } else {
                        message.contents_declared_size = size->value;
                    }
                    pos = next.next;
                    contents_start = pos;
                    message.sized = true;
                }
            }
        } else if (pos < bytes_.size() || !message.headers.empty()) {
            report(events::no_contents, message.offset,
                   "no Contents: line; the message's items (if any) are read on (Q234745)");
        }

        if (pos >= bytes_.size() && !message.has_contents) {
            message.partial = true;
            report(events::truncated, message.offset, "file ends before Contents:");
        }
        pos = read_items(message, pos);
        message.end_offset = pos;

        if (pos >= bytes_.size() && !message.partial) {
            check_cut_at_end(message, body_start, contents_start, pos);
        }
        if (!message.partial) {
            check_outer_size(message.declared_size, body_start, pos, message.offset, "Message:");
            if (message.has_contents) {
                check_outer_size(message.contents_declared_size, contents_start, pos,
                                 message.offset, "Contents:");
            }
        }
        if (message.partial) ++summary_.partial_messages;
        if (message.sized) ++summary_.sized_messages;
        ++summary_.messages;
        summary_.items += message.items.size();
        on_message_(message);
        return pos;
    }

    // The last message of a file may have lost its tail with nothing inside it to show: a cut
    // between two items, or inside the header. What shows it is a Message: or Contents: size
    // announcing more bytes than the file still holds, or a header cut in mid-line.
    void check_cut_at_end(Message& message, std::size_t body_start, std::size_t contents_start,
                          std::size_t end) {
        const auto ends_with_line_end = line_end_before(bytes_, 0, end) > 0;
        std::string why;
        auto short_by = [&](const std::optional<std::uint64_t>& declared, std::size_t from) {
            // Two bytes of slack: the size may or may not count the final line end.
            return declared && *declared > end - from + 2;
        };
        if (short_by(message.declared_size, body_start)) {
            why = fmt::format("Message: size {} but only {} bytes follow", *message.declared_size,
                              end - body_start);
        } else if (message.has_contents &&
                   short_by(message.contents_declared_size, contents_start)) {
            why = fmt::format("Contents: size {} but only {} bytes follow",
                              *message.contents_declared_size, end - contents_start);
        } else if (message.items.empty() && !ends_with_line_end) {
            why = "the file ends in the middle of a header line";
        }
        if (why.empty()) return;
        message.partial = true;
        report(events::truncated, message.offset, "file ends inside the message: " + why);
    }

    // The published sizes do not add up (domain brief, section 3): accept the counts a writer
    // could plausibly have meant, and note the rest without acting on them.
    void check_outer_size(const std::optional<std::uint64_t>& declared, std::size_t from,
                          std::size_t to, std::size_t message_offset, std::string_view what) {
        if (!declared) return;
        const std::uint64_t actual = to - from;
        const std::uint64_t trailing = line_end_before(bytes_, from, to);
        if (*declared == actual || *declared + trailing == actual) return;
        report(events::outer_size_mismatch, message_offset,
               fmt::format("{} size {} but {} bytes follow", what, *declared, actual));
    }

    std::size_t read_headers(Message& message, std::size_t pos) {
        std::uint32_t lines = 0;
        bool saw_from = false, saw_date = false, saw_subject = false;
        while (pos < bytes_.size()) {
            const Line line = line_at(bytes_, pos);
            if (is_contents_line(line.content) || is_message_line(line.content) ||
                parse_item_keyword(line.content) || bytes_[pos] == kCtrlZ) {
                break;
            }
            pos = line.next;
            if (line.content.empty()) continue;
            if (++lines > options_.max_header_lines) {
                if (lines == options_.max_header_lines + 1) {
                    report(events::cap_reached, line.start,
                           fmt::format("more than {} header lines; the rest are not kept",
                                       options_.max_header_lines));
                }
                continue;
            }
            const auto header = parse_header_line(line.content);
            if (!header) {
                report(events::header_continuation, line.start,
                       "line without a keyword inside the header");
                auto text = line.content;
                std::size_t lead = 0;
                while (lead < text.size() && (text[lead] == ' ' || text[lead] == '\t')) ++lead;
                text.remove_prefix(lead);
                if (!message.headers.empty()) {
                    auto& last = message.headers.back();
                    last.value += " " + decode(text, line.start + lead);
                } else {
                    message.headers.push_back(
                        HeaderField{"", decode(line.content, line.start), line.start, false});
                }
                continue;
            }
            const auto value_offset =
                static_cast<std::size_t>(header->value.data() - bytes_.data());
            message.headers.push_back(HeaderField{std::string(header->keyword),
                                                  decode(header->value, value_offset), line.start,
                                                  true});
        }
        // Applied once continuation lines have been joined to their header.
        for (auto& field : message.headers) {
            if (!field.keyword.empty())
                apply_header(message, field, saw_from, saw_date, saw_subject);
        }
        return pos;
    }

    void apply_header(Message& message, HeaderField& field, bool& saw_from, bool& saw_date,
                      bool& saw_subject) {
        const auto& k = field.keyword;
        auto addresses = [&](std::vector<Address>& into) {
            auto list = parse_address_list(field.value);
            if (list.ambiguous) {
                report(events::ambiguous_addresses, field.offset,
                       fmt::format("{}: \"{}\"", k, field.value));
            }
            for (auto& a : list.addresses) into.push_back(std::move(a));
        };
        auto once = [&](bool& seen) {
            if (seen) {
                report(events::repeated_header, field.offset,
                       fmt::format("{} appears again; the first one is used", k));
                return false;
            }
            seen = true;
            return true;
        };
        if (equals_ignore_case(k, "From")) {
            if (once(saw_from)) addresses(message.from);
        } else if (equals_ignore_case(k, "To")) {
            addresses(message.to);
        } else if (equals_ignore_case(k, "Cc")) {
            addresses(message.cc);
        } else if (equals_ignore_case(k, "Bcc")) {
            addresses(message.bcc);
        } else if (equals_ignore_case(k, "Date")) {
            if (once(saw_date)) {
                message.date = parse_date(field.value, options_.dates);
                if (!message.date->valid) {
                    report(events::bad_date, field.offset,
                           fmt::format("Date: \"{}\" kept as written", field.value));
                }
            }
        } else if (equals_ignore_case(k, "Subject")) {
            if (once(saw_subject)) message.subject = field.value;
        } else if (equals_ignore_case(k, "RRT")) {
            message.receipt_requested = true;
        } else {
            field.known = false;
            report(events::unknown_header, field.offset,
                   fmt::format("keyword \"{}\" kept with its value", k));
        }
    }

    // --- items -------------------------------------------------------------------------

    std::size_t read_items(Message& message, std::size_t pos) {
        std::uint32_t items = 0;
        bool cap_reported = false;
        while (pos < bytes_.size()) {
            if (bytes_[pos] == kCtrlZ) return pos;
            const Line line = line_at(bytes_, pos);
            if (is_message_line(line.content)) return pos;
            if (line.content.empty() && line.next > line.start) {  // blank separator line
                pos = line.next;
                continue;
            }
            const auto keyword = parse_item_keyword(line.content);
            if (!keyword) {
                pos = read_unclaimed(message, pos);
                continue;
            }
            Item item;
            pos = read_item(message, line, *keyword, item);
            if (++items > options_.max_items_per_message) {
                if (!cap_reported) {
                    report(events::cap_reached, line.start,
                           fmt::format("more than {} items in one message; the rest are "
                                       "delimited but not kept",
                                       options_.max_items_per_message));
                    cap_reported = true;
                }
                continue;
            }
            message.items.push_back(std::move(item));
        }
        return pos;
    }

    std::size_t read_unclaimed(Message& message, std::size_t pos) {
        auto end = find_next_keyword_line(bytes_, pos, false);
        const auto ctrl_z = bytes_.find(kCtrlZ, pos);
        if (ctrl_z != std::string_view::npos && ctrl_z < end) end = ctrl_z;
        if (end == pos) end = line_at(bytes_, pos).next;  // always make progress
        report(events::unclaimed_bytes, pos,
               fmt::format("{} bytes between items that no item claims; kept", end - pos));
        Item item;
        item.kind = ItemKind::unclaimed;
        item.keyword_offset = item.data_offset = pos;
        item.data = bytes_.substr(pos, end - pos);
        item.sha256 = sha256_hex(item.data);
        message.items.push_back(std::move(item));
        return end;
    }

    // Whether the item data may end at `end`: after any blank lines, the input ends there,
    // or a keyword line or CTRL-Z starts there.
    bool boundary_at(std::size_t end) const {
        while (const auto eol = line_end_at(bytes_, end)) end += eol;
        return end >= bytes_.size() || bytes_[end] == kCtrlZ || keyword_line_at(bytes_, end);
    }

    std::size_t read_item(Message& message, const Line& line, const ItemKeyword& keyword,
                          Item& item) {
        item.keyword = decode(keyword.keyword, line.start);
        const auto title_offset = static_cast<std::size_t>(keyword.title.data() - bytes_.data());
        item.title = decode(keyword.title, title_offset);
        item.keyword_offset = line.start;
        if (equals_ignore_case(keyword.keyword, "Text item")) {
            item.kind = ItemKind::text;
        } else if (equals_ignore_case(keyword.keyword, "File item")) {
            item.kind = ItemKind::file;
            auto split = split_file_stamp(item.title);
            item.file_name = std::move(split.name);
            item.file_stamp = std::move(split.stamp);
        } else {
            item.kind = ItemKind::other;
            report(events::unknown_item, line.start,
                   fmt::format("\"{}:\" kept as an opaque item", item.keyword));
        }

        std::size_t pos = line.next;
        const Line size_line = line_at(bytes_, pos);
        const auto size = pos < bytes_.size() ? parse_size_line(size_line.content) : std::nullopt;
        std::size_t end = 0;
        if (size && !size->blank && !size->overflow) {
            item.declared_size = size->value;
            item.data_offset = size_line.next;
            const bool fits = fit_sized(item, size->value, message.sized, end);
            if (!fits && !message.sized) {
                // An unsized message whose "size" line does not fit: it was data after all.
                item.declared_size.reset();
                item.data_offset = pos;
                end = delimit_unsized(item);
            }
        } else {
            if (size && size->overflow) {
                report(events::size_out_of_range, size_line.start, "item size too long; ignored");
                pos = size_line.next;
            } else if (size && size->blank) {
                report(events::size_missing, size_line.start,
                       "item size is blank; data delimited by the next keyword line");
                pos = size_line.next;
            } else if (message.sized) {
                report(events::size_missing, line.start,
                       "item has no size line; data delimited by the next keyword line");
            }
            item.data_offset = pos;
            end = delimit_unsized(item);
        }
        if (item.truncated) {
            message.partial = true;
            report(events::truncated, item.data_offset,
                   fmt::format("file ends inside the data of \"{}:\" ({} of {} bytes present)",
                               item.keyword, item.data.size(), *item.declared_size));
        }
        item.sha256 = sha256_hex(item.data);
        return end;
    }

    // Data delimited by the next keyword line; the line end before it is not data.
    std::size_t delimit_unsized(Item& item) {
        auto end = find_next_keyword_line(bytes_, item.data_offset, false);
        const auto ctrl_z = bytes_.find(kCtrlZ, item.data_offset);
        if (ctrl_z != std::string_view::npos && ctrl_z < end) end = ctrl_z;
        const auto data_end = end - line_end_before(bytes_, item.data_offset, end);
        item.data = bytes_.substr(item.data_offset, data_end - item.data_offset);
        item.size_fit = Item::SizeFit::unsized;
        return end;
    }

    // Places sized data. Returns false when the size does not fit and the item had to be
    // resynchronised (or was not sized after all, which the caller decides).
    bool fit_sized(Item& item, std::uint64_t declared, bool report_misfit, std::size_t& end) {
        const std::size_t start = item.data_offset;
        const std::size_t available = bytes_.size() - start;
        if (declared <= available) {
            const std::size_t stop = start + static_cast<std::size_t>(declared);
            // 1. The size counts the data; a line end follows, then the next keyword.
            const auto eol = line_end_at(bytes_, stop);
            if (eol > 0 && boundary_at(stop + eol)) {
                item.data = bytes_.substr(start, stop - start);
                item.size_fit = Item::SizeFit::data_only;
                end = stop + eol;
                return true;
            }
            // 2. The next keyword starts right at the end of the counted bytes: either the
            //    count included the line end, or blocks were not separated (Q184391).
            if (boundary_at(stop)) {
                const auto included = line_end_before(bytes_, start, stop);
                item.data = bytes_.substr(start, stop - start - included);
                item.size_fit =
                    included > 0 ? Item::SizeFit::includes_line_end : Item::SizeFit::data_only;
                end = stop;
                return true;
            }
        }
        if (!report_misfit) return false;

        // 3. The size is wrong, or the file was cut short. Resynchronise at the next keyword
        //    line that the following line confirms (binary data may contain look-alikes).
        const auto next = find_next_keyword_line(bytes_, start, true);

        // Unless the counted bytes end exactly at a line end and no confirmed keyword starts
        // inside them: then the size is right and what follows is foreign (console text, the
        // start of a message cut short); read_items() keeps it as unclaimed bytes.
        if (declared <= available) {
            const std::size_t stop = start + static_cast<std::size_t>(declared);
            const auto eol = line_end_at(bytes_, stop);
            if (eol > 0 && next >= stop) {
                item.data = bytes_.substr(start, stop - start);
                item.size_fit = Item::SizeFit::data_only;
                end = stop + eol;
                return true;
            }
        }
        // A file cut short rarely stops exactly after a line end; data that does was most
        // likely complete and only its size was wrong (as in the published sample).
        const bool ends_with_line_end = line_end_before(bytes_, start, bytes_.size()) > 0;
        if (declared > available && next >= bytes_.size() && !ends_with_line_end) {
            item.data = bytes_.substr(start);
            item.truncated = true;
            item.size_fit = Item::SizeFit::data_only;
            end = bytes_.size();
            return true;
        }
        const auto data_end = next - line_end_before(bytes_, start, next);
        item.data = bytes_.substr(start, data_end - start);
        item.size_fit = Item::SizeFit::resynchronised;
        if (declared > available) {
            report(events::size_out_of_range, start,
                   fmt::format("item size {} exceeds the {} bytes left; data ends at the next "
                               "keyword line, offset {}",
                               declared, available, next));
        } else {
            report(events::size_wrong, start,
                   fmt::format("item size {} does not end at a keyword line; {} bytes kept up "
                               "to the next keyword line at offset {}",
                               declared, item.data.size(), next));
        }
        end = next;
        return false;
    }

    std::string_view bytes_;
    std::string file_;
    const ReaderOptions& options_;
    EventLog& log_;
    const MessageHandler& on_message_;
    ReadSummary summary_;
};

}  // namespace

ReadSummary read_ccm(std::string_view bytes, std::string_view file_name,
                     const ReaderOptions& options, EventLog& log,
                     const MessageHandler& on_message) {
    return Reader(bytes, file_name, options, log, on_message).run(nullptr);
}

ReadSummary read_ccm(const EvidenceFile& file, const ReaderOptions& options, EventLog& log,
                     const MessageHandler& on_message) {
    file.advise_sequential();
    return Reader(file.bytes(), file.display_name(), options, log, on_message).run(&file);
}

}  // namespace ccsalvage::ccm
