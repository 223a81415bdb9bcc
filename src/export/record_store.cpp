#include "export/record_store.hpp"

#include <algorithm>
#include <cstring>
#include <stdexcept>
#include <type_traits>

namespace ccsalvage::exporting {

namespace {

// A compact record's image: this fixed part, then its blocks (4 bytes each), then a byte per
// item state (bit 0 present, bit 1 intact). The store's own format, written and read by this
// file only.
struct FixedPart {
    std::uint32_t message_number = 0;
    std::uint32_t reference_count = 0;
    std::uint32_t sender_entry_id = 0;
    std::uint32_t total_item_bytes = 0;
    po::DosDateTime date;
    po::DosDateTime arrival;
    std::uint16_t flags = 0;
    std::uint16_t item_count = 0;
    std::uint16_t recipient_count = 0;
    std::uint8_t provenance = 0;
    std::uint8_t file = 0;
    std::uint32_t write_serial = 0;
    std::uint32_t payload_bytes = 0;
    std::uint32_t block_count = 0;
    std::uint32_t item_state_count = 0;
    std::uint8_t place_flags = 0;  // readable, intact, complete, malformed: bits 0-3
};
static_assert(std::is_trivially_copyable_v<FixedPart>);

constexpr std::uint8_t kReadable = 1U;
constexpr std::uint8_t kIntact = 2U;
constexpr std::uint8_t kComplete = 4U;
constexpr std::uint8_t kMalformed = 8U;
constexpr std::uint8_t kItemPresent = 1U;
constexpr std::uint8_t kItemIntact = 2U;

// What a compact record leaves out (po::detail::make_compact): a record that still has any of
// it is not one this store can copy whole.
bool is_compact(const po::MessageRecord& record) {
    if (!record.compact || !record.header.sender.empty() || !record.header.subject.empty() ||
        !record.header.recipients.empty() || !record.header.items.empty()) {
        return false;
    }
    return std::all_of(record.items.begin(), record.items.end(),
                       [](const po::ItemState& item) { return item.extent_blocks.empty(); });
}

std::size_t image_bytes(const po::MessageRecord& record) {
    return sizeof(FixedPart) + record.place.blocks.size() * sizeof(std::uint32_t) +
           record.items.size();
}

std::uint8_t bit_if(bool on, std::uint8_t bit) { return on ? bit : std::uint8_t{0}; }

void write_image(const po::MessageRecord& record, std::vector<std::uint8_t>& out) {
    FixedPart fixed;
    const po::MessageHeader& h = record.header;
    fixed.message_number = h.message_number;
    fixed.reference_count = h.reference_count;
    fixed.sender_entry_id = h.sender_entry_id;
    fixed.total_item_bytes = h.total_item_bytes;
    fixed.date = h.date;
    fixed.arrival = h.arrival;
    fixed.flags = h.flags;
    fixed.item_count = h.item_count;
    fixed.recipient_count = h.recipient_count;
    fixed.provenance = static_cast<std::uint8_t>(record.provenance);
    fixed.file = static_cast<std::uint8_t>(record.file);
    fixed.write_serial = record.place.write_serial;
    fixed.payload_bytes = record.payload_bytes;
    fixed.block_count = static_cast<std::uint32_t>(record.place.blocks.size());
    fixed.item_state_count = static_cast<std::uint32_t>(record.items.size());
    fixed.place_flags = static_cast<std::uint8_t>(
        bit_if(record.place.readable, kReadable) | bit_if(record.place.intact, kIntact) |
        bit_if(record.place.complete, kComplete) | bit_if(record.place.malformed, kMalformed));
    out.resize(image_bytes(record));
    std::memcpy(out.data(), &fixed, sizeof fixed);
    std::uint8_t* at = out.data() + sizeof fixed;
    if (!record.place.blocks.empty()) {
        std::memcpy(at, record.place.blocks.data(),
                    record.place.blocks.size() * sizeof(std::uint32_t));
        at += record.place.blocks.size() * sizeof(std::uint32_t);
    }
    for (const po::ItemState& item : record.items) {
        *at++ = static_cast<std::uint8_t>(bit_if(item.present, kItemPresent) |
                                          bit_if(item.intact, kItemIntact));
    }
}

po::MessageRecord read_image(const std::vector<std::uint8_t>& image) {
    FixedPart fixed;
    if (image.size() < sizeof fixed) throw std::logic_error("RecordStore: a short image");
    std::memcpy(&fixed, image.data(), sizeof fixed);
    const std::uint64_t expected = sizeof fixed +
                                   std::uint64_t{fixed.block_count} * sizeof(std::uint32_t) +
                                   fixed.item_state_count;
    if (expected != image.size()) throw std::logic_error("RecordStore: an image of another size");

    po::MessageRecord record;  // its lists on the heap
    po::MessageHeader& h = record.header;
    h.message_number = fixed.message_number;
    h.reference_count = fixed.reference_count;
    h.sender_entry_id = fixed.sender_entry_id;
    h.total_item_bytes = fixed.total_item_bytes;
    h.date = fixed.date;
    h.arrival = fixed.arrival;
    h.flags = fixed.flags;
    h.item_count = fixed.item_count;
    h.recipient_count = fixed.recipient_count;
    record.provenance = static_cast<po::Provenance>(fixed.provenance);
    record.file = static_cast<po::FileKind>(fixed.file);
    record.compact = true;
    record.payload_bytes = fixed.payload_bytes;
    record.place.write_serial = fixed.write_serial;
    record.place.readable = (fixed.place_flags & kReadable) != 0;
    record.place.intact = (fixed.place_flags & kIntact) != 0;
    record.place.complete = (fixed.place_flags & kComplete) != 0;
    record.place.malformed = (fixed.place_flags & kMalformed) != 0;
    const std::uint8_t* at = image.data() + sizeof fixed;
    record.place.blocks.resize(fixed.block_count);
    if (fixed.block_count != 0) {
        std::memcpy(record.place.blocks.data(), at, fixed.block_count * sizeof(std::uint32_t));
        at += fixed.block_count * sizeof(std::uint32_t);
    }
    record.items.resize(fixed.item_state_count);
    for (po::ItemState& item : record.items) {
        item.present = (*at & kItemPresent) != 0;
        item.intact = (*at & kItemIntact) != 0;
        ++at;
    }
    return record;
}

}  // namespace

std::optional<RecordStore> RecordStore::copy_of(const po::PostOffice& office,
                                                std::size_t entries_per_read) {
    // A copy: get_allocator() returns the allocator by value.
    const std::shared_ptr<ScratchSpace> space = office.messages.get_allocator().space();
    if (!space || office.message_lookup.size() != office.messages.size() || entries_per_read == 0) {
        return std::nullopt;
    }
    const std::size_t count = office.messages.size() + office.recovered_messages.size();
    // Two passes in list order, each releasing the pages it passed (the list's, and the
    // image's as it is written): the first sizes the images, the second writes them.
    std::uint64_t total = 0;
    for (std::size_t i = 0; i < count; ++i) {
        const po::MessageRecord& record = office.record_at(i);
        if (!is_compact(record)) return std::nullopt;
        total += image_bytes(record);
        space->passed(i + 1, po::kMessagesPerRelease);
    }
    RecordStore store;
    store.messages_ = office.messages.size();
    store.entries_per_read_ = entries_per_read;
    store.offsets_ = ScratchArray<std::uint64_t>(count + 1, space.get());
    store.bytes_ = ScratchArray<std::uint8_t>(static_cast<std::size_t>(total), space.get());
    store.offsets_.push_back(0);
    std::vector<std::uint8_t> image;
    for (std::size_t i = 0; i < count; ++i) {
        write_image(office.record_at(i), image);
        store.bytes_.append(image);
        store.offsets_.push_back(store.bytes_.size());
        space->passed(i + 1, po::kMessagesPerRelease);
    }
    store.lookup_ = ScratchArray<LookupEntry>(office.message_lookup.size(), space.get());
    for (std::size_t i = 0; i < office.message_lookup.size(); ++i) {
        const auto& [number, position] = office.message_lookup[i];
        const LookupEntry entry{number, position};
        store.lookup_.push_back(entry);
        if (i % entries_per_read == 0) store.samples_.push_back(entry);
        space->passed(i + 1, po::kMessagesPerRelease * 8);
    }
    space->release_resident();
    return store;
}

po::MessageRecord RecordStore::read(std::size_t position) const {
    if (position >= size()) throw std::out_of_range("RecordStore::read: past the records");
    std::uint64_t range[2] = {0, 0};
    offsets_.read(position, range, 2);
    if (range[1] < range[0] || range[1] > bytes_.size()) {
        throw std::logic_error("RecordStore: an image out of its range");
    }
    std::vector<std::uint8_t> image(static_cast<std::size_t>(range[1] - range[0]));
    bytes_.read(static_cast<std::size_t>(range[0]), image.data(), image.size());
    return read_image(image);
}

std::optional<std::size_t> RecordStore::position_of(std::uint32_t message_number) const {
    const auto by_number = [](const LookupEntry& e, std::uint32_t n) { return e.number < n; };
    // The first sample at or past the number: the first entry with it is that sample, or in
    // the run of entries just before it.
    const auto sample =
        std::lower_bound(samples_.begin(), samples_.end(), message_number, by_number);
    const auto k = static_cast<std::size_t>(sample - samples_.begin());
    std::optional<LookupEntry> found;
    if (k != 0) {
        const std::size_t from = (k - 1) * entries_per_read_;
        const std::size_t count = std::min(entries_per_read_, lookup_.size() - from);
        std::vector<LookupEntry> run(count);
        lookup_.read(from, run.data(), count);
        const auto it = std::lower_bound(run.begin(), run.end(), message_number, by_number);
        if (it != run.end()) found = *it;
    }
    if (!found && sample != samples_.end()) found = *sample;
    if (!found || found->number != message_number || found->position >= messages_) {
        return std::nullopt;
    }
    return found->position;
}

}  // namespace ccsalvage::exporting
