// export::run: sources -> placements (sources.cpp) -> identity, de-duplication, quarantine ->
// MIME -> the writer; the journal makes every message happen exactly once across reruns.
#include <fmt/format.h>

#include <ccsalvage/build_info.hpp>
#include <deque>
#include <future>
#include <memory>
#include <optional>
#include <vector>

#include "core/errors.hpp"
#include "core/progress.hpp"
#include "core/scratch.hpp"
#include "export/journal.hpp"
#include "export/manifest_entry.hpp"
#include "export/record_cache.hpp"
#include "export/report_files.hpp"
#include "export/request.hpp"
#include "export/sources.hpp"
#include "export/task_pool.hpp"
#include "flow/message_identity.hpp"
#include "mime/eml_composer.hpp"
#include "mime/mailbox_cache.hpp"
#include "mime/zoned_date.hpp"

namespace ccsalvage::exporting {

std::string_view to_string(Format format) {
    switch (format) {
        case Format::maildir:
            return "maildir";
        case Format::mbox:
            return "mbox";
        case Format::ccm:
            return "ccm";
        case Format::eml:
            break;
    }
    return "eml";
}

namespace {

// What must be the same for a rerun to continue an earlier run's output.
nlohmann::json arguments_of(const ExportRequest& r) {
    nlohmann::json sources = nlohmann::json::array();
    for (const auto& s : r.sources) sources.push_back(std::filesystem::absolute(s).string());
    return {{"sources", sources},
            {"format", to_string(r.format)},
            {"time_zone", r.time_zone},
            {"domain_template", r.addresses.domain_template},
            {"local_domain", r.addresses.local_domain},
            {"code_page", code_page_name(r.reader.code_page)},
            {"ccm_code_page", code_page_name(r.ccm_code_page)},
            {"batch_bytes", r.batch_bytes},
            {"batch_count", r.batch_count},
            {"export_damaged", r.export_damaged}};
}

std::string destination_key(const Destination& d) {
    return d.post_office + "\x1f" + d.mailbox + "\x1f" + d.folder + "\x1f" +
           std::to_string(d.folder_id);
}

// Whether two placements go to the same folder of the same source (what destination_key
// and the source label say), compared without building either.
bool same_folder(const Destination& a, const Destination& b) {
    return a.folder_id == b.folder_id && a.folder == b.folder && a.mailbox == b.mailbox &&
           a.post_office == b.post_office && a.source_label == b.source_label;
}

// An output that could not be written (full disk, I/O error) ends the run with exit code 3.
// It is carried past read_source's handler, which is for sources that cannot be read (those
// are recorded and the run goes on): going on after a failed output would skip the rest of
// that source, append the same done records again at the next commit and write the reports
// of an unfinished export.
struct OutputFailed {
    IoError error;
};

// A message offered by the sources and not yet settled: what the per-message work made of it
// (prepare: its message loaded, identity, journal entry so far and, with --jobs 2 or more, its
// MIME), on a worker or on the exporter's thread, or what an earlier placement of the same
// record made of it (the record cache).
struct Offered {
    std::uint64_t sequence = 0;
    std::uint64_t record = 0;           // PlacementUse::record
    std::optional<std::uint64_t> next;  // PlacementUse::next
    std::string key;
    ManifestEntry entry;
    // The record's work with this placement's destination and read state. Its message lives
    // in `owner` (null when reused); `composed` null: compose when writing.
    PreparedRecord work;
    std::shared_ptr<const void> owner;             // the message and its item bytes
    std::shared_ptr<const PreparedRecord> reused;  // set when it came from the record cache
};

// The window of messages prepared ahead of the one being settled (--jobs 2 or more), bounded
// by what they are expected to hold (ExportRequest::in_flight_bytes) so that memory depends
// neither on the number of messages nor on their sizes: many small ones keep every thread
// busy while a large one is prepared (with 16 messages at most, whatever their sizes, the
// exporter's thread waited on a large message with nothing queued), few large ones keep
// memory bounded. A message is expected to hold about 4 times the item bytes its source
// states (its items, its MIME with base64 at 4/3 and its mbox frame, a copy) plus its
// headers; the window holds at most in_flight_bytes of that, or one message when a single
// message is larger, and at most kInFlightMessages messages.
constexpr std::size_t kInFlightMessages = 256;

// How many placements ahead a record's bytes are read ahead for its next placement (reuse()):
// a few milliseconds of exporting, room for the disk to answer, and a few megabytes.
constexpr std::uint64_t kReadAhead = 128;

std::uint64_t expected_hold(std::uint64_t stated_bytes, std::uint64_t window) {
    // Stated by the evidence: capped, since a message beyond the window is alone in it anyway.
    return 4 * std::min(stated_bytes, window) + 2048;
}

class Run {
  public:
    Run(const ExportRequest& request, EventLog& log)
        : request_(request), log_(log), cache_(request.record_cache_bytes) {}

    ExportStatistics execute() {
        bool resumed = false;
        folder_.emplace(OutputFolder::create_or_resume(request_.out, kJournalName, resumed));
        folder_->set_durable(request_.fsync == FsyncPolicy::safe);
        journal_.emplace(*folder_);
        stats_.out = folder_->root();
        stats_.resumed = resumed;
        const auto arguments = arguments_of(request_);
        if (resumed) {
            state_ = journal_->load();
            if (!state_.arguments.is_null() && state_.arguments != arguments) {
                throw UsageError(folder_->root().string() +
                                 ": holds an export made with other arguments; give the same "
                                 "arguments to finish it, or a new folder");
            }
            stats_.skipped_existing = state_.exported;
            stats_.earlier_duplicates = state_.duplicates;
            stats_.earlier_quarantined = state_.quarantined;
            stats_.earlier_warnings = state_.warnings;
            folder_->remove_stale_temporaries();
        }
        reports_.emplace(*folder_);
        if (resumed) {
            journal_->for_each_done(
                [this](nlohmann::json& record) { reports_->add_recorded(record); });
        }
        journal_->append({{"record", "run"},
                          {"arguments", arguments},
                          {"resume_after", state_.done},
                          {"tool", std::string(build_info::version)}});
        journal_->sync();
        writer_ = make_writer(request_, *folder_);
        writer_->resume(state_.appended);
        // Read by the workers, so fixed before they start.
        per_folder_ = writer_->per_folder();
        wants_mime_ = writer_->wants_mime();
        frames_ = wants_mime_ && writer_->frames();
        // Only folder targets place a record more than once, and only the MIME writers can
        // write a placement from the prepared record alone (the .ccm writer needs the message).
        reuse_ = per_folder_ && wants_mime_ && request_.record_cache_bytes != 0;
        writer_->set_before_output([this] { journal_->flush_planned(); });

        // The reader's per-block state goes to an unnamed file beside the output (it grows
        // with the post office); where the file system cannot give one, it stays in memory.
        // The keys of the messages exported (a slot of 20 bytes per message) go there too.
        scratch_ = ScratchSpace::open(folder_->root(), &stats_.scratch_unavailable,
                                      request_.scratch_minimum);
        if (scratch_) stats_.scratch_unavailable.clear();
        state_.seen.keep_in(scratch_, request_.scratch_from_bytes / 512);
        if (request_.jobs > 1) pool_.emplace(request_.jobs - 1);
        try {
            for (const auto& source : request_.sources) {
                if (stopped_) break;
                read_source(source);
            }
        } catch (const OutputFailed& failed) {
            throw failed.error;
        }
        settle_all();
        commit();
        if (stopped_) return stats_;
        write_reports();
        journal_->append({{"record", "finished"}});
        journal_->sync();
        stats_.complete = true;
        return stats_;
    }

  private:
    void read_source(const std::filesystem::path& source) {
        Progress progress("export " + source.filename().string(), 0, request_.progress);
        const auto on_progress = [&progress](std::uint64_t done, std::uint64_t total) {
            (void)total;
            progress.update(done);
        };
        std::error_code ec;
        try {
            if (std::filesystem::is_directory(source, ec)) {
                enumerate_post_office(
                    source, per_folder_, log_, on_progress,
                    [this](PlacementLoader load, const PlacementUse& use) { offer(load, use); },
                    scratch_, request_.scratch_from_bytes);
            } else {
                enumerate_ccm_file(
                    source, request_.reader, log_, on_progress,
                    [this](PlacementLoader load, const PlacementUse& use) { offer(load, use); });
            }
        } catch (const ScratchError& error) {
            // The output folder's disk, not the source: the run ends unfinished, and the same
            // command resumes it once there is space (like any failed output write).
            throw OutputFailed{error};
        } catch (const IoError& error) {
            if (stopped_) return;
            ++stats_.errors;
            stats_.source_errors.push_back({source.string(), error.what()});
        }
        // The source's messages settled before the next source is read: its model is not
        // held beside the next one's. Record numbers and positions are the source's own.
        settle_all();
        cache_.clear();
        progress.finish();
    }

    void offer(PlacementLoader& load, const PlacementUse& use) {
        try {
            offer_one(std::move(load), use);
        } catch (const IoError& error) {
            throw OutputFailed{error};
        }
    }

    void offer_one(PlacementLoader load, const PlacementUse& use) {
        if (stopped_) return;
        const std::uint64_t sequence = next_sequence_++;
        last_position_ = use.position;
        if (sequence < state_.done) return;  // done by an earlier run: not even loaded

        if (reuse_) {
            // Records whose next placement comes within kReadAhead placements have their bytes
            // read from the disk meanwhile (they were written long ago, and their pages left
            // the cache behind the writer), so that reading them back does not wait.
            cache_.each_due(use.position + kReadAhead, [this](const PreparedRecord& soon) {
                if (soon.stored) writer_->prefetch(*soon.stored);
            });
            if (auto prepared = cache_.take(use.record);
                prepared && reuse(prepared, use, sequence)) {
                return;
            }
        }
        const std::uint64_t record = use.record;
        const std::optional<std::uint64_t> next = use.next;
        if (!pool_) {
            Offered offered = prepare(load, sequence, record, next, false);
            settle(offered.work.placement, offered);
            return;
        }
        // Prepared on a worker now (or by this thread while it waits); settled in order later.
        auto prepared = pool_->submit([this, load = std::move(load), sequence, record, next] {
            return prepare(load, sequence, record, next, true);
        });
        admit(std::move(prepared), expected_hold(use.stated_bytes, request_.in_flight_bytes));
    }

    // Puts a message in the window, then settles the oldest ones until the window is within
    // its bounds again.
    void admit(std::future<Offered> result, std::uint64_t hold) {
        in_flight_.push_back({std::move(result), hold});
        in_flight_bytes_ += hold;
        while (in_flight_.size() > kInFlightMessages ||
               (in_flight_.size() > 1 && in_flight_bytes_ > request_.in_flight_bytes)) {
            settle_oldest();
        }
    }

    // The journal entry's fields of a placement and its key, from its placement, identity and
    // attachments: the same for a prepared placement and a reused one.
    void fill_entry(Offered& offered) const {
        const Placement& p = offered.work.placement;
        ManifestEntry& entry = offered.entry;
        entry.sequence = offered.sequence;
        entry.source = p.source_file;
        entry.offset = p.source_offset;
        entry.number = p.number;
        entry.post_office = p.destination.post_office;
        entry.mailbox = p.destination.mailbox;
        entry.folder = p.destination.folder;
        entry.repair_status = p.repair_status;
        if (offered.work.readable) entry.identity = offered.work.identity;
        entry.attachments = offered.work.attachments;
        offered.key = per_folder_ ? offered.work.identity + "\x1e" + destination_key(p.destination)
                                  : offered.work.identity;
    }

    // A placement of a record whose work an earlier placement did: that work with this
    // placement's destination, and the message's bytes read back from where the earlier
    // placement wrote them (on a worker when there are any). False when the writer cannot
    // read them back: the placement is prepared as if it were the record's first.
    bool reuse(const std::shared_ptr<const PreparedRecord>& prepared, const PlacementUse& use,
               std::uint64_t sequence) {
        Offered offered;
        offered.sequence = sequence;
        offered.record = use.record;
        offered.next = use.next;
        offered.work = *prepared;
        offered.work.placement.destination = *use.destination;
        offered.work.placement.read = use.read;
        offered.reused = prepared;
        ReadBack read;
        if (exportable(offered)) {
            if (prepared->stored) read = writer_->read_back(*prepared->stored);
            if (!read) return false;
        }
        fill_entry(offered);
        if (read) ++stats_.read_back;
        if (!pool_) {
            if (read) take_bytes(offered, read());
            settle(offered.work.placement, offered);
            return true;
        }
        if (!read) {
            std::promise<Offered> ready;  // settled in order behind those in flight
            ready.set_value(std::move(offered));
            admit(ready.get_future(), 0);
            return true;
        }
        auto pending = std::make_shared<Offered>(std::move(offered));
        auto ready = pool_->submit([this, pending, read = std::move(read)] {
            take_bytes(*pending, read());
            return std::move(*pending);
        });
        admit(std::move(ready), expected_hold(use.stated_bytes, request_.in_flight_bytes));
        return true;
    }

    // The bytes a reused placement writes: the frame (mbox), or the MIME (Maildir).
    void take_bytes(Offered& offered, std::string bytes) const {
        if (frames_) {
            offered.work.framed = std::make_shared<const std::string>(std::move(bytes));
            return;
        }
        const mime::ComposedMessage& kept = *offered.work.composed;
        offered.work.composed = std::make_shared<const mime::ComposedMessage>(
            mime::ComposedMessage{std::move(bytes), kept.message_id, kept.warnings});
    }

    // Whether remember() may keep this placement's work for the record's next placement: one
    // is still to come (not offered yet).
    bool next_placement_to_come(const Offered& offered) const {
        return reuse_ && offered.next && *offered.next > last_position_;
    }

    // Keeps what this placement's record took to prepare for its next placement, when there
    // is one still to come and the work is complete: a record to be written needs its
    // Message-ID and warnings and the place its bytes were written (not so for a placement
    // found a duplicate on one thread, which composed nothing). The bytes themselves are not
    // kept: they are read back from the output (reuse()), so what the cache holds per record
    // is its identity and manifest fields (about 1 KB), and the 16 MiB hold some 16,000
    // records waiting for their next placement (placements apart by a fifth of the output in
    // a large post office) where the messages themselves held a few thousand.
    void remember(const Offered& offered) {
        if (!next_placement_to_come(offered)) return;
        if (exportable(offered) && !(offered.work.composed && offered.work.stored)) return;
        std::shared_ptr<const PreparedRecord> prepared = offered.reused;
        if (!prepared) {
            auto made = std::make_shared<PreparedRecord>(offered.work);
            made->placement.message = nullptr;  // lives in `owner`, which is not kept
            made->placement.destination = {};   // each placement has its own
            made->framed = nullptr;
            if (made->composed) {
                made->composed =
                    std::make_shared<const mime::ComposedMessage>(mime::ComposedMessage{
                        {}, offered.work.composed->message_id, offered.work.composed->warnings});
            }
            prepared = std::move(made);
        }
        cache_.keep(offered.record, *offered.next, std::move(prepared));
    }

    // The per-message work, on any thread: reads the request and the placement only, writes
    // nothing shared. With `compose`, the MIME too (a message found a duplicate when it is
    // settled was composed for nothing, which costs time, never bytes); without, write()
    // composes it when the message is written.
    Offered prepare(const PlacementLoader& load, std::uint64_t sequence, std::uint64_t record,
                    std::optional<std::uint64_t> next, bool compose) const {
        LoadedPlacement loaded = load();
        Offered offered;
        offered.sequence = sequence;
        offered.record = record;
        offered.next = next;
        offered.work.placement = std::move(loaded.placement);
        offered.owner = std::move(loaded.owner);
        const Placement& p = offered.work.placement;
        offered.work.readable = p.message != nullptr;
        if (offered.work.readable) {
            offered.work.identity = flow::message_identity(*p.message);
            // The attachments' names as read, before the mail makes them safe (control
            // characters become '_'): the original is kept here.
            for (const auto& item : p.message->items) {
                if (item.kind != ccm::ItemKind::file) continue;
                offered.work.attachments.push_back(item.file_name.empty() ? item.title
                                                                          : item.file_name);
            }
        }
        if (exportable(offered)) address(offered);
        fill_entry(offered);
        if (compose && exportable(offered) && wants_mime_) {
            offered.work.composed = std::make_shared<const mime::ComposedMessage>(
                mime::compose_eml(*p.message, compose_options(p, offered.work.identity)));
            if (frames_) frame(offered);
        }
        return offered;
    }

    // The writer's frame of the composed MIME (any thread: Writer::frame reads nothing the
    // writer changes).
    void frame(Offered& offered) const {
        offered.work.framed = std::make_shared<const std::string>(writer_->frame(
            offered.work.sender, offered.work.utc_seconds, offered.work.composed->bytes));
    }

    // The sender and date of the mbox From line.
    void address(Offered& offered) const {
        const ccm::Message& message = *offered.work.placement.message;
        if (message.date) {
            if (auto zoned = mime::place_in_zone(*message.date, request_.time_zone)) {
                offered.work.utc_seconds = zoned->utc_seconds;
            }
        }
        if (!message.from.empty()) {
            // Remembered per thread, as the composer remembers it (an ICU transliteration
            // per message otherwise); bounded the same way.
            mime::forget_mailboxes_if_full();
            offered.work.sender =
                mime::encoded_mailbox(message.from.front(), request_.addresses).addr_spec;
        }
    }

    void settle_oldest() {
        std::future<Offered> next = std::move(in_flight_.front().result);
        in_flight_bytes_ -= in_flight_.front().hold;
        in_flight_.pop_front();
        pool_->wait(next);
        Offered offered = next.get();
        settle(offered.work.placement, offered);
    }

    void settle_all() {
        while (!in_flight_.empty() && !stopped_) settle_oldest();
        in_flight_.clear();
        in_flight_bytes_ = 0;
    }

    bool exportable(const Offered& offered) const {
        return offered.work.readable &&
               (offered.work.placement.damage.empty() || request_.export_damaged);
    }

    // The message's outcome, in sequence order: quarantined, duplicate, or written.
    // The done record waits for the next commit; the manifest line (and the SHA256SUMS line)
    // is streamed now, since it is the entry and outcome the done record will hold.
    void settle(const Placement& p, Offered& offered) {
        ManifestEntry& entry = offered.entry;
        const std::string& key = offered.key;
        std::string_view outcome;
        std::optional<std::uint64_t> end;

        if (!exportable(offered)) {
            entry.reason = p.damage.empty() ? "unreadable" : p.damage;
            outcome = "quarantined";
            ++stats_.quarantined;
        } else if (const auto target = state_.seen.find(key)) {
            entry.duplicate_of = std::string(*target);
            outcome = "duplicate";
            ++stats_.duplicates;
        } else {
            end = write(p, offered);
            outcome = "exported";
            state_.seen.emplace(key, *entry.target);
            ++stats_.exported;
        }
        write_entry_json(entry_text_, entry);
        append_done_json(pending_, entry_text_, offered.sequence, key, outcome, end);
        pending_ += '\n';
        ++pending_count_;
        reports_->add(entry, entry_text_, outcome);
        remember(offered);
        if (request_.fsync == FsyncPolicy::safe || pending_count_ >= request_.commit_every) {
            commit();
        }
    }

    mime::ComposeOptions compose_options(const Placement& p, const std::string& identity) const {
        mime::ComposeOptions compose;
        compose.code_page = p.code_page;
        compose.time_zone = request_.time_zone;
        compose.addresses = request_.addresses;
        compose.source_file = p.source_file;
        compose.post_office = p.destination.post_office;
        compose.message_id = mime::message_id_for_identity(identity);
        if (p.destination.post_office.empty()) {
            compose.provenance.emplace_back("X-CCSalvage-Record",
                                            "message " + std::to_string(p.number));
        } else {
            compose.provenance.emplace_back("X-CCSalvage-Record",
                                            "message number " + std::to_string(p.number));
        }
        compose.provenance.emplace_back("X-CCSalvage-Repair-Status", p.damage.empty()
                                                                         ? p.repair_status
                                                                         : "damaged: " + p.damage);
        return compose;
    }

    // Returns the appended file's length after the message (appending writers).
    std::optional<std::uint64_t> write(const Placement& p, Offered& offered) {
        ManifestEntry& entry = offered.entry;
        if (!current_destination_ || !same_folder(*current_destination_, p.destination)) {
            writer_->begin_folder(p.destination);
            current_destination_ = p.destination;
        }
        OutgoingMessage out;
        out.sequence = offered.sequence;
        out.key = offered.key;
        out.identity = offered.work.identity;
        out.number = p.number;
        out.message = p.message;  // null for a reused record: only the MIME writers reuse
        out.code_page = p.code_page;
        out.read = p.read;
        out.utc_seconds = offered.work.utc_seconds;
        out.sender = offered.work.sender;
        if (writer_->wants_mime()) {
            if (!offered.work.composed) {
                offered.work.composed = std::make_shared<const mime::ComposedMessage>(
                    mime::compose_eml(*p.message, compose_options(p, offered.work.identity)));
            }
            // Unless a worker framed it or it was read back, the writer frames it as it writes
            // it (no copy of the whole message: a message of tens of megabytes was held three
            // times over, its items, its MIME and its frame).
            out.framed = offered.work.framed.get();
            const mime::ComposedMessage& composed = *offered.work.composed;
            entry.message_id = composed.message_id;
            if (!composed.warnings.empty()) {
                entry.warnings = composed.warnings;
                ++stats_.warnings;
            }
            out.mime = &composed.bytes;
        }
        journal_->append_planned(offered.sequence, offered.key);
        WriteOutcome outcome = writer_->write_message(out);
        if (request_.after_write) request_.after_write(stats_.exported + 1);
        if (next_placement_to_come(offered)) {
            // Where the record's next placement reads its bytes back (remember()).
            offered.work.stored = outcome;
            offered.work.stored->sha256.clear();
        }
        entry.target = outcome.target;
        if (!outcome.sha256.empty()) entry.sha256 = outcome.sha256;
        if (!p.damage.empty()) entry.damage = p.damage;
        return outcome.end;
    }

    // Outputs first, then their done records: a done record never names an output that is
    // not on stable storage.
    void commit() {
        if (pending_count_ == 0) return;
        writer_->commit();
        journal_->append_lines(pending_);
        journal_->sync();
        // Its memory is given back, not kept for the next commit: a thousand done records held
        // for the whole run would add to the peak the post office reader sets.
        pending_ = std::string();
        pending_count_ = 0;
    }

    // manifest.jsonl and SHA256SUMS were streamed as messages settled (ReportFiles); the
    // appended files, whose hashes are known only now, and the reports end them.
    nlohmann::json source_errors_json() const {
        nlohmann::json errors = nlohmann::json::array();
        for (const auto& e : stats_.source_errors) {
            errors.push_back({{"source", e.source}, {"error", e.error}});
        }
        return errors;
    }

    void write_reports() {
        auto appended = writer_->finish();
        const auto manifest_hash = reports_->commit_manifest();
        for (const auto& [name, hash] : appended) reports_->add_sum(hash, name);
        reports_->add_sum(manifest_hash, "manifest.jsonl");

        nlohmann::json events = nlohmann::json::array();
        for (const auto& e : log_.events_in_file_order()) {
            events.push_back({{"file", e.file},
                              {"offset", e.offset},
                              {"code", e.code},
                              {"severity", to_string(e.severity)},
                              {"detail", e.detail}});
        }
        const nlohmann::json summary{
            {"tool", {{"name", "ccsalvage"}, {"version", std::string(build_info::version)}}},
            {"arguments", arguments_of(request_)},
            {"totals",
             {{"exported", stats_.exported + stats_.skipped_existing},
              {"duplicates", state_.duplicates + stats_.duplicates},
              {"quarantined", state_.quarantined + stats_.quarantined},
              {"source_errors", stats_.errors}}},
            {"source_errors", source_errors_json()},
            {"events", events},
            {"events_suppressed", log_.suppressed()}};
        const auto summary_hash = folder_->write_file(
            "export.json",
            summary.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");
        reports_->add_sum(summary_hash, "export.json");
        reports_->commit_sums();
    }

    const ExportRequest& request_;
    EventLog& log_;
    std::optional<OutputFolder> folder_;
    std::shared_ptr<ScratchSpace> scratch_;
    std::optional<Journal> journal_;
    std::unique_ptr<Writer> writer_;
    JournalState state_;
    ExportStatistics stats_;
    std::optional<ReportFiles> reports_;
    std::string pending_;  // done records (JSON lines) waiting for the next commit
    std::uint64_t pending_count_ = 0;
    EntryText entry_text_;  // reused: its buffer keeps its capacity
    bool per_folder_ = false;
    bool wants_mime_ = false;
    bool reuse_ = false;
    bool frames_ = false;
    RecordCache cache_;                // the exporter's thread only
    std::uint64_t last_position_ = 0;  // of the placement offered last, in its source
    std::optional<TaskPool> pool_;     // before in_flight_: outlives the futures of its tasks
    struct InFlight {
        std::future<Offered> result;
        std::uint64_t hold = 0;  // expected_hold() of the message
    };
    std::deque<InFlight> in_flight_;
    std::uint64_t in_flight_bytes_ = 0;  // the window's holds summed
    std::uint64_t next_sequence_ = 0;
    std::optional<Destination> current_destination_;  // of the last message written
    bool stopped_ = false;
};

}  // namespace

ExportStatistics run(const ExportRequest& request, EventLog& log) {
    if (request.sources.empty()) throw UsageError("export: no source given");
    if (request.format == Format::ccm && request.batch_bytes != 0 && request.batch_bytes < 1024) {
        throw UsageError("--batch-size must be at least 1024 bytes");
    }
    return Run(request, log).execute();
}

}  // namespace ccsalvage::exporting
