#include "flow/po_sightings.hpp"

#include <algorithm>

#include "flow/message_identity.hpp"
#include "flow/po_message.hpp"

namespace ccsalvage::flow {
namespace {

// Folder kind 6: a queue of messages waiting for another post office
// (docs/formats/post-office.md section 8.2).
constexpr std::uint8_t kQueueFolderKind = 6;

Sighting record_sighting(const po::PostOfficeSource& source, const po::PostOffice& post_office,
                         const po::MessageRecord& record, const std::string& name,
                         const PoMessageOptions& options, CopyKind kind) {
    const PoMessage loaded = load_po_message(source, post_office, record, options);
    Sighting s;
    s.copy.kind = kind;
    s.copy.file = loaded.record_file;
    s.copy.offset = loaded.record_offset;
    s.copy.place = name;
    s.copy.message_number = record.header.message_number;
    const bool items_whole = std::all_of(loaded.items.begin(), loaded.items.end(),
                                         [](const PoItemState& item) { return item.intact; });
    s.copy.complete =
        record.place.readable && record.place.intact && !record.place.malformed && items_whole;
    if (!s.copy.complete) {
        s.copy.note = !record.place.readable   ? "header record unreadable"
                      : record.place.malformed ? "header record malformed"
                      : !record.place.intact   ? "header record fails its checksum"
                                               : "item data missing or damaged";
    }
    if (kind == CopyKind::po_recovered) {
        s.copy.note += std::string(s.copy.note.empty() ? "" : "; ") +
                       (record.provenance == po::Provenance::stale ? "stale (in a free block)"
                                                                   : "lost (unreachable)");
    }
    s.identity = message_identity(loaded.message);
    s.header_identity = header_identity(loaded.message);
    describe(loaded.message, s);
    return s;
}

std::uint32_t block_size_of(const po::PostOffice& post_office, const std::string& file) {
    for (const auto& info : post_office.files) {
        if (info.name == file) return info.block_size;
    }
    return 0;
}

}  // namespace

PostOfficeSightings add_post_office(const po::PostOfficeSource& source,
                                    const po::PostOffice& post_office, const std::string& name,
                                    const SightingHandler& on_sighting) {
    PostOfficeSightings out;
    out.name = name;
    const PoMessageOptions options = options_for(post_office);
    for (const auto& record : post_office.messages) {
        Sighting s =
            record_sighting(source, post_office, record, name, options, CopyKind::po_record);
        ++out.records;
        if (!s.copy.complete) ++out.incomplete_records;
        if (on_sighting) on_sighting(std::move(s));
    }
    for (const auto& record : post_office.recovered_messages) {
        Sighting s =
            record_sighting(source, post_office, record, name, options, CopyKind::po_recovered);
        ++out.recovered_records;
        if (!s.copy.complete) ++out.incomplete_records;
        if (on_sighting) on_sighting(std::move(s));
    }
    for (const auto& mailbox : post_office.mailboxes) {
        const std::uint32_t block_size = block_size_of(post_office, mailbox.file);
        for (const auto& folder : mailbox.folders) {
            for (const auto& entry : folder.entries) {
                Sighting s;
                s.copy.kind = CopyKind::folder_entry;
                s.copy.file = mailbox.file;
                s.copy.offset = std::uint64_t{folder.list.head()} * block_size;
                s.copy.place = name;
                s.copy.message_number = entry.message_number;
                s.copy.note = folder.descriptor.name;
                s.copy.in_post_office_queue = folder.descriptor.kind == kQueueFolderKind;
                ++out.folder_entries;
                if (on_sighting) on_sighting(std::move(s));
            }
        }
    }
    return out;
}

}  // namespace ccsalvage::flow
