// build_post_office(): the canonical layout of section 14.1. Each file is planned first (the
// size of every record is known before any block number is: scrambling does not change sizes),
// the allocation table is sized by iterating until it covers itself, then every record is
// encoded with its final block numbers, scrambled with its final seed and sealed.
#include "parsers/po/writer.hpp"

#include <algorithm>
#include <functional>
#include <map>

#include "core/errors.hpp"
#include "core/write_behind.hpp"
#include "parsers/po/block.hpp"
#include "parsers/po/chain.hpp"
#include "parsers/po/crc32.hpp"
#include "parsers/po/directory_record.hpp"
#include "parsers/po/extent.hpp"
#include "parsers/po/file_header.hpp"
#include "parsers/po/layout_block.hpp"
#include "parsers/po/layout_clandata.hpp"
#include "parsers/po/layout_file_header.hpp"
#include "parsers/po/layout_usr.hpp"
#include "parsers/po/limits.hpp"
#include "parsers/po/mailbox_record.hpp"
#include "parsers/po/message_record.hpp"
#include "parsers/po/nft.hpp"
#include "parsers/po/text_field.hpp"
#include "parsers/po/writer_validate.hpp"

namespace ccsalvage::po {

namespace lb = layout::block;
namespace ln = layout::nft;
namespace fh = layout::file_header;

namespace {

// Block allocation for one file: header, copy, the allocation table, then records in the order
// they are planned, contiguous.
class Plan {
  public:
    Plan(std::uint32_t block_size, std::uint32_t spare) : block_size_(block_size), spare_(spare) {}

    // Reserves a record of `blocks` blocks; returns its index.
    std::size_t add(std::uint32_t blocks, std::uint8_t head_state, std::uint8_t continuation) {
        records_.push_back({blocks, head_state, continuation, 0});
        return records_.size() - 1;
    }
    std::size_t add_record(std::size_t payload, char type) {
        const std::uint8_t state = head_state(type);
        return add(chain_blocks_needed(payload, block_size_), state,
                   static_cast<std::uint8_t>(state | ln::kContinuation));
    }

    // Fixes every block number. The table's own length depends on the total it covers.
    void place() {
        std::uint64_t rest = spare_;
        for (const auto& r : records_) rest += r.blocks;
        std::uint32_t nft = 1;
        while (true) {
            const std::uint64_t total = 2 + nft + rest;
            if (total > 0xFFFFFFF0u) throw UsageError("post office writer: file too large");
            const std::uint32_t need = chain_blocks_needed(4 + total, block_size_);
            if (need == nft) break;
            nft = need;
        }
        nft_blocks_ = nft;
        std::uint32_t next = 2 + nft;
        for (auto& r : records_) {
            r.first = next;
            next += r.blocks;
        }
        total_ = next + spare_;
    }

    std::uint32_t first(std::size_t record) const { return records_[record].first; }
    std::vector<std::uint32_t> blocks(std::size_t record) const {
        std::vector<std::uint32_t> out(records_[record].blocks);
        for (std::uint32_t i = 0; i < out.size(); ++i) out[i] = records_[record].first + i;
        return out;
    }
    std::vector<std::uint32_t> nft_blocks() const {
        std::vector<std::uint32_t> out(nft_blocks_);
        for (std::uint32_t i = 0; i < nft_blocks_; ++i) out[i] = 2 + i;
        return out;
    }
    std::uint32_t total() const { return total_; }
    std::uint32_t spare() const { return spare_; }

    std::vector<std::uint8_t> states() const {
        std::vector<std::uint8_t> s(total_, ln::kFree);
        s[0] = ln::kHeader;
        s[1] = ln::kHeaderCopy;
        for (std::uint32_t i = 0; i < nft_blocks_; ++i) {
            s[2 + i] = i == 0 ? ln::kNft : static_cast<std::uint8_t>(ln::kNft | ln::kContinuation);
        }
        for (const auto& r : records_) {
            for (std::uint32_t i = 0; i < r.blocks; ++i)
                s[r.first + i] = i == 0 ? r.head : r.continuation;
        }
        return s;
    }

    // A zeroed file of the planned size with its allocation table written.
    std::string start_file(std::uint32_t serial) const {
        std::string file(std::size_t{total_} * block_size_, '\0');
        write_chain(file, block_size_, lb::kNft, 0, nft_blocks(), encode_nft(states()), serial);
        return file;
    }
    // Only the blocks before the first record (headers and allocation table), for a file that
    // is streamed record by record.
    std::string start_prefix(std::uint32_t serial) const {
        std::string prefix(std::size_t{2 + nft_blocks_} * block_size_, '\0');
        write_chain(prefix, block_size_, lb::kNft, 0, nft_blocks(), encode_nft(states()), serial);
        return prefix;
    }

  private:
    struct Entry {
        std::uint32_t blocks;
        std::uint8_t head;
        std::uint8_t continuation;
        std::uint32_t first;
    };
    std::uint32_t block_size_;
    std::uint32_t spare_;
    std::vector<Entry> records_;
    std::uint32_t nft_blocks_ = 1;
    std::uint32_t total_ = 0;
};

CommonHeader common_of(const PostOfficeSpec& spec, std::uint32_t block_size, FileKind kind,
                       const Plan& plan) {
    CommonHeader c;
    c.write_serial = spec.previous_write_serial + 1;
    c.file_kind = file_kind_byte(kind);
    c.generation = spec.generation;
    c.block_size = static_cast<std::uint16_t>(block_size);
    c.po_id = spec.po_id;
    c.total_blocks = plan.total();
    c.free_blocks = plan.spare();
    c.nft_block = 2;
    c.flags = fh::kFlagWrittenByCcsalvage;
    c.code_page = spec.code_page;
    c.date_order = spec.date_order;
    c.model_version = fh::kModelVersionValue;
    c.created = spec.created;
    c.modified = spec.modified;
    return c;
}

template <typename Header, typename Encode>
void put_headers(std::string& file, const Header& header, std::uint32_t block_size, Encode encode) {
    file.replace(0, block_size, encode(header, 0, block_size));
    file.replace(block_size, block_size, encode(header, 1, block_size));
}

// Receives a file's bytes in order, piece by piece.
using Sink = std::function<void(std::string_view)>;

struct ItemPlace {
    std::uint32_t block = 0;
    std::uint32_t crc = 0;
};

struct Builder {
    const PostOfficeSpec& spec;
    const WriterOptions& options;
    std::uint32_t block_size;
    std::uint32_t serial;
    std::vector<const MessageSpec*> messages;                          // by number
    std::vector<const DirectoryEntrySpec*> entries;                    // by id
    std::map<std::pair<std::uint32_t, std::size_t>, ItemPlace> items;  // (message, item)
    std::map<std::uint32_t, std::uint32_t> references;                 // message -> folder entries

    void mlandata(const Sink& sink);
    void clandata(const Sink& sink);
    std::string mailbox(const MailboxSpec& mb);
    // A message's header record as written, from its spec (items placed by mlandata()).
    MessageHeader header_of(const MessageSpec& s) const;
};

// MLANDATA in file order: headers and allocation table, then one extent per item, then the
// spare blocks; one item's bytes in memory at a time.
void Builder::mlandata(const Sink& sink) {
    Plan plan(block_size, options.free_blocks);
    std::vector<std::pair<std::size_t, std::size_t>> order;  // (message position, item)
    std::vector<std::size_t> records;
    for (std::size_t m = 0; m < messages.size(); ++m) {
        for (std::size_t i = 0; i < messages[m]->items.size(); ++i) {
            const std::uint64_t length = item_length(messages[m]->items[i]);
            if (length == 0) continue;
            order.emplace_back(m, i);
            records.push_back(plan.add(extent_blocks(length, block_size), ln::kExtent,
                                       static_cast<std::uint8_t>(ln::kExtent | ln::kContinuation)));
        }
    }
    plan.place();
    std::string prefix = plan.start_prefix(serial);
    MlandataHeader h;
    h.common = common_of(spec, block_size, FileKind::mlandata, plan);
    h.extent_count = static_cast<std::uint32_t>(order.size());
    h.item_count = static_cast<std::uint32_t>(order.size());
    h.po_name = spec.name;
    put_headers(prefix, h, block_size, encode_mlandata_header);
    sink(prefix);
    std::string buffer;
    for (std::size_t k = 0; k < order.size(); ++k) {
        const MessageSpec& m = *messages[order[k].first];
        const std::size_t i = order[k].second;
        const ItemSpec& item = m.items[i];
        const std::uint32_t head = plan.first(records[k]);
        const std::string data = item_data(item);
        const bool vouched = item.source && item.source->checked;
        const std::uint32_t crc = vouched ? item.source->crc : crc32(data);
        if (item.source && (data.size() != item.source->length || crc != item.source->crc)) {
            throw UsageError("post office writer: message " + std::to_string(m.message_number) +
                             " item " + std::to_string(i + 1) +
                             ": its source gave other bytes than promised");
        }
        buffer.clear();  // write_extent_at grows it to the extent's blocks, zeroed
        write_extent_at(buffer, 0, block_size, head, m.message_number,
                        static_cast<std::uint16_t>(i), data, serial);
        sink(buffer);
        items[{m.message_number, i}] = {head, crc};
    }
    buffer.assign(block_size, '\0');
    for (std::uint32_t n = 0; n < plan.spare(); ++n) sink(buffer);
}

MessageHeader Builder::header_of(const MessageSpec& s) const {
    MessageHeader h;
    h.message_number = s.message_number;
    h.date = s.date;
    h.flags = s.flags;
    const auto refs = references.find(s.message_number);
    h.reference_count = refs == references.end() ? 0 : refs->second;
    h.sender_entry_id = s.sender_entry_id;
    h.arrival = s.arrival;
    h.sender = s.sender;
    h.subject = s.subject;
    h.recipients.reserve(s.recipients.size());
    for (const auto& r : s.recipients) h.recipients.push_back({r.role, 0, r.entry_id, r.address});
    h.items.reserve(s.items.size());
    for (std::size_t i = 0; i < s.items.size(); ++i) {
        const ItemSpec& is = s.items[i];
        const auto placed = items.find({s.message_number, i});
        const ItemPlace place = placed == items.end() ? ItemPlace{} : placed->second;
        const auto length = static_cast<std::uint32_t>(item_length(is));
        h.items.push_back(
            {is.kind, is.flags, is.file_stamp, length, place.block, place.crc, is.title});
        h.total_item_bytes += length;
    }
    return h;
}

// CLANDATA in file order: headers and allocation table, the directory and message indexes,
// the directory entries, the message headers, the spare blocks. A message's header record is
// built from its spec when it is planned and again when it is written, never held for all
// messages at once (with the whole file's image they were a third of the repair's peak at a
// 1 GiB post office).
void Builder::clandata(const Sink& sink) {
    const std::uint32_t payload_limit =
        spec.generation == 8 ? limits::kHeaderPayloadDb8 : limits::kHeaderPayloadDb6;
    // Payloads are encoded twice: once (seed 0) to learn their size, once for real.
    Plan plan(block_size, options.free_blocks);
    const std::size_t k_record = plan.add_record(8 + 32 * entries.size(), lb::kDirectoryIndex);
    const std::size_t i_record = plan.add_record(8 + 8 * messages.size(), lb::kMessageIndex);
    std::vector<DirectoryEntry> dir(entries.size());
    std::vector<std::size_t> d_records;
    d_records.reserve(entries.size());
    for (std::size_t n = 0; n < entries.size(); ++n) {
        const DirectoryEntrySpec& s = *entries[n];
        DirectoryEntry& e = dir[n];
        e.entry_id = s.entry_id;
        e.type_code = s.type_code;
        e.flags = s.mailbox_number != 0 ? layout::clandata::dir::kFlagOwnsMailbox : 0;
        e.mailbox_number = s.mailbox_number;
        e.po_entry_id = s.po_entry_id;
        e.alias_target_id = s.alias_target_id;
        e.created = s.created;
        e.name = s.name;
        e.address = s.address;
        e.comments = s.comments;
        e.foreign_alias = s.foreign_alias;
        e.members = s.members;
        d_records.push_back(
            plan.add_record(encode_directory_entry(e, 0).size(), lb::kDirectoryEntry));
    }
    std::vector<std::size_t> h_records;
    h_records.reserve(messages.size());
    for (const MessageSpec* s : messages) {
        const std::size_t size = encode_message_header(header_of(*s), 0).size();
        if (size > payload_limit && !options.allow_out_of_limit) {
            throw UsageError("post office writer: message " + std::to_string(s->message_number) +
                             ": header record over " + std::to_string(payload_limit) + " bytes");
        }
        h_records.push_back(plan.add_record(size, lb::kMessageHeader));
    }
    plan.place();

    ClandataHeader ch;
    // Type chains: entry-id order (entries are sorted by id), linked by head blocks (6.3).
    std::map<char, std::vector<std::size_t>> by_type;
    for (std::size_t n = 0; n < dir.size(); ++n) by_type[dir[n].type_code].push_back(n);
    for (const auto& [type, members] : by_type) {
        for (std::size_t k = 0; k < members.size(); ++k) {
            DirectoryEntry& e = dir[members[k]];
            e.chain_prev = k == 0 ? 0 : plan.first(d_records[members[k - 1]]);
            e.chain_next = k + 1 == members.size() ? 0 : plan.first(d_records[members[k + 1]]);
        }
        const int slot = chain_slot(type);
        ch.chains[static_cast<std::size_t>(slot)] = {plan.first(d_records[members.front()]),
                                                     plan.first(d_records[members.back()]),
                                                     static_cast<std::uint32_t>(members.size())};
    }
    // Directory index, sorted by folded name, type, id (6.4).
    std::vector<std::size_t> sorted(dir.size());
    for (std::size_t n = 0; n < sorted.size(); ++n) sorted[n] = n;
    std::vector<std::string> folded(dir.size());
    for (std::size_t n = 0; n < dir.size(); ++n) folded[n] = fold_name(dir[n].name);
    std::stable_sort(sorted.begin(), sorted.end(), [&](std::size_t a, std::size_t b) {
        return index_order_less(folded[a], dir[a].type_code, dir[a].entry_id, folded[b],
                                dir[b].type_code, dir[b].entry_id);
    });
    const std::uint32_t k_head = plan.first(k_record);
    DirectoryIndex index;
    for (std::size_t i = 0; i < sorted.size(); ++i) {
        const DirectoryEntry& e = dir[sorted[i]];
        index.entries.push_back({index_key(e.name, k_head, i), e.entry_id,
                                 plan.first(d_records[sorted[i]]), crc32(folded[sorted[i]]),
                                 e.type_code});
    }
    MessageIndex mindex;
    mindex.entries.reserve(messages.size());
    for (std::size_t n = 0; n < messages.size(); ++n) {
        mindex.entries.push_back({messages[n]->message_number, plan.first(h_records[n])});
        mindex.highest_number = std::max(mindex.highest_number, messages[n]->message_number);
    }

    ch.common = common_of(spec, block_size, FileKind::clandata, plan);
    ch.message_count = static_cast<std::uint32_t>(messages.size());
    ch.next_message_number = std::max(spec.next_message_number, mindex.highest_number + 1);
    ch.directory_entry_count = static_cast<std::uint32_t>(dir.size());
    std::uint32_t highest_id = 0, highest_mailbox = 0, mailboxes = 0;
    for (const auto& e : dir) {
        highest_id = std::max(highest_id, e.entry_id);
        highest_mailbox = std::max(highest_mailbox, e.mailbox_number);
        mailboxes += e.mailbox_number != 0;
    }
    ch.next_directory_id = std::max(spec.next_directory_id, highest_id + 1);
    ch.message_index_block = plan.first(i_record);
    ch.directory_index_block = k_head;
    ch.mailbox_count = mailboxes;
    ch.next_mailbox_number = std::max(spec.next_mailbox_number, highest_mailbox + 1);
    ch.po_name = spec.name;

    std::string prefix = plan.start_prefix(serial);
    put_headers(prefix, ch, block_size, encode_clandata_header);
    sink(prefix);
    std::string buffer;
    const auto put = [&](std::size_t record, char type, std::uint32_t owner,
                         std::string_view payload) {
        buffer.clear();
        write_chain_at(buffer, 0, block_size, type, owner, plan.blocks(record), payload, serial);
        sink(buffer);
    };
    // In the order the records were planned, which is their order in the file.
    put(k_record, lb::kDirectoryIndex, 0, encode_directory_index(index));
    put(i_record, lb::kMessageIndex, 0, encode_message_index(mindex));
    for (std::size_t n = 0; n < dir.size(); ++n) {
        put(d_records[n], lb::kDirectoryEntry, dir[n].entry_id,
            encode_directory_entry(dir[n], plan.first(d_records[n])));
    }
    for (std::size_t n = 0; n < messages.size(); ++n) {
        put(h_records[n], lb::kMessageHeader, messages[n]->message_number,
            encode_message_header(header_of(*messages[n]), plan.first(h_records[n])));
    }
    buffer.assign(block_size, '\0');
    for (std::uint32_t n = 0; n < plan.spare(); ++n) sink(buffer);
}

std::string Builder::mailbox(const MailboxSpec& mb) {
    Plan plan(block_size, options.free_blocks);
    const std::size_t t_record = plan.add_record(4 + 64 * mb.folders.size(), lb::kFolderTable);
    std::vector<std::size_t> lists(mb.folders.size(), 0);
    for (std::size_t f = 0; f < mb.folders.size(); ++f) {
        if (mb.folders[f].entries.empty()) continue;
        lists[f] = plan.add_record(4 + 12 * mb.folders[f].entries.size(), lb::kFolderList);
    }
    plan.place();
    std::string file = plan.start_file(serial);
    FolderTable table;
    std::uint32_t filed = 0, unread = 0;
    for (std::size_t f = 0; f < mb.folders.size(); ++f) {
        const FolderSpec& s = mb.folders[f];
        FolderDescriptor d;
        d.folder_id = s.folder_id;
        d.kind = s.kind;
        d.entry_count = static_cast<std::uint16_t>(s.entries.size());
        d.created = s.created;
        d.name = s.name;
        FolderList list;
        list.folder_id = s.folder_id;
        for (const auto& e : s.entries) {
            list.entries.push_back({e.message_number, e.filed, e.flags});
            if ((e.flags & layout::usr::list::kFlagRead) == 0) ++d.unread_count;
        }
        filed += d.entry_count;
        unread += d.unread_count;
        if (!s.entries.empty()) {
            d.list_block = plan.first(lists[f]);
            write_chain(file, block_size, lb::kFolderList, mb.mailbox_number, plan.blocks(lists[f]),
                        encode_folder_list(list), serial);
        }
        table.folders.push_back(std::move(d));
    }
    const std::uint32_t t_head = plan.first(t_record);
    write_chain(file, block_size, lb::kFolderTable, mb.mailbox_number, plan.blocks(t_record),
                encode_folder_table(table, t_head), serial);
    UsrHeader h;
    h.common = common_of(spec, block_size, FileKind::usr, plan);
    h.mailbox_number = mb.mailbox_number;
    for (const auto* e : entries) {
        if (e->mailbox_number != mb.mailbox_number) continue;
        // The slot holds 63 bytes; a longer name keeps its first 63 (8.1).
        h.owner_entry_id = e->entry_id;
        h.owner_name = e->name.substr(0, 63);
        break;
    }
    h.folder_table_block = t_head;
    h.folder_count = static_cast<std::uint16_t>(mb.folders.size());
    h.entry_count = filed;
    h.unread_count = unread;
    put_headers(file, h, block_size, encode_usr_header);
    return file;
}

}  // namespace

std::uint64_t item_length(const ItemSpec& item) {
    return item.source ? item.source->length : item.data.size();
}

std::string item_data(const ItemSpec& item) {
    if (!item.source) return item.data;
    if (!item.source->read) throw UsageError("post office writer: item source without a reader");
    return item.source->read();
}

namespace {

Builder make_builder(const PostOfficeSpec& spec, const WriterOptions& options) {
    detail::validate_spec(spec, options);
    const std::uint32_t block_size =
        spec.block_size != 0 ? spec.block_size
                             : (spec.generation == 8 ? lb::kDb8BlockSize : lb::kDb6BlockSize);
    Builder b{spec, options, block_size, spec.previous_write_serial + 1, {}, {}, {}, {}};
    for (const auto& m : spec.messages) b.messages.push_back(&m);
    std::sort(b.messages.begin(), b.messages.end(),
              [](const auto* x, const auto* y) { return x->message_number < y->message_number; });
    for (const auto& e : spec.directory) b.entries.push_back(&e);
    std::sort(b.entries.begin(), b.entries.end(),
              [](const auto* x, const auto* y) { return x->entry_id < y->entry_id; });
    for (const auto& mb : spec.mailboxes) {
        for (const auto& f : mb.folders) {
            // Each appearance counts once per folder (8.3), as the reader counts. Sorted and
            // made unique rather than searched entry by entry (quadratic in a folder's size).
            std::vector<std::uint32_t> numbers;
            numbers.reserve(f.entries.size());
            for (const auto& e : f.entries) numbers.push_back(e.message_number);
            std::sort(numbers.begin(), numbers.end());
            numbers.erase(std::unique(numbers.begin(), numbers.end()), numbers.end());
            for (const std::uint32_t number : numbers) ++b.references[number];
        }
    }
    return b;
}

// The mailbox files in mailbox number order, each built and handed to `put(name, bytes)`
// before the next is built.
template <class Put>
void each_mailbox(Builder& b, Put&& put) {
    std::vector<const MailboxSpec*> mailboxes;
    for (const auto& mb : b.spec.mailboxes) mailboxes.push_back(&mb);
    std::sort(mailboxes.begin(), mailboxes.end(),
              [](const auto* x, const auto* y) { return x->mailbox_number < y->mailbox_number; });
    for (const auto* mb : mailboxes) {
        std::string name = std::to_string(mb->mailbox_number);
        name = "USR" + std::string(5 - name.size(), '0') + name;
        put(std::move(name), b.mailbox(*mb));
    }
}

}  // namespace

PostOfficeFiles build_post_office(const PostOfficeSpec& spec, const WriterOptions& options) {
    Builder b = make_builder(spec, options);
    PostOfficeFiles out;
    // First: message headers need the extent blocks.
    b.mlandata([&](std::string_view bytes) { out.mlandata.append(bytes); });
    b.clandata([&](std::string_view bytes) { out.clandata.append(bytes); });
    each_mailbox(b, [&](std::string name, std::string bytes) {
        out.mailboxes.emplace_back(std::move(name), std::move(bytes));
    });
    return out;
}

std::vector<WrittenFile> write_post_office(const OutputFolder& out, std::string_view subfolder,
                                           const PostOfficeSpec& spec,
                                           const WriterOptions& options) {
    Builder b = make_builder(spec, options);
    const std::string prefix = subfolder.empty() ? std::string() : std::string(subfolder) + "/";
    AtomicFile ml(out, prefix + "MLANDATA");
    if (options.write_behind) {
        // Writing is most of this loop's time (copying into the page cache; the encoding is a
        // sixth of it): it goes to another thread, and the hash stays here, so that the two
        // threads share the work. Declared after `ml`, so destroyed (the queue dropped, the
        // thread joined) before it when the builder throws.
        WriteBehind behind;
        const WriteBehind::Write write_out = [&ml](std::string_view bytes) {
            ml.write_unhashed(bytes);
        };
        std::string pending;
        const auto hand_over = [&] {
            behind.submit(write_out, std::move(pending));
            pending = behind.spare_buffer();
        };
        b.mlandata([&](std::string_view bytes) {
            ml.hash(bytes);
            append_in_slices(pending, bytes, WriteBehind::kBufferBytes, hand_over);
        });
        if (!pending.empty()) hand_over();
        behind.drain();  // every block written, or the write error thrown here
    } else {
        b.mlandata([&](std::string_view bytes) { ml.write(bytes); });
    }
    const std::uint64_t ml_size = ml.bytes_written();
    const std::string ml_sha = ml.commit();
    std::vector<WrittenFile> written;
    {
        // Streamed as MLANDATA is (its image was 20 MiB at a 1 GiB post office).
        AtomicFile cl(out, prefix + "CLANDATA");
        b.clandata([&cl](std::string_view bytes) { cl.write(bytes); });
        const std::uint64_t cl_size = cl.bytes_written();
        written.push_back({prefix + "CLANDATA", cl_size, cl.commit()});
    }
    written.push_back({prefix + "MLANDATA", ml_size, ml_sha});
    each_mailbox(b, [&](const std::string& name, const std::string& bytes) {
        AtomicFile file(out, prefix + name);
        file.write(bytes);
        written.push_back({prefix + name, bytes.size(), file.commit()});
    });
    return written;
}

}  // namespace ccsalvage::po
