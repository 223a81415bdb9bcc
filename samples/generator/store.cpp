#include "store.hpp"

#include <fmt/format.h>

#include <map>
#include <memory>
#include <set>

#include "ccm_form.hpp"
#include "console.hpp"
#include "core/errors.hpp"
#include "core/sha256.hpp"
#include "population.hpp"

#ifdef CCSALVAGE_GENERATOR_HAVE_UND
#include "parsers/und/und.hpp"
#endif

namespace ccsalvage::generator {

namespace {

// The .und file Import appends to (the name is a modelling choice, docs/generator.md).
constexpr const char* kUndName = "CCMAIL.UND";

std::string store_path(std::string_view folder, std::string_view name) {
    if (folder.empty()) return fmt::format("{}/{}", kStoreRoot, name);
    return fmt::format("{}/{}/{}", kStoreRoot, folder, name);
}

class StoreWriter {
  public:
    StoreWriter(Run& run, const StoreDamage& damage, const OutputFolder& out, Rng& rng)
        : run_(run), world_(run.world), damage_(damage), out_(out), rng_(rng) {
        export_counter_ = static_cast<unsigned>(rng_.between(0x1000, 0x9FFF));
        import_counter_ = static_cast<unsigned>(rng_.between(0x1000, 0x9FFF));
        tmp_counter_ = static_cast<unsigned>(rng_.between(0x1000, 0xEFFF));
    }

    void write() {
        // Every queue folder exists, empty or not, as in a working connector.
        for (const char* folder :
             {"Submit", "Import", "Export", "Bad", "Import.bak", "Export.bak"}) {
            out_.make_dirs(fmt::format("{}/{}", kStoreRoot, folder));
        }
        write_ini_files();
        write_export_side();
        write_import_side();
        write_und_file();
        write_tmp_files();
    }

  private:
    // A file being written in one or more folders at once (a queue file and its .bak copy).
    struct Target {
        std::string path;
        std::unique_ptr<AtomicFile> file;
        std::uint64_t position = 0;
    };

    unsigned unique_counter(unsigned& counter, std::string_view folder_group) {
        // Four hex digits: a store with more than 65,535 files in one folder would overwrite
        // its own .bak copies, which the ground truth cannot describe; refuse instead.
        for (int guard = 0; guard < 0x10000; ++guard) {
            const unsigned value = counter++ & 0xFFFF;
            if (value == 0) continue;
            if (used_[std::string(folder_group)].insert(value).second) return value;
        }
        throw UsageError("too many connector files for 4-hex-digit names; ask for fewer messages");
    }

    void record_file(const std::string& path, std::uint64_t size, std::string sha256,
                     std::string role) {
        run_.files.push_back({path, size, std::move(sha256), std::move(role)});
    }

    void write_small_file(const std::string& path, std::string_view bytes, std::string role) {
        std::string sha = out_.write_file(path, bytes);
        record_file(path, bytes.size(), std::move(sha), std::move(role));
    }

    void write_ini_files() {
        // Minimal settings files; the keys are this generator's, not the connector's (which
        // were never published).
        const std::string& hub = world_.post_offices[world_.hub].name;
        write_small_file(store_path("", "Export.ini"),
                         fmt::format("[Export]\r\nPostOffice={}\r\nMailbox={}\r\nCodePage=850\r\n"
                                     "Options=/ITEMSIZE /FORMAT/FAN /BATCH /FILES/MACBIN2\r\n",
                                     hub, kExchangeName),
                         "ini");
        write_small_file(store_path("", "Import.ini"),
                         fmt::format("[Import]\r\nPostOffice={}\r\nCodePage=850\r\n"
                                     "Options=/ITEMSIZE /PARTIAL /BATCH /FILES/MACBIN2\r\n",
                                     hub),
                         "ini");
    }

    // Writes `messages` one after another into every target path. `console` goes before the
    // first message of the first target only; `truncate` cuts the first target inside the
    // last message.
    void write_ccm_file(const std::vector<std::string>& paths,
                        const std::vector<std::size_t>& messages, const std::string& console,
                        bool truncate) {
        std::vector<Target> targets;
        for (const auto& path : paths) {
            targets.push_back({path, std::make_unique<AtomicFile>(out_, path), 0});
        }
        if (!console.empty() && !targets.empty()) {
            targets[0].file->write(console);
            targets[0].position += console.size();
            DamageRecord record;
            record.kind = DamageKind::console_ccm;
            record.file = targets[0].path;
            record.offset = 0;
            record.length = console.size();
            record.new_hex = to_hex(console);
            record.detail =
                "console output inserted before the first Message: line; the .bak "
                "copy is clean";
            for (const std::size_t i : messages) record.messages.push_back(world_.messages[i].id);
            for (std::size_t t = 1; t < targets.size(); ++t)
                record.related_files.push_back(targets[t].path);
            pending_.push_back(std::move(record));
        }
        for (std::size_t k = 0; k < messages.size(); ++k) {
            MessageSpec& m = world_.messages[messages[k]];
            const std::string bytes = ccm_bytes(world_, m);
            for (std::size_t t = 0; t < targets.size(); ++t) {
                Target& target = targets[t];
                std::size_t length = bytes.size();
                const bool cut = truncate && t == 0 && k + 1 == messages.size();
                if (cut) {
                    // Inside the last item's data when there is one, and never right after a
                    // line end: a file cut there would look whole to a reader (CCM-014
                    // instead of CCM-007, docs/formats/ccm.md 4.2).
                    const std::size_t tail_max = std::max<std::size_t>(bytes.size() / 3, 4);
                    length =
                        bytes.size() - 2 - static_cast<std::size_t>(rng_.between(1, tail_max - 2));
                    while (length > 1 && (bytes[length - 1] == '\n' || bytes[length - 1] == '\r')) {
                        --length;
                    }
                    const std::string_view tail = std::string_view(bytes).substr(length);
                    DamageRecord record;
                    record.kind = DamageKind::truncate_ccm;
                    record.file = target.path;
                    record.offset = target.position + length;
                    record.length = tail.size();
                    record.original_sha256 = sha256_hex(tail);
                    record.detail = fmt::format(
                        "file cut {} bytes before the end of its last "
                        "message; the .bak copy is whole",
                        tail.size());
                    record.messages.push_back(m.id);
                    for (std::size_t o = 1; o < targets.size(); ++o)
                        record.related_files.push_back(targets[o].path);
                    pending_.push_back(std::move(record));
                }
                target.file->write(std::string_view(bytes).substr(0, length));
                m.ccm_copies.push_back({target.path, target.position, length, !cut});
                target.position += length;
            }
        }
        for (auto& target : targets) {
            const std::uint64_t size = target.file->bytes_written();
            std::string sha = target.file->commit();
            record_file(target.path, size, std::move(sha), "ccm");
        }
    }

    void write_export_side() {
        std::map<std::uint64_t, std::vector<std::size_t>> batches;
        for (std::size_t i = 0; i < world_.messages.size(); ++i) {
            if (world_.messages[i].export_batch != 0)
                batches[world_.messages[i].export_batch].push_back(i);
        }
        for (const auto& [batch, messages] : batches) {
            const MessageSpec& first = world_.messages[messages.front()];
            const std::string name = ccm_file_name(unique_counter(export_counter_, "export"));
            const bool lost = first.status == Status::lost;
            std::vector<std::string> paths;
            switch (first.connector) {
                case ConnectorState::export_waiting:
                    paths.push_back(store_path("Export", name));
                    break;
                case ConnectorState::bad:
                    paths.push_back(store_path("Bad", name));
                    break;
                default:
                    break;
            }
            // A lost message keeps its .bak copy even without --backups: it is the only trace.
            if (run_.options.backups || lost) paths.push_back(store_path("Export.bak", name));
            last_export_name_ = name;
            if (paths.empty()) continue;
            const bool truncate = damage_.truncate.count(first.id) != 0;
            write_ccm_file(paths, messages, "", truncate);
            if (lost) lost_record(first, paths.back());
        }
    }

    void write_import_side() {
        for (std::size_t i = 0; i < world_.messages.size(); ++i) {
            MessageSpec& m = world_.messages[i];
            if (m.flow != Flow::from_exchange) continue;
            const unsigned times = damage_.queued_twice.count(m.id) != 0 ? 2 : 1;
            std::vector<std::string> names;
            for (unsigned t = 0; t < times; ++t) {
                const std::string name = ccm_file_name(unique_counter(import_counter_, "import"));
                names.push_back(name);
                const bool lost = m.status == Status::lost;
                std::vector<std::string> paths;
                switch (m.connector) {
                    case ConnectorState::submitted:
                        paths.push_back(store_path("Submit", name));
                        break;
                    case ConnectorState::importing:
                    case ConnectorState::looping:
                        paths.push_back(store_path("Import", name));
                        if (run_.options.backups) paths.push_back(store_path("Import.bak", name));
                        break;
                    case ConnectorState::imported:
                        if (run_.options.backups || lost)
                            paths.push_back(store_path("Import.bak", name));
                        break;
                    default:
                        break;
                }
                last_import_name_ = name;
                if (paths.empty()) continue;
                std::string console;
                if (damage_.console_prefix.count(m.id) != 0) {
                    const auto variant = static_cast<ConsoleVariant>(rng_.between(0, 2));
                    console = console_burst(variant, kExchangeName, ccm_file_name(export_counter_));
                }
                write_ccm_file(paths, {i}, console, false);
                if (m.connector == ConnectorState::looping) loop_files_[m.id] = paths.front();
                if (lost) lost_record(m, paths.back());
            }
            if (times == 2) {
                DamageRecord record;
                record.kind = DamageKind::duplicates;
                record.detail =
                    fmt::format("queued twice under load, as {} and {}, and imported twice",
                                names[0], names[1]);
                // PO-032 is reported at the second delivery's header record
                // (docs/formats/post-office.md): the first such record is where the finding
                // is, the other post offices' second records and both import files are related.
                // Without post offices the first import file is all there is to point at.
                for (const auto& copy : m.po_copies) {
                    if (!copy.duplicate || !copy.offset || copy.file.empty()) continue;
                    if (record.file.empty()) {
                        record.file = copy.file;
                        record.offset = *copy.offset;
                    } else {
                        record.related_files.push_back(copy.file);
                    }
                }
                for (const auto& copy : m.ccm_copies) {
                    if (record.file.empty()) {
                        record.file = copy.file;
                        record.length = copy.length;
                    } else {
                        record.related_files.push_back(copy.file);
                    }
                }
                record.messages.push_back(m.id);
                pending_.push_back(std::move(record));
            }
        }
    }

    void lost_record(const MessageSpec& m, const std::string& path) {
        DamageRecord record;
        record.kind = DamageKind::lost;
        record.file = path;
        for (const auto& copy : m.ccm_copies) {
            if (copy.file == path) {
                record.offset = copy.offset;
                record.length = copy.length;
            }
        }
        record.detail = m.flow == Flow::from_exchange
                            ? "handed to IMPORT but in no post office; only the Import.bak copy "
                              "is left"
                            : "exported, never reached Exchange, and the sender kept no log; only "
                              "the Export.bak copy is left";
        record.messages.push_back(m.id);
        pending_.push_back(std::move(record));
    }

    void write_und_file() {
        if (damage_.loops.empty()) return;
#ifdef CCSALVAGE_GENERATOR_HAVE_UND
        const std::string path = store_path("", kUndName);
        AtomicFile file(out_, path);
        std::uint64_t position = 0;
        unsigned most = 0;
        for (const auto& [id, attempts] : damage_.loops) most = std::max(most, attempts);
        // The connector retries every stuck file on each 15-second cycle, so the entries of
        // several loops interleave.
        for (unsigned attempt = 1; attempt <= most; ++attempt) {
            for (const auto& [id, attempts] : damage_.loops) {
                if (attempt > attempts) continue;
                MessageSpec& m = world_.messages[id - 1];
                const CcmForm form = ccm_form(world_, m);
                und::UndEntry entry;
                entry.message = form.message;
                entry.reason = "Import did not complete";
                entry.source_file =
                    "IMPORT\\" + loop_files_[id].substr(loop_files_[id].rfind('/') + 1);
                const std::uint64_t seconds = 60 + 15ULL * attempt;
                entry.rejected_at = ccm_date(from_minutes(to_minutes(m.date) + seconds / 60));
                entry.result_code = 1;
                const std::string bytes = und::write_und_entry(entry);
                file.write(bytes);
                m.und_copies.push_back({path, position, bytes.size(), attempt});
                position += bytes.size();
            }
        }
        const std::uint64_t size = file.bytes_written();
        record_file(path, size, file.commit(), "und");
        for (const auto& [id, attempts] : damage_.loops) {
            DamageRecord record;
            record.kind = DamageKind::import_loop;
            record.file = loop_files_[id];
            record.length = world_.messages[id - 1].ccm_copies.front().length;
            record.detail = fmt::format(
                "IMPORT returned 1 on each of {} attempts; the file stayed "
                "in Import and each attempt appended an entry to {}",
                attempts, kUndName);
            record.messages.push_back(id);
            record.related_files.push_back(path);
            pending_.push_back(std::move(record));
        }
#else
        throw UsageError("import-loop damage needs the .und writer, which this build lacks");
#endif
    }

    void write_tmp_files() {
        // The console output of the last runs, as the connector redirected it.
        if (!last_export_name_.empty()) {
            write_small_file(store_path("", tmp_file_name(unique_counter(tmp_counter_, "tmp"))),
                             export_console_line(kExchangeName, last_export_name_), "tmp");
        }
        if (!last_import_name_.empty()) {
            write_small_file(store_path("", tmp_file_name(unique_counter(tmp_counter_, "tmp"))),
                             import_console_line(last_import_name_), "tmp");
        }
        for (unsigned i = 0; i < damage_.zero_tmp; ++i) {
            const std::string path =
                store_path("", tmp_file_name(unique_counter(tmp_counter_, "tmp")));
            write_small_file(path, "", "tmp");
            DamageRecord record;
            record.kind = DamageKind::zero_tmp;
            record.file = path;
            record.detail = "zero-byte temporary file left behind by an interrupted run";
            pending_.push_back(std::move(record));
        }
    }

  public:
    std::vector<DamageRecord> take_records() { return std::move(pending_); }

  private:
    Run& run_;
    World& world_;
    const StoreDamage& damage_;
    const OutputFolder& out_;
    Rng& rng_;
    unsigned export_counter_ = 0;
    unsigned import_counter_ = 0;
    unsigned tmp_counter_ = 0;
    std::map<std::string, std::set<unsigned>> used_;
    std::map<std::uint64_t, std::string> loop_files_;
    std::string last_export_name_;
    std::string last_import_name_;
    std::vector<DamageRecord> pending_;
};

}  // namespace

void write_connector_store(Run& run, const StoreDamage& damage, const OutputFolder& out, Rng& rng) {
    StoreWriter writer(run, damage, out, rng);
    writer.write();
    for (auto& record : writer.take_records()) run.damage.push_back(std::move(record));
}

}  // namespace ccsalvage::generator
