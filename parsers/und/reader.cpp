// Reads a .und file (docs/formats/und.md): the .ccm reader delimits the messages and reports
// their damage; this file turns each message into an entry by taking its rejection lines out
// of its headers and reading what they say.
#include <fmt/format.h>

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "core/evidence.hpp"
#include "parsers/ccm/date.hpp"
#include "parsers/ccm/events.hpp"
#include "parsers/und/events.hpp"
#include "parsers/und/rejection.hpp"
#include "parsers/und/und.hpp"

namespace ccsalvage::und {

namespace {

// Events buffered per message, per code: far above any report's cap, yet bounded, so damage
// that repeats one fault endlessly inside one message cannot exhaust memory.
constexpr std::size_t kPendingCap = 1u << 16;

class Reader {
  public:
    Reader(std::string_view file, const ccm::ReaderOptions& options, EventLog& log,
           const UndEntryHandler& on_entry)
        : file_(file), options_(options), log_(log), on_entry_(on_entry) {
        events::register_und_catalogue();
    }

    ccm::ReadSummary run(std::string_view bytes, const EvidenceFile* evidence) {
        const auto handler = [this](const ccm::Message& message) { on_message(message); };
        const ccm::ReadSummary summary =
            evidence != nullptr ? ccm::read_ccm(*evidence, options_, pending_, handler)
                                : ccm::read_ccm(bytes, file_, options_, pending_, handler);
        forward_pending({});  // events after the last message
        return summary;
    }

  private:
    void report(const EventCode& code, std::uint64_t offset, std::string detail) {
        log_.add(code, file_, offset, std::move(detail));
    }

    void on_message(const ccm::Message& message) {
        UndEntry entry;
        entry.message = message;
        entry.rejection_headers = take_rejection_headers(entry.message);
        forward_pending(entry.rejection_headers);
        interpret(entry);
        on_entry_(entry);
    }

    // The .ccm reader reports every rejection line as an undocumented header (CCM-001): in a
    // .und file they are understood, so those notes are dropped; everything else goes on as
    // reported. The .ccm reader reports a message's events before handing it over, so the
    // pending events belong to this message (or lie between it and the one before).
    void forward_pending(const std::vector<ccm::HeaderField>& understood) {
        for (const auto& event : pending_.events()) {
            const bool understood_header =
                event.code == ccm::events::unknown_header.id &&
                std::any_of(understood.begin(), understood.end(),
                            [&event](const auto& h) { return h.offset == event.offset; });
            if (understood_header) continue;
            log_.add(EventCode{event.code, event.severity, {}}, event.file, event.offset,
                     event.detail);
        }
        // Past the buffer's bound only counts were kept; pass them on as counts, so the totals
        // stay exact (the main log keeps far fewer per code than the buffer does).
        for (const auto& [code, n] : pending_.suppressed()) {
            const EventCode* entry = find_event_code(code);
            const EventCode counted{
                code, entry != nullptr ? entry->severity : Severity::warning, {}};
            for (std::uint64_t i = 0; i < n; ++i) log_.add(counted, file_, 0, "repeat; not kept");
        }
        pending_ = EventLog(kPendingCap);
    }

    void interpret(UndEntry& entry) {
        const auto& message = entry.message;
        if (entry.rejection_headers.empty()) {
            report(events::no_rejection, message.offset,
                   fmt::format("entry {} has no rejection lines; read as a message whose reason "
                               "is unknown",
                               message.index));
        }
        bool seen[4] = {false, false, false, false};
        for (const auto& field : entry.rejection_headers) apply(entry, field, seen);

        if (!entry.rejection_headers.empty() && !seen[0]) {
            report(events::no_reason, message.offset,
                   fmt::format("entry {} has rejection lines but no {}: line", message.index,
                               kReasonKeyword));
        }
        entry.reason_kind = classify_reason(entry.reason);
        if (entry.reason_kind == ReasonKind::other) {
            report(events::unknown_reason, entry.rejection_headers.front().offset,
                   fmt::format("reason \"{}\" kept as written", entry.reason));
        }
        for (const auto& field : message.headers) {
            if (is_rejection_keyword(field.keyword)) {
                report(events::late_rejection, field.offset,
                       fmt::format("{}: follows the message's own headers; kept as a header of "
                                   "the message, not read as the entry's",
                                   field.keyword));
            }
        }
    }

    void apply(UndEntry& entry, const ccm::HeaderField& field, bool (&seen)[4]) {
        const auto value = trim_blanks(field.value);
        std::size_t slot = 0;
        while (!same_keyword(field.keyword, kRejectionKeywords[slot])) ++slot;
        if (seen[slot]) {
            report(events::repeated_rejection, field.offset,
                   fmt::format("{}: appears again; the first one is used", field.keyword));
            return;
        }
        seen[slot] = true;
        switch (slot) {
            case 0:
                entry.reason = std::string(value);
                break;
            case 1:
                entry.source_file = std::string(value);
                break;
            case 2:
                entry.rejected_at = std::string(value);
                entry.rejected_date = ccm::parse_date(value, options_.dates);
                if (!entry.rejected_date->valid) {
                    report(events::bad_rejected_date, field.offset,
                           fmt::format("{}: \"{}\" kept as written", field.keyword, value));
                }
                break;
            default:
                entry.result_code = parse_result_code(value);
                if (!entry.result_code) {
                    report(events::bad_result_code, field.offset,
                           fmt::format("{}: \"{}\" kept in the entry's rejection lines",
                                       field.keyword, value));
                }
                break;
        }
    }

    std::string file_;
    const ccm::ReaderOptions& options_;
    EventLog& log_;
    const UndEntryHandler& on_entry_;
    // Events of the message being read, until it is known which of them the entry explains.
    EventLog pending_{kPendingCap};
};

}  // namespace

ccm::ReadSummary read_und(std::string_view bytes, std::string_view file_name,
                          const ccm::ReaderOptions& options, EventLog& log,
                          const UndEntryHandler& on_entry) {
    return Reader(file_name, options, log, on_entry).run(bytes, nullptr);
}

ccm::ReadSummary read_und(const EvidenceFile& file, const ccm::ReaderOptions& options,
                          EventLog& log, const UndEntryHandler& on_entry) {
    return Reader(file.display_name(), options, log, on_entry).run(file.bytes(), &file);
}

}  // namespace ccsalvage::und
