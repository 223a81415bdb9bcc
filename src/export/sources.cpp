#include "export/sources.hpp"

#include <atomic>
#include <memory>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include "core/evidence.hpp"
#include "core/heap_release.hpp"
#include "core/scratch_array.hpp"
#include "export/record_store.hpp"
#include "flow/po_message.hpp"
#include "parsers/po/reader.hpp"

namespace ccsalvage::exporting {

namespace {

// Why a post office message cannot go out as mail as it is, or "" when it can.
std::string po_damage(const po::MessageRecord& record, const flow::PoMessage& loaded) {
    if (!record.place.readable) return "the message record could not be read";
    if (record.place.malformed) return "the message record is malformed (PO-016)";
    for (std::size_t i = 0; i < loaded.items.size(); ++i) {
        const auto& state = loaded.items[i];
        if (!state.present) return "item " + std::to_string(i + 1) + ": data not found";
        if (!state.intact) {
            return "item " + std::to_string(i + 1) + ": data incomplete or failed its CRC";
        }
    }
    return {};
}

std::string provenance_text(po::Provenance provenance) {
    switch (provenance) {
        case po::Provenance::lost:
            return "recovered (lost record: in use, unreachable from the indexes)";
        case po::Provenance::stale:
            return "recovered (stale record in free space: deleted or superseded)";
        case po::Provenance::reached:
            break;
    }
    return "as found";
}

// The pages of one file of the folder (by its position in the source), when there is one.
void release_pages(const po::PostOfficeFolder& folder, const po::FileInfo* file) {
    if (file != nullptr && file->source_index < folder.evidence().size()) {
        const EvidenceFile& evidence = folder.evidence()[file->source_index];
        evidence.release_range(0, evidence.size());
    }
}

// Messages loaded between two drops of MLANDATA's and CLANDATA's pages (placements the
// exporter fills from its record cache read nothing and do not count). An item read maps far more
// than the item (the kernel maps whole cached folios around a fault: about 200 KiB per message was
// measured), so this is small: at 8 the 32,000-message set peaked at 73 MiB, at 32 at 87, at
// 256 at 119 (docs/performance.md), for a few per cent more system time.
constexpr std::uint64_t kReleaseEvery = 8;

// Placements walked between two drops of the scratch space's pages (the message list, the keys
// exported): a page or two per placement, and the kernel maps up to 16 cached pages around each
// page touched, so at 256 up to 9 MiB of them were resident at 1 GiB, at 64 up to 4 MiB; at 2
// it cost 2 s more system time (docs/performance.md, "Session 11").
constexpr std::uint64_t kReleaseScratchEvery = 64;

// The bytes of a post office folder's files (its size for the scratch file's threshold).
std::uint64_t folder_bytes(const po::PostOfficeFolder& folder) {
    std::uint64_t total = 0;
    for (const EvidenceFile& file : folder.evidence()) total += file.size();
    return total;
}

// Each message's header is decoded again when it is loaded: the model keeps compact records.
po::ReadOptions compact(std::shared_ptr<ScratchSpace> scratch) {
    po::ReadOptions options;
    options.messages = po::MessageDetail::compact;
    options.scratch = std::move(scratch);
    return options;
}

// A post office read for export: its mapped files, the reader's model and how to decode it.
struct ReadPostOffice {
    ReadPostOffice(const std::filesystem::path& path, EventLog& log,
                   std::shared_ptr<ScratchSpace> space, std::uint64_t space_from_bytes)
        : folder(po::PostOfficeFolder::open(path)),
          office(po::read_post_office(
              folder.source(),
              po::releasing_pages(
                  folder,
                  compact(folder_bytes(folder) >= space_from_bytes ? std::move(space) : nullptr)),
              log)),
          options(flow::options_for(office)),
          items_file(office.file(po::FileKind::mlandata)),
          records_file(office.file(po::FileKind::clandata)) {
        folder.release_pages();  // the directory, message and folder records the walks read
        // The read's own working memory (its per-record transients, the folder lists' decoded
        // entries) is free now; malloc keeps what it freed in the middle of its heap until asked.
        release_free_heap();
        // The items, and the header records decoded again, are read with pread: through the
        // mapping, each read mapped the kernel's cached folios around it (14 MiB of MLANDATA
        // resident between two drops at 1 GiB with ext4's large folios, up to 4 MiB of
        // CLANDATA between two drops at 4 GiB), and the drops cost a system call each.
        options.item_reads = positioned_reads(items_file);
        options.record_reads = positioned_reads(records_file);
        // The same for the message records themselves when the list is in the scratch file:
        // the walks read a copy of each with pread instead of touching the list (RecordStore).
        store = RecordStore::copy_of(office);
    }

    std::size_t messages() const { return office.messages.size(); }
    std::size_t records() const {
        return office.messages.size() + office.recovered_messages.size();
    }

    // The position in the message list of the message with this number (the first one in list
    // order), as PostOffice::find_message finds it.
    std::optional<std::size_t> position_of(std::uint32_t message_number) const {
        if (store) return store->position_of(message_number);
        const po::MessageRecord* record = office.find_message(message_number);
        if (record == nullptr) return std::nullopt;
        return static_cast<std::size_t>(record - office.messages.data());
    }

    po::PositionedRead positioned_reads(const po::FileInfo* file) const {
        if (file == nullptr || file->source_index >= folder.evidence().size()) return {};
        return po::positioned_reads(folder.evidence()[file->source_index]);
    }

    // Where a file could not be read with pread, what the loads read through its mapping stays
    // resident (19 MiB of CLANDATA at 1 GiB when only MLANDATA's pages were dropped); dropping
    // the pages while another thread reads only means a page fault more (residency, not
    // content).
    void count_load() const {
        if (loads.fetch_add(1, std::memory_order_relaxed) % kReleaseEvery == kReleaseEvery - 1) {
            if (!options.item_reads) release_pages(folder, items_file);
            if (!options.record_reads) release_pages(folder, records_file);
        }
    }
    // Called with each placement walked (loaded or not: a walk touches the message list too).
    void count_placement(std::uint64_t position) const {
        if (scratch) scratch->passed(position + 1, kReleaseScratchEvery);
    }

    po::PostOfficeFolder folder;
    po::PostOffice office;
    flow::PoMessageOptions options;
    const po::FileInfo* items_file;
    const po::FileInfo* records_file;
    std::shared_ptr<ScratchSpace> scratch = office.messages.get_allocator().space();
    std::optional<RecordStore> store;
    mutable std::atomic<std::uint64_t> loads{0};
};

// The record at `position` (messages, then recovered messages) for a loader that may run after
// the walk has moved on: read back from the store, or the list's own record (an aliasing
// pointer that keeps the post office alive).
std::shared_ptr<const po::MessageRecord> record_at(const std::shared_ptr<const ReadPostOffice>& po,
                                                   std::size_t position) {
    if (po->store) return std::make_shared<const po::MessageRecord>(po->store->read(position));
    return {po, &po->office.record_at(position)};
}

// The per-message work of one placement (a PlacementLoader): the item reads with their CRC
// checks, the decoding, the damage. Reads the model only.
LoadedPlacement load(const ReadPostOffice& po, const po::MessageRecord& record,
                     const Destination& destination, bool read) {
    po.count_load();
    auto loaded = std::make_shared<const flow::PoMessage>(
        flow::load_po_message(po.folder.source(), po.office, record, po.options));
    LoadedPlacement out;
    Placement& p = out.placement;
    p.destination = destination;
    p.message = &loaded->message;
    p.code_page = po.options.code_page;
    p.number = record.header.message_number;
    p.read = read;
    p.source_file = loaded->record_file;
    p.source_offset = loaded->record_offset;
    p.repair_status = provenance_text(record.provenance);
    p.damage = po_damage(record, *loaded);
    if (record.provenance != po::Provenance::reached && p.damage.empty()) {
        p.damage = p.repair_status + "; repair the post office to place it";
    }
    out.owner = std::move(loaded);
    return out;
}

// A copy of a .ccm message that owns its item bytes: the reader's message and its views live
// only while it hands the message over.
struct OwnedMessage {
    explicit OwnedMessage(const ccm::Message& original) : message(original) {
        bytes.reserve(message.items.size());
        for (auto& item : message.items) {
            bytes.emplace_back(item.data);
            item.data = bytes.back();
        }
    }
    OwnedMessage(const OwnedMessage&) = delete;
    OwnedMessage& operator=(const OwnedMessage&) = delete;

    ccm::Message message;
    std::vector<std::string> bytes;  // reserved up front: the views never move
};

// The placements of a post office in their export order, each as (the record's position
// within the source: messages, then recovered messages; destination, read): post office folders
// by user, folder and folder entry when `per_folder`, then the messages no folder holds (or all
// of them, by message index, for flat targets), then the recovered ones. Walked twice: once to
// find where each record shows next, once to offer them. The walk reads no record itself.
template <class Visit>
void walk_placements(const ReadPostOffice& po, const Destination& flat, bool per_folder,
                     const ProgressHandler& progress, Visit&& visit) {
    const po::PostOffice& office = po.office;
    const flow::PoMessageOptions& options = po.options;
    const std::size_t messages = po.messages();
    const std::uint64_t total = po.records();
    std::uint64_t done = 0;
    // Which messages a folder holds, by position in the message list: a bit per message (the
    // set of numbers it replaces cost about 40 bytes per message).
    std::vector<bool> filed(messages, false);
    if (per_folder) {
        for (const po::Mailbox& mailbox : office.mailboxes) {
            Destination d = flat;
            d.mailbox = decode_to_utf8(mailbox.header.owner_name, options.code_page).utf8;
            if (d.mailbox.empty()) d.mailbox = "mailbox " + std::to_string(mailbox.file_number);
            d.mailbox_number = mailbox.file_number;
            for (const po::Folder& f : mailbox.folders) {
                d.folder = decode_to_utf8(f.descriptor.name, options.code_page).utf8;
                d.folder_id = f.descriptor.folder_id;
                for (const po::FolderEntry& entry : f.entries) {
                    const std::optional<std::size_t> position =
                        po.position_of(entry.message_number);
                    if (!position) continue;  // analyze reports it (a dangling entry)
                    filed[*position] = true;
                    visit(*position, d, (entry.flags & 1U) != 0);
                }
            }
        }
    }
    Destination unfiled = flat;
    unfiled.folder = "Inbox";
    for (std::size_t i = 0; i < total; ++i) {
        if (progress) progress(++done, total);
        if (i < messages && filed[i]) continue;
        visit(i, per_folder ? unfiled : flat, false);
    }
}

// For each placement in walk order, the position of its record's next placement (kNone for
// the last): 4 bytes per placement while the source is enumerated, in the scratch space when
// the post office's state is.
constexpr std::uint32_t kNone = 0xFFFFFFFFU;

ScratchArray<std::uint32_t> next_placements(const ReadPostOffice& po, const Destination& flat,
                                            bool per_folder) {
    const std::size_t records = po.records();
    std::size_t placements = records;  // at most: every folder entry, and every record once more
    for (const po::Mailbox& mailbox : po.office.mailboxes) {
        for (const po::Folder& f : mailbox.folders) placements += f.entries.size();
    }
    ScratchArray<std::uint32_t> next(placements, po.scratch.get());
    ScratchArray<std::uint32_t> last(records, po.scratch.get());
    last.assign(records, kNone);
    // A record's last placement is looked up and the one before it written at random: with
    // positioned reads and writes (ScratchArray::read and write), which map nothing.
    walk_placements(po, flat, per_folder, {}, [&](std::size_t record, const Destination&, bool) {
        const auto position = static_cast<std::uint32_t>(next.size());
        po.count_placement(position);
        next.push_back(kNone);
        std::uint32_t previous = kNone;
        last.read(record, &previous, 1);
        if (previous != kNone) next.write(previous, &position, 1);
        last.write(record, &position, 1);
    });
    return next;
}

}  // namespace

void enumerate_post_office(const std::filesystem::path& path, bool per_folder, EventLog& log,
                           const ProgressHandler& progress, const PlacementHandler& handle,
                           std::shared_ptr<ScratchSpace> scratch,
                           std::uint64_t scratch_from_bytes) {
    // Shared with the loaders: the model and the mapped files live until the last one is done.
    const auto po =
        std::make_shared<const ReadPostOffice>(path, log, std::move(scratch), scratch_from_bytes);
    const po::PostOffice& office = po->office;
    std::string name = path.filename().string();
    if (office.clandata && !office.clandata->po_name.empty()) {
        name = decode_to_utf8(office.clandata->po_name, po->options.code_page).utf8;
    }
    Destination flat;
    flat.source_label = path.string();  // unique per source
    flat.post_office = name;
    // Only a folder target places a record more than once (a placement count beyond 2^32 - 1
    // is past every bound of the reader).
    const ScratchArray<std::uint32_t> next =
        per_folder ? next_placements(*po, flat, per_folder) : ScratchArray<std::uint32_t>{};
    std::uint64_t position = 0;
    walk_placements(*po, flat, per_folder, progress,
                    [&](std::size_t index, const Destination& destination, bool read) {
                        po->count_placement(position);
                        std::shared_ptr<const po::MessageRecord> record = record_at(po, index);
                        PlacementUse use;
                        use.record = index;
                        use.position = position++;
                        if (use.position < next.size() && next[use.position] != kNone) {
                            use.next = next[use.position];
                        }
                        use.destination = &destination;
                        use.read = read;
                        use.stated_bytes = record->header.total_item_bytes;
                        handle([po, record = std::move(record), destination,
                                read] { return load(*po, *record, destination, read); },
                               use);
                    });
}

void enumerate_ccm_file(const std::filesystem::path& path, const ccm::ReaderOptions& options,
                        EventLog& log, const ProgressHandler& progress,
                        const PlacementHandler& handle) {
    const auto file = EvidenceFile::open(path);
    Destination d;
    d.source_label = path.string();
    d.folder = "Inbox";
    auto reader = options;
    reader.on_progress = [&](std::uint64_t offset) {
        if (progress) progress(offset, file.size());
    };
    ccm::read_ccm(file, reader, log, [&](const ccm::Message& message) {
        LoadedPlacement loaded;
        Placement& p = loaded.placement;
        auto owned = std::make_shared<const OwnedMessage>(message);
        p.destination = d;
        p.message = &owned->message;
        p.code_page = options.code_page;
        p.number = message.index;
        p.source_file = file.display_name();
        p.source_offset = message.offset;
        p.repair_status = "as found";
        if (message.partial) {
            p.damage = "the file ended inside this message";
        } else {
            for (std::size_t i = 0; i < message.items.size(); ++i) {
                if (message.items[i].truncated) {
                    p.damage = "item " + std::to_string(i + 1) + ": the file ended inside its data";
                    break;
                }
            }
        }
        loaded.owner = std::move(owned);
        PlacementUse use;
        use.record = message.index;
        use.position = message.index;
        use.destination = &d;
        for (const auto& item : message.items) use.stated_bytes += item.data.size();
        // Already read (the reader streams the file): the loader only hands it over.
        handle([loaded = std::move(loaded)] { return loaded; }, use);
    });
}

}  // namespace ccsalvage::exporting
