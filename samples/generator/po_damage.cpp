#include "po_damage.hpp"

#ifdef CCSALVAGE_GENERATOR_HAVE_PO
#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>

#include "console.hpp"
#include "core/sha256.hpp"
#include "parsers/nfterror/writer.hpp"
#include "parsers/po/block.hpp"
#include "parsers/po/layout_block.hpp"
#include "parsers/po/layout_clandata.hpp"
#include "parsers/po/layout_file_header.hpp"
#include "parsers/po/nft.hpp"
#include "population.hpp"

namespace ccsalvage::generator {

namespace {

namespace lb = po::layout::block;
namespace lc = po::layout::clandata;
namespace lf = po::layout::file_header;

// Where console text lands in a message header: the sender text, right after its length
// (payload offset 32 is the sender's text16 length), as in the Q179072 dump where readable
// text sits amid the record's bytes.
constexpr std::uint64_t kSenderText = lc::msg::kFixedEnd + 2;

}  // namespace

std::uint64_t records_in(const World& world, std::size_t po) {
    std::uint64_t n = 0;
    for (const auto& m : world.messages) {
        for (const auto& copy : m.po_copies) n += copy.po == po ? 1 : 0;
    }
    return n;
}

PoDamager::PoDamager(Run& run, std::string folder, po::PostOfficeFiles& files,
                     const po::PostOffice& model, const PoSpecResult& info, Rng& rng)
    : run_(run), folder_(std::move(folder)), files_(files), model_(model), info_(info), rng_(rng) {
    if (model.clandata) block_size_ = model.clandata->common.block_size;
    // The log is written on the next connector cycles after the snapshot's damage.
    clock_ = from_minutes(to_minutes(run.world.snapshot) + 1, 7);
}

void PoDamager::apply(DamageKind kind) {
    switch (kind) {
        case DamageKind::console_header:
            return console_header();
        case DamageKind::broken_chain:
            return broken_chain();
        case DamageKind::wrong_counter:
            return wrong_counter();
        case DamageKind::index_to_free:
            return index_to_free();
        case DamageKind::nft_mismatch:
            return nft_mismatch();
        case DamageKind::truncate:
            return truncate();
        default:
            break;
    }
    throw std::logic_error("PoDamager: not a post office damage kind");
}

Patch PoDamager::patch(std::string& file, const std::string& name, std::uint64_t offset,
                       std::string_view bytes) {
    if (offset + bytes.size() > file.size())
        throw std::logic_error("PoDamager: patch past the end");
    const auto at = static_cast<std::size_t>(offset);
    Patch p;
    p.file = path(name);
    p.offset = offset;
    p.original_hex = to_hex(std::string_view(file).substr(at, bytes.size()));
    file.replace(at, bytes.size(), bytes);
    p.new_hex = to_hex(bytes);
    return p;
}

Patch PoDamager::put_u32(std::string& file, const std::string& name, std::uint64_t offset,
                         std::uint32_t value) {
    std::string bytes(4, '\0');
    for (unsigned i = 0; i < 4; ++i) bytes[i] = static_cast<char>((value >> (8 * i)) & 0xFF);
    return patch(file, name, offset, bytes);
}

std::uint32_t PoDamager::get_u32(const std::string& file, std::uint64_t offset) const {
    std::uint32_t v = 0;
    for (unsigned i = 0; i < 4; ++i) {
        v |= static_cast<std::uint32_t>(static_cast<unsigned char>(file[offset + i])) << (8 * i);
    }
    return v;
}

std::uint64_t PoDamager::payload_byte(const std::string& file, std::uint32_t head,
                                      std::uint64_t payload_offset) const {
    // Every block but the last of a chain is full (4.5), so the byte is in block
    // payload_offset / C of the chain.
    const std::uint64_t capacity = block_size_ - lb::kHeaderSize;
    std::uint32_t block = head;
    for (std::uint64_t k = payload_offset / capacity; k > 0; --k) {
        block = get_u32(file, std::uint64_t{block} * block_size_ + lb::kNextBlock);
    }
    return std::uint64_t{block} * block_size_ + lb::kHeaderSize + payload_offset % capacity;
}

std::uint64_t PoDamager::message_index_entry(std::uint32_t record_block) const {
    namespace li = lc::msg_index;
    const std::string& file = files_.clandata;
    const std::uint32_t index_head = get_u32(file, lc::kMessageIndexBlock);
    const std::uint32_t count = get_u32(file, payload_byte(file, index_head, li::kEntryCount));
    for (std::uint32_t i = 0; i < count; ++i) {
        // Entries are 8 bytes and block payloads a multiple of 8, so none straddles blocks.
        const std::uint64_t entry = li::kEntries + std::uint64_t{i} * li::kEntrySize;
        if (get_u32(file, payload_byte(file, index_head, entry + 4)) == record_block) {
            return payload_byte(file, index_head, entry);
        }
    }
    throw std::logic_error("index-to-free: no message index entry names the record");
}

void PoDamager::reseal(std::string& file, std::uint32_t block) const {
    po::seal_block(file, static_cast<std::size_t>(block) * block_size_, block_size_);
}

void PoDamager::free_blocks(std::string& file, const std::string& name,
                            std::span<const std::uint32_t> blocks, DamageRecord& record) {
    const std::uint32_t nft_head = get_u32(file, lf::kNftBlock);
    for (const std::uint32_t b : blocks) {
        const std::uint64_t at = payload_byte(file, nft_head, po::nft_state_offset(b));
        record.patches.push_back(patch(file, name, at, std::string(1, '\0')));
        reseal(file, static_cast<std::uint32_t>(at / block_size_));
    }
    // The free count follows, in the header and its copy, so that only the allocation of the
    // record is wrong.
    const std::uint32_t free = get_u32(file, lf::kFreeBlocks);
    const auto raised = static_cast<std::uint32_t>(free + blocks.size());
    for (const std::uint32_t header : {lf::kHeaderBlock, lf::kCopyBlock}) {
        record.patches.push_back(
            put_u32(file, name, std::uint64_t{header} * block_size_ + lf::kFreeBlocks, raised));
        reseal(file, header);
    }
}

std::uint64_t PoDamager::message_id(std::uint32_t number) const {
    const auto it = info_.copies.find(number);
    return it == info_.copies.end() ? 0 : run_.world.messages[it->second.first].id;
}

const po::MessageRecord* PoDamager::pick_message() {
    std::vector<const po::MessageRecord*> candidates;
    for (const auto& m : model_.messages) {
        if (m.place.blocks.empty()) continue;
        if (std::find(used_messages_.begin(), used_messages_.end(), m.header.message_number) !=
            used_messages_.end()) {
            continue;
        }
        candidates.push_back(&m);
    }
    if (candidates.empty()) return nullptr;
    const po::MessageRecord* chosen = candidates[rng_.index(candidates.size())];
    used_messages_.push_back(chosen->header.message_number);
    return chosen;
}

void PoDamager::log_line(const Timestamp& when, std::string_view program, std::string_view file,
                         std::string_view structure, std::uint32_t block, std::uint32_t offset,
                         std::string_view code, std::string text) {
    nfterror::Record r;
    r.when.year = when.year;
    r.when.month = when.month;
    r.when.day = when.day;
    r.when.hour = when.hour;
    r.when.minute = when.minute;
    r.when.second = when.second;
    r.program = program;
    r.file = file;
    r.structure = structure;
    r.block = block;
    r.block_offset = static_cast<std::uint16_t>(offset);
    r.code = code;
    r.text = std::move(text);
    nfterror_ += nfterror::format_line(r);
}

void PoDamager::finish(DamageRecord record) {
    if (!record.patches.empty() && record.file.empty()) {
        record.file = record.patches.front().file;
        record.offset = record.patches.front().offset;
        record.length = record.patches.front().new_hex.size() / 2;
        record.original_hex = record.patches.front().original_hex;
        record.new_hex = record.patches.front().new_hex;
    }
    run_.damage.push_back(std::move(record));
}

void PoDamager::console_header() {
    const po::MessageRecord* m = pick_message();
    if (m == nullptr) throw std::logic_error("console-header: no message record to damage");
    const std::uint32_t head = m->place.head();
    const std::uint64_t offset = std::uint64_t{head} * block_size_ + lb::kHeaderSize + kSenderText;
    const auto variant = static_cast<ConsoleVariant>(rng_.between(0, 2));
    std::string burst = console_burst(
        variant, kExchangeName, ccm_file_name(static_cast<unsigned>(rng_.between(0x1000, 0xFFFF))));
    const std::uint64_t room = (std::uint64_t{head} + 1) * block_size_ - offset;
    if (burst.size() > room) burst.resize(static_cast<std::size_t>(room));

    DamageRecord record;
    record.kind = DamageKind::console_header;
    // A stray write through a wrong file handle: nothing recomputes the block checksum.
    record.patches.push_back(patch(files_.clandata, "CLANDATA", offset, burst));
    record.detail = fmt::format(
        "console output ({}) written over the header of message {} (CLANDATA block {}), from "
        "the sender field on; the block checksum no longer matches",
        to_string(variant), m->header.message_number, head);
    record.messages.push_back(message_id(m->header.message_number));
    record.related_files.push_back(path("NFTERROR.LOG"));
    record.also_expected = {"PO-011", "PO-014", "PO-016", "PO-051"};
    finish(std::move(record));

    // What IMPORT and then EXPORT log when they next meet the record.
    const auto where = static_cast<std::uint32_t>(lb::kHeaderSize + kSenderText);
    log_line(clock_, "IMPORT", "CLANDATA", "MSGHDR", head, where, "TXT",
             fmt::format("plain text in message header {}", m->header.message_number));
    log_line(clock_, "IMPORT", "CLANDATA", "MSGHDR", head, lb::kCrc, "CRC",
             "block checksum mismatch");
    clock_ = from_minutes(to_minutes(clock_), 22);
    const std::uint32_t index_block = model_.clandata ? model_.clandata->message_index_block : 0;
    log_line(clock_, "EXPORT", "CLANDATA", "MSGIDX", index_block,
             lc::msg_index::kEntries + lb::kHeaderSize, "IDX",
             fmt::format("message {} record unreadable", m->header.message_number));
    clock_ = from_minutes(to_minutes(clock_) + 1, 7);
}

void PoDamager::broken_chain() {
    // The longest type chain; BFORCE's job in the vendor's repair order.
    char type = 0;
    std::vector<std::uint32_t> heads;
    std::vector<const po::DirectoryRecord*> entries;
    for (const char t : std::string_view(lc::kChainOrder)) {
        std::vector<const po::DirectoryRecord*> of_type;
        for (const auto& d : model_.directory) {
            if (d.entry.type_code == t && !d.place.blocks.empty()) of_type.push_back(&d);
        }
        if (of_type.size() > entries.size()) {
            entries = of_type;
            type = t;
        }
    }
    if (entries.size() < 2) throw std::logic_error("broken-chain: no chain of two entries");
    std::sort(entries.begin(), entries.end(),
              [](const auto* a, const auto* b) { return a->entry.entry_id < b->entry.entry_id; });
    const std::size_t i = entries.size() >= 3 ? rng_.index(entries.size() - 2) : 0;
    const po::DirectoryRecord& from = *entries[i];
    // Skip the next entry (or, in a chain of two, end the chain early).
    const std::uint32_t wrong = entries.size() >= 3 ? entries[i + 2]->place.head() : 0;
    const std::uint64_t at = payload_byte(files_.clandata, from.place.head(), lc::dir::kChainNext);

    DamageRecord record;
    record.kind = DamageKind::broken_chain;
    record.patches.push_back(put_u32(files_.clandata, "CLANDATA", at, wrong));
    // Sealed: the record itself is intact, only the link is wrong.
    reseal(files_.clandata, static_cast<std::uint32_t>(at / block_size_));
    record.detail = fmt::format(
        "'{}' chain: chain_next of entry {} (block {}) set to {} instead of {}, so the walk "
        "skips entry {}",
        type, from.entry.entry_id, from.place.head(), wrong, entries[i + 1]->place.head(),
        entries[i + 1]->entry.entry_id);
    finish(std::move(record));
}

void PoDamager::wrong_counter() {
    struct Counter {
        std::size_t offset;
        const char* name;
    };
    static const Counter counters[] = {{lc::kMessageCount, "message_count"},
                                       {lc::kDirectoryEntryCount, "directory_entry_count"},
                                       {lc::kMailboxCount, "mailbox_count"}};
    const Counter& c = counters[rng_.index(3)];
    const std::uint32_t old = get_u32(files_.clandata, c.offset);
    const auto value = static_cast<std::uint32_t>(old + rng_.between(1, 3));

    DamageRecord record;
    record.kind = DamageKind::wrong_counter;
    // Header and copy agree (a clean close wrote both), so the only finding is the counter.
    for (const std::uint32_t header : {lf::kHeaderBlock, lf::kCopyBlock}) {
        record.patches.push_back(put_u32(files_.clandata, "CLANDATA",
                                         std::uint64_t{header} * block_size_ + c.offset, value));
        reseal(files_.clandata, header);
    }
    record.detail =
        fmt::format("CLANDATA header {} {} -> {} (block 0 and its copy)", c.name, old, value);
    finish(std::move(record));
}

void PoDamager::index_to_free() {
    const po::MessageRecord* m = pick_message();
    if (m == nullptr) throw std::logic_error("index-to-free: no message record");
    DamageRecord record;
    record.kind = DamageKind::index_to_free;
    free_blocks(files_.clandata, "CLANDATA", m->place.blocks, record);
    record.detail = fmt::format(
        "the blocks of message {} (head {}) are marked free, as after a deletion, but the "
        "message index still points at them; the record itself is intact",
        m->header.message_number, m->place.head());
    record.messages.push_back(message_id(m->header.message_number));
    record.also_expected = {"PO-018"};
    // The finding is the index entry that still points at the freed record (section 16); the
    // allocation table bytes changed are in `patches` (and give PO-018).
    record.file = record.patches.front().file;
    record.offset = message_index_entry(m->place.head());
    record.length = lc::msg_index::kEntrySize;
    finish(std::move(record));
}

void PoDamager::nft_mismatch() {
    std::vector<const po::DirectoryRecord*> candidates;
    for (const auto& d : model_.directory) {
        if (!d.place.blocks.empty()) candidates.push_back(&d);
    }
    if (candidates.empty()) throw std::logic_error("nft-mismatch: no directory record");
    const po::DirectoryRecord& d = *candidates[rng_.index(candidates.size())];
    DamageRecord record;
    record.kind = DamageKind::nft_mismatch;
    free_blocks(files_.clandata, "CLANDATA", d.place.blocks, record);
    record.detail = fmt::format(
        "the allocation table marks the block(s) of directory entry {} (head {}) free while "
        "the entry is live; free_blocks follows",
        d.entry.entry_id, d.place.head());
    finish(std::move(record));
}

void PoDamager::truncate() {
    std::string& file = files_.mlandata;
    const std::uint64_t size = file.size();
    std::uint64_t cut =
        size <= 4ULL * block_size_
            ? block_size_ / 2
            : rng_.between(1, std::min<std::uint64_t>(size / 4, 16ULL * block_size_));
    if (cut % block_size_ == 0) cut -= 1;  // end on a partial block, as an interrupted copy does
    const std::uint64_t kept = size - cut;

    DamageRecord record;
    record.kind = DamageKind::truncate;
    record.file = path("MLANDATA");
    record.offset = kept;
    record.length = cut;
    record.original_sha256 =
        sha256_hex(std::string_view(file).substr(static_cast<std::size_t>(kept)));
    file.resize(static_cast<std::size_t>(kept));
    // The messages whose item data ran into the cut-off part.
    for (const auto& m : model_.messages) {
        bool hit = false;
        for (std::size_t i = 0; i < m.items.size() && i < m.header.items.size(); ++i) {
            for (const std::uint32_t head : m.items[i].extent_blocks) {
                const std::uint64_t end =
                    std::uint64_t{head} * block_size_ + 48 + m.header.items[i].length;
                hit = hit || end > kept;
            }
        }
        if (hit) record.messages.push_back(message_id(m.header.message_number));
    }
    record.detail = fmt::format(
        "MLANDATA cut from {} to {} bytes (a partial last block); {} "
        "message(s) lose item data",
        size, kept, record.messages.size());
    record.also_expected = {"PO-028", "PO-029"};
    finish(std::move(record));
}

}  // namespace ccsalvage::generator
#endif
