#include "repair/change_log.hpp"

#include <fmt/format.h>

#include <map>
#include <optional>

#include "parsers/po/layout_clandata.hpp"
#include "parsers/po/layout_file_header.hpp"
#include "parsers/po/layout_mlandata.hpp"
#include "parsers/po/layout_usr.hpp"
#include "parsers/po/nft.hpp"
#include "repair/locate.hpp"

namespace ccsalvage::repair {

namespace {

namespace fh = po::layout::file_header;
namespace lc = po::layout::clandata;
namespace lm = po::layout::clandata::msg;

std::string quoted(const std::string& s) {
    std::string out = "\"";
    for (const char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        if (c == '"' || c == '\\') out += '\\';
        if (c < 0x20 || c == 0x7F) {
            out += fmt::format("\\x{:02x}", c);
        } else {
            out += static_cast<char>(c);
        }
    }
    return out + "\"";
}

std::string date_text(po::DosDateTime d) { return fmt::format("{:04x}:{:04x}", d.date, d.time); }

class Differ {
  public:
    Differ(const po::PostOffice& before, const po::PostOffice& after, std::vector<Change>& out)
        : before_(before), after_(after), out_(out) {}

    void run() {
        headers();
        directory();
        messages();
        mailboxes();
    }

  private:
    std::uint32_t block_size(po::FileKind kind) const {
        const auto* f = before_.file(kind);
        return f == nullptr ? 0 : f->block_size;
    }
    template <typename T>
    void cmp(const std::string& file, std::uint64_t offset, const std::string& structure,
             const std::string& field, const T& a, const T& b) {
        if (a == b) return;
        if constexpr (std::is_same_v<T, std::string>) {
            out_.push_back({file, offset, structure, field, quoted(a), quoted(b), {}});
        } else {
            out_.push_back(
                {file, offset, structure, field, fmt::format("{}", a), fmt::format("{}", b), {}});
        }
    }
    void common(const std::string& file, const std::string& s, const po::CommonHeader& a,
                const po::CommonHeader& b) {
        cmp(file, 24, s, "write_serial", a.write_serial, b.write_serial);
        cmp(file, fh::kTotalBlocks, s, "total_blocks", a.total_blocks, b.total_blocks);
        cmp(file, fh::kFreeBlocks, s, "free_blocks", a.free_blocks, b.free_blocks);
        cmp(file, fh::kNftBlock, s, "nft_block", a.nft_block, b.nft_block);
        cmp(file, fh::kFlags, s, "flags", a.flags, b.flags);
    }
    void headers() {
        const std::string c = "CLANDATA";
        if (before_.clandata && after_.clandata) {
            const auto& a = *before_.clandata;
            const auto& b = *after_.clandata;
            const std::string s = "CLANDATA header";
            common(c, s, a.common, b.common);
            cmp(c, lc::kMessageCount, s, "message_count", a.message_count, b.message_count);
            cmp(c, lc::kNextMessageNumber, s, "next_message_number", a.next_message_number,
                b.next_message_number);
            cmp(c, lc::kDirectoryEntryCount, s, "directory_entry_count", a.directory_entry_count,
                b.directory_entry_count);
            cmp(c, lc::kNextDirectoryId, s, "next_directory_id", a.next_directory_id,
                b.next_directory_id);
            cmp(c, lc::kMessageIndexBlock, s, "message_index_block", a.message_index_block,
                b.message_index_block);
            cmp(c, lc::kDirectoryIndexBlock, s, "directory_index_block", a.directory_index_block,
                b.directory_index_block);
            cmp(c, lc::kMailboxCount, s, "mailbox_count", a.mailbox_count, b.mailbox_count);
            cmp(c, lc::kNextMailboxNumber, s, "next_mailbox_number", a.next_mailbox_number,
                b.next_mailbox_number);
            for (std::size_t i = 0; i < a.chains.size(); ++i) {
                const std::string f = std::string("chain ") + lc::kChainOrder[i];
                const std::uint64_t at = lc::kChainTable + i * lc::kChainSlotSize;
                cmp(c, at, s, f + " head", a.chains[i].head, b.chains[i].head);
                cmp(c, at + 4, s, f + " tail", a.chains[i].tail, b.chains[i].tail);
                cmp(c, at + 8, s, f + " count", a.chains[i].count, b.chains[i].count);
            }
        } else if (after_.clandata) {
            out_.push_back({c, 0, "CLANDATA header", "(whole)", "<unreadable>", "rewritten", {}});
        }
        if (before_.mlandata && after_.mlandata) {
            const auto& a = *before_.mlandata;
            const auto& b = *after_.mlandata;
            const std::string m = "MLANDATA";
            common(m, "MLANDATA header", a.common, b.common);
            cmp(m, po::layout::mlandata::kExtentCount, "MLANDATA header", "extent_count",
                a.extent_count, b.extent_count);
            cmp(m, po::layout::mlandata::kItemCount, "MLANDATA header", "item_count", a.item_count,
                b.item_count);
        }
    }
    void directory() {
        std::map<std::uint32_t, const po::DirectoryRecord*> a, b;
        for (const auto& d : before_.directory) a.emplace(d.entry.entry_id, &d);
        for (const auto& d : after_.directory) b.emplace(d.entry.entry_id, &d);
        const std::uint32_t bs = block_size(po::FileKind::clandata);
        for (const auto& [id, x] : a) {
            const std::string s = "directory entry " + std::to_string(id);
            const std::uint64_t at = std::uint64_t{x->place.head()} * bs + 32;
            const auto it = b.find(id);
            if (it == b.end()) {
                out_.push_back({"CLANDATA", at, s, "(record)", "present", "removed", {}});
                continue;
            }
            const auto& e = x->entry;
            const auto& f = it->second->entry;
            cmp("CLANDATA", at, s, "head block", x->place.head(), it->second->place.head());
            cmp("CLANDATA", at + lc::dir::kChainPrev, s, "chain_prev", e.chain_prev, f.chain_prev);
            cmp("CLANDATA", at + lc::dir::kChainNext, s, "chain_next", e.chain_next, f.chain_next);
            cmp("CLANDATA", at, s, "name", e.name, f.name);
            cmp("CLANDATA", at + lc::dir::kMailboxNumber, s, "mailbox_number", e.mailbox_number,
                f.mailbox_number);
        }
        for (const auto& [id, x] : b) {
            if (a.count(id) == 0) {
                out_.push_back({"CLANDATA",
                                0,
                                "directory entry " + std::to_string(id),
                                "(record)",
                                "absent",
                                "restored",
                                {}});
            }
        }
    }
    void messages() {
        std::map<std::uint32_t, const po::MessageRecord*> a, b;
        for (const auto& m : before_.messages) a.emplace(m.header.message_number, &m);
        for (const auto& m : after_.messages) b.emplace(m.header.message_number, &m);
        const std::uint32_t bs = block_size(po::FileKind::clandata);
        for (const auto& [n, x] : a) {
            const std::string s = "message " + std::to_string(n);
            const std::uint64_t at = std::uint64_t{x->place.head()} * bs + 32;
            const auto it = b.find(n);
            if (it == b.end()) {
                out_.push_back({"CLANDATA", at, s, "(record)", "present", "removed", {}});
                continue;
            }
            const auto& h = x->header;
            const auto& g = it->second->header;
            const std::string C = "CLANDATA";
            cmp(C, at, s, "head block", x->place.head(), it->second->place.head());
            cmp(C, at + lm::kDate, s, "date", date_text(h.date), date_text(g.date));
            cmp(C, at + lm::kFlags, s, "flags", h.flags, g.flags);
            cmp(C, at + lm::kItemCount, s, "item_count", h.item_count, g.item_count);
            cmp(C, at + lm::kRecipientCount, s, "recipient_count", h.recipient_count,
                g.recipient_count);
            cmp(C, at + lm::kReferenceCount, s, "reference_count", h.reference_count,
                g.reference_count);
            cmp(C, at + lm::kSenderEntryId, s, "sender_entry_id", h.sender_entry_id,
                g.sender_entry_id);
            cmp(C, at + lm::kTotalItemBytes, s, "total_item_bytes", h.total_item_bytes,
                g.total_item_bytes);
            cmp(C, at + lm::kArrival, s, "arrival", date_text(h.arrival), date_text(g.arrival));
            cmp(C, at + lm::kFixedEnd, s, "sender", h.sender, g.sender);
            cmp(C, at + lm::kFixedEnd, s, "subject", h.subject, g.subject);
            const std::size_t rn = std::max(h.recipients.size(), g.recipients.size());
            for (std::size_t i = 0; i < rn; ++i) {
                const std::string r = "recipient " + std::to_string(i + 1);
                cmp(C, at, s, r, i < h.recipients.size() ? h.recipients[i].address : "<none>",
                    i < g.recipients.size() ? g.recipients[i].address : "<none>");
            }
            const std::size_t in = std::max(h.items.size(), g.items.size());
            for (std::size_t i = 0; i < in; ++i) {
                const std::string r = "item " + std::to_string(i + 1);
                if (i >= h.items.size() || i >= g.items.size()) {
                    cmp(C, at, s, r, std::string(i < h.items.size() ? "present" : "<none>"),
                        std::string(i < g.items.size() ? "present" : "<none>"));
                    continue;
                }
                cmp(C, at, s, r + " kind", h.items[i].kind, g.items[i].kind);
                cmp(C, at, s, r + " length", h.items[i].length, g.items[i].length);
                cmp(C, at, s, r + " data_crc", h.items[i].data_crc, g.items[i].data_crc);
                cmp(C, at, s, r + " extent_block", h.items[i].extent_block,
                    g.items[i].extent_block);
                cmp(C, at, s, r + " title", h.items[i].title, g.items[i].title);
            }
        }
        for (const auto& [n, x] : b) {
            if (a.count(n) == 0) {
                out_.push_back({"CLANDATA",
                                0,
                                "message " + std::to_string(n),
                                "(record)",
                                "absent",
                                "restored",
                                {}});
            }
        }
    }
    void mailboxes() {
        std::map<std::uint32_t, const po::Mailbox*> a, b;
        for (const auto& m : before_.mailboxes) a.emplace(m.file_number, &m);
        for (const auto& m : after_.mailboxes) b.emplace(m.file_number, &m);
        for (const auto& [n, x] : a) {
            const auto it = b.find(n);
            if (it == b.end()) {
                out_.push_back({x->file,
                                0,
                                "mailbox " + std::to_string(n),
                                "(file)",
                                "present",
                                "removed",
                                {}});
                continue;
            }
            const auto& h = x->header;
            const auto& g = it->second->header;
            const std::string s = "mailbox " + std::to_string(n) + " header";
            const std::string file = "USR" + fmt::format("{:05}", n);
            common(file, s, h.common, g.common);
            cmp(file, po::layout::usr::kEntryCount, s, "entry_count", h.entry_count, g.entry_count);
            cmp(file, po::layout::usr::kUnreadCount, s, "unread_count", h.unread_count,
                g.unread_count);
            cmp(file, po::layout::usr::kFolderTableBlock, s, "folder_table_block",
                h.folder_table_block, g.folder_table_block);
            for (std::size_t f = 0; f < x->folders.size() && f < it->second->folders.size(); ++f) {
                const auto& fa = x->folders[f];
                const auto& fb = it->second->folders[f];
                const std::string fs = "mailbox " + std::to_string(n) + " folder " +
                                       std::to_string(fa.descriptor.folder_id);
                cmp(file, 0, fs, "entry_count", fa.entries.size(), fb.entries.size());
                cmp(file, 0, fs, "list_block", fa.descriptor.list_block, fb.descriptor.list_block);
            }
        }
        for (const auto& [n, x] : b) {
            if (a.count(n) == 0) {
                out_.push_back({x->file,
                                0,
                                "mailbox " + std::to_string(n),
                                "(file)",
                                "absent",
                                "created",
                                {}});
            }
        }
    }

    const po::PostOffice& before_;
    const po::PostOffice& after_;
    std::vector<Change>& out_;
};

}  // namespace

std::vector<Change> diff_post_offices(const po::PostOffice& before, const po::PostOffice& after) {
    std::vector<Change> out;
    Differ(before, after, out).run();
    return out;
}

namespace {

struct Table {
    std::vector<std::uint8_t> states;
    std::vector<std::uint32_t> blocks;  // the table's own blocks, for state offsets
    std::uint32_t block_size = 0;
};

const po::CommonHeader* common_of(const po::PostOffice& po, const po::FileInfo& info) {
    switch (info.kind) {
        case po::FileKind::clandata:
            return po.clandata ? &po.clandata->common : nullptr;
        case po::FileKind::mlandata:
            return po.mlandata ? &po.mlandata->common : nullptr;
        case po::FileKind::usr:
            for (const auto& mb : po.mailboxes) {
                if (mb.file == info.name && mb.header_readable) return &mb.header.common;
            }
            return nullptr;
    }
    return nullptr;
}

std::string base_name(const std::string& path) {
    const auto slash = path.find_last_of('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

std::optional<Table> table_of(const po::PostOffice& po, const po::PostOfficeSource& source,
                              const po::FileInfo& info) {
    const po::CommonHeader* common = common_of(po, info);
    if (common == nullptr || info.block_size == 0 || info.source_index >= source.files.size())
        return std::nullopt;
    Table t;
    t.block_size = info.block_size;
    const std::string payload =
        record_payload(source.files[info.source_index].bytes, info.block_size, common->nft_block,
                       'N', 1u << 24, &t.blocks);
    po::FieldMap map;
    const std::string_view states = po::decode_nft(payload, map).states;
    t.states.assign(states.begin(), states.end());
    return t;
}

}  // namespace

std::vector<Change> diff_allocation_tables(const po::PostOffice& before,
                                           const po::PostOfficeSource& before_source,
                                           const po::PostOffice& after,
                                           const po::PostOfficeSource& after_source) {
    std::vector<Change> out;
    for (const auto& info : before.files) {
        const std::string name = base_name(info.name);
        const po::FileInfo* other = nullptr;
        for (const auto& a : after.files) {
            if (base_name(a.name) == name) other = &a;
        }
        if (other == nullptr) continue;
        const auto a = table_of(before, before_source, info);
        const auto b = table_of(after, after_source, *other);
        if (!a || !b) continue;
        const std::size_t capacity = a->block_size - 32;
        const std::size_t n = std::max(a->states.size(), b->states.size());
        for (std::size_t i = 0; i < n; ++i) {
            // -1: the block is not in that file's table.
            const int old_state = i < a->states.size() ? a->states[i] : -1;
            const int new_state = i < b->states.size() ? b->states[i] : -1;
            if (old_state == new_state) continue;
            const std::size_t p = 4 + i;  // payload offset of the state byte (section 5)
            const std::size_t k = p / capacity;
            const std::uint64_t offset =
                k < a->blocks.size()
                    ? std::uint64_t{a->blocks[k]} * a->block_size + 32 + p % capacity
                    : 0;
            const auto text = [](int state) {
                return state < 0 ? std::string("absent") : fmt::format("{:02X}", state);
            };
            out.push_back({name,
                           offset,
                           "allocation table",
                           "block " + std::to_string(i) + " state",
                           text(old_state),
                           text(new_state),
                           {}});
        }
    }
    return out;
}

std::string format_change(const Change& c) {
    return fmt::format("{}@{} {} {} {} -> {}", c.file, c.offset, c.structure, c.field, c.old_value,
                       c.new_value);
}

}  // namespace ccsalvage::repair
