#include "flow/connector_analysis.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <map>
#include <set>

#include "core/errors.hpp"
#include "core/evidence.hpp"
#include "flow/connector_events.hpp"
#include "flow/message_identity.hpp"
#include "parsers/und/loops.hpp"
#include "parsers/und/und.hpp"

namespace ccsalvage::flow {
namespace {

// Console output is short; a .tmp file larger than this is only partly searched for names.
constexpr std::size_t kConsoleScanBytes = 1 << 20;
constexpr std::size_t kConsoleNamesKept = 100;

bool message_complete(const ccm::Message& message) {
    if (message.partial) return false;
    return std::none_of(message.items.begin(), message.items.end(),
                        [](const ccm::Item& item) { return item.truncated; });
}

// "... to file EXPORT\MSG4A27.CCM" / "from file IMPORT\MSG0A3F.CCM": the names console
// output mentions (Q179072 shows the Export line).
std::vector<std::string> console_names(std::string_view text) {
    std::vector<std::string> out;
    std::size_t at = 0;
    while (out.size() < kConsoleNamesKept) {
        const std::size_t hit = text.find(" file ", at);
        if (hit == std::string_view::npos) break;
        std::size_t start = hit + 6, end = start;
        while (end < text.size() && end - start < 128 && text[end] > ' ' && text[end] < 0x7f) {
            ++end;
        }
        if (end > start) out.emplace_back(text.substr(start, end - start));
        at = end > hit ? end : hit + 1;
    }
    return out;
}

// What the age of a waiting file is measured against: the counters already in each .bak
// folder (sorted) and the newest modification time of the store. Built once per analysis.
struct StoreClock {
    std::vector<std::uint16_t> import_bak, export_bak;
    std::optional<std::filesystem::file_time_type> newest;

    explicit StoreClock(const ConnectorStore& store) : newest(store.newest()) {
        for (const auto& f : store.files) {
            if (f.counter && f.queue == Queue::import_bak) import_bak.push_back(*f.counter);
            if (f.counter && f.queue == Queue::export_bak) export_bak.push_back(*f.counter);
        }
        std::sort(import_bak.begin(), import_bak.end());
        std::sort(export_bak.begin(), export_bak.end());
    }

    // How far the connector moved on after a file was queued: files with a later counter in
    // the .bak folder of the same direction (names only; wrap at FFFF taken into account).
    std::string age_of(const StoreFile& file) const {
        std::string out;
        if (file.counter) {
            const auto& bak = is_inbound(file.queue) ? import_bak : export_bak;
            const auto later = counters_after(bak, *file.counter);
            out = fmt::format("; {} later file(s) already in {}", later,
                              is_inbound(file.queue) ? "Import.bak" : "Export.bak");
        }
        if (file.modified && newest && *newest >= *file.modified) {
            const auto minutes =
                std::chrono::duration_cast<std::chrono::minutes>(*newest - *file.modified).count();
            out += fmt::format("; modified {} min before the newest file of the store", minutes);
        }
        return out;
    }
};

// Opens a store file; one the operating system refuses is listed and skipped, so the rest of
// the store is still read.
std::optional<EvidenceFile> open_store_file(const StoreFile& file, ConnectorAnalysis& out) {
    try {
        return EvidenceFile::open(file.path);
    } catch (const IoError& e) {
        out.unreadable.push_back(file.display + ": " + e.what());
        return std::nullopt;
    }
}

// What a file still in a live queue means.
struct WaitingFinding {
    const EventCode* code;
    const char* text;
};

const WaitingFinding* waiting_finding(Queue queue) {
    static const WaitingFinding submit{&events::waiting_submit,
                                       "converted from Exchange, not yet handed to Import"};
    static const WaitingFinding import{&events::waiting_import,
                                       "given to IMPORT.EXE and not removed"};
    static const WaitingFinding export_{&events::waiting_export,
                                        "written by EXPORT.EXE, not converted for Exchange yet"};
    static const WaitingFinding bad{&events::in_bad,
                                    "the connector could not convert it (event 54)"};
    switch (queue) {
        case Queue::submit:
            return &submit;
        case Queue::import:
            return &import;
        case Queue::export_:
            return &export_;
        case Queue::bad:
            return &bad;
        default:
            return nullptr;
    }
}

// A message read from a store file as a ledger copy.
Sighting message_sighting(const ccm::Message& message, CopyKind kind, const StoreFile& file) {
    Sighting s;
    s.copy.kind = kind;
    s.copy.file = file.display;
    s.copy.offset = message.offset;
    s.copy.length = message.end_offset - message.offset;
    s.copy.queue = file.queue;
    s.copy.complete = message_complete(message);
    s.identity = message_identity(message);
    s.header_identity = header_identity(message);
    describe(message, s);
    return s;
}

struct PendingIncomplete {
    std::string file;
    std::uint64_t offset = 0;
    std::string header_identity;
};

}  // namespace

void describe(const ccm::Message& message, Sighting& sighting) {
    sighting.subject = message.subject;
    if (!message.from.empty()) {
        sighting.from = message.from.front().raw;
    } else {
        for (const auto& h : message.headers) {
            if (h.keyword == "From") {
                sighting.from = h.value;
                break;
            }
        }
    }
    if (message.date) sighting.date = message.date->raw;
}

ConnectorAnalysis analyze_connector_store(const ConnectorStore& store,
                                          const ccm::ReaderOptions& reader, EventLog& log,
                                          const SightingHandler& on_sighting) {
    events::register_connector_catalogue();
    ConnectorAnalysis out;
    std::map<Queue, QueueSummary> queues;
    std::set<std::string> whole_headers;
    std::vector<PendingIncomplete> incomplete;
    // Identity -> the file waiting in Import or Submit with it (for loops).
    std::map<std::string, std::string> waiting_by_identity;
    const StoreClock clock(store);

    for (const StoreFile& file : store.files) {
        QueueSummary& summary = queues[file.queue];
        summary.queue = file.queue;
        ++summary.files;
        summary.bytes += file.size;
        if (file.kind != StoreFileKind::message || file.size == 0) continue;
        ++out.message_files;
        const auto evidence = open_store_file(file, out);
        if (!evidence) continue;
        std::uint64_t in_file = 0;
        ccm::read_ccm(*evidence, reader, log, [&](const ccm::Message& message) {
            ++in_file;
            Sighting s = message_sighting(message, CopyKind::ccm, file);
            s.copy.place = std::string(to_string(file.queue));
            if (s.copy.complete) {
                whole_headers.insert(s.header_identity);
            } else {
                ++out.incomplete_messages;
                incomplete.push_back({file.display, message.offset, s.header_identity});
            }
            if (file.queue == Queue::import || file.queue == Queue::submit) {
                waiting_by_identity.emplace(s.identity, file.display);
            }
            if (on_sighting) on_sighting(std::move(s));
        });
        summary.messages += in_file;
        out.messages += in_file;

        if (const WaitingFinding* finding = waiting_finding(file.queue)) {
            log.add(*finding->code, file.display, 0,
                    fmt::format("{} message(s), {}{}", in_file, finding->text, clock.age_of(file)));
        }
    }

    for (const StoreFile& file : store.files) {
        if (file.kind == StoreFileKind::tmp) {
            if (file.size == 0) {
                ++out.zero_byte_tmp;
                log.add(events::zero_tmp, file.display, 0,
                        "left by an Import or Export run that did not finish (Q179072)");
                continue;
            }
            const auto evidence = open_store_file(file, out);
            if (!evidence) continue;
            const std::string_view text = evidence->bytes().substr(
                0, std::min<std::size_t>(evidence->bytes().size(), kConsoleScanBytes));
            ConsoleFile console{file.display, file.size, console_names(text)};
            std::string names;
            for (const auto& n : console.names) names += (names.empty() ? "" : ", ") + n;
            log.add(events::console_tmp, file.display, 0,
                    fmt::format("{} bytes{}", file.size, names.empty() ? "" : "; names " + names));
            out.console_files.push_back(std::move(console));
            continue;
        }
        if (file.kind != StoreFileKind::und || file.size == 0) continue;
        ++out.und_files;
        const auto evidence = open_store_file(file, out);
        if (!evidence) continue;
        // Loops are grouped by parsers/und/loops (UND-008); each is tied to the .ccm still
        // waiting through the content identity of its first entry. Memory follows the number
        // of distinct messages, not of entries.
        und::LoopFinder finder;
        std::map<std::string, std::uint64_t> first_offset;  // flow identity -> first entry
        std::uint64_t entries = 0;
        und::read_und(*evidence, reader, log, [&](const und::UndEntry& entry) {
            ++entries;
            Sighting s = message_sighting(entry.message, CopyKind::und_entry, file);
            s.copy.place = file.name;
            s.copy.reason = entry.reason;
            s.copy.result_code = entry.result_code;
            s.copy.note = entry.source_file.empty() ? entry.rejected_at
                                                    : entry.rejected_at + " " + entry.source_file;
            first_offset.emplace(s.identity, entry.message.offset);
            finder.add(entry);
            if (on_sighting) on_sighting(std::move(s));
        });
        out.und_entries += entries;
        log.add(events::und_entries, file.display, 0,
                fmt::format("{} entr{} for {} message(s): Import could not deliver them "
                            "(Q223772; while it exists the connector may stop, Q212788)",
                            entries, entries == 1 ? "y" : "ies", first_offset.size()));
        std::map<std::uint64_t, std::string> identity_at;
        for (const auto& [identity, offset] : first_offset) identity_at.emplace(offset, identity);
        const std::vector<und::LoopGroup> groups = finder.groups(2);
        und::report_import_loops(groups, file.display, log);
        for (const und::LoopGroup& group : groups) {
            const und::LoopAttempt& first = group.attempts.front();
            ImportLoop loop;
            loop.und_file = file.display;
            loop.first_offset = first.offset;
            loop.attempts = group.attempt_count;
            loop.subject = group.subject;
            loop.reason = first.reason;
            loop.result_code = first.result_code;
            if (const auto id = identity_at.find(first.offset); id != identity_at.end()) {
                if (const auto w = waiting_by_identity.find(id->second);
                    w != waiting_by_identity.end()) {
                    loop.waiting_file = w->second;
                }
            }
            log.add(events::import_loop, loop.und_file, loop.first_offset,
                    fmt::format(
                        "\"{}\" rejected {} times ({}{}); {}", loop.subject, loop.attempts,
                        loop.reason.empty() ? "no reason" : loop.reason,
                        loop.result_code ? fmt::format(", result code {}", *loop.result_code) : "",
                        loop.waiting_file.empty() ? "no queued file holds it any more"
                                                  : "still queued as " + loop.waiting_file));
            out.loops.push_back(std::move(loop));
        }
    }

    for (const PendingIncomplete& p : incomplete) {
        if (whole_headers.count(p.header_identity)) {
            log.add(events::incomplete_copy, p.file, p.offset,
                    "the file ends inside this message; a whole copy with the same headers is "
                    "in the store");
        } else {
            log.add(events::lone_incomplete, p.file, p.offset,
                    "the file ends inside this message and no whole copy was found: salvage "
                    "what is there");
        }
    }
    for (Queue queue : {Queue::submit, Queue::import, Queue::export_, Queue::bad, Queue::import_bak,
                        Queue::export_bak, Queue::root}) {
        QueueSummary s = queues.count(queue) ? queues[queue] : QueueSummary{queue, 0, 0, 0};
        s.queue = queue;
        out.queues.push_back(s);
    }
    return out;
}

}  // namespace ccsalvage::flow
