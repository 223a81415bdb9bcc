// The directory walk (13.1 step 5): directory index (K) -> directory entries (D), and the
// chain table -> type chains, with the checks of V14-V16 (sections 6.2-6.4).
#include <map>
#include <optional>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "parsers/po/crc32.hpp"
#include "parsers/po/directory_record.hpp"
#include "parsers/po/events.hpp"
#include "parsers/po/layout_block.hpp"
#include "parsers/po/layout_clandata.hpp"
#include "parsers/po/limits.hpp"
#include "parsers/po/message_record.hpp"
#include "parsers/po/read_steps.hpp"
#include "parsers/po/text_field.hpp"

namespace ccsalvage::po::detail {

namespace lb = layout::block;
namespace lc = layout::clandata;
namespace ld = layout::clandata::dir;

namespace {

std::string entry_name(std::uint32_t id) { return "directory entry " + std::to_string(id); }

// PO-016 and PO-048 findings inside one D record.
void check_entry(ReadContext& ctx, const StoreFile& file, const Record& record, const FieldMap& map,
                 const DirectoryEntry& e) {
    const std::uint32_t b = file.block_size;
    const std::string what = entry_name(e.entry_id);
    if (map.malformed && map.malformed->offset < ld::kFixedEnd) return;
    if (e.entry_id != record.links.front().header.owner) {
        ctx.report(events::malformed_payload, file, record.absolute(ld::kEntryId, b),
                   what + ": block owner is " + std::to_string(record.links.front().header.owner));
    }
    if (((e.flags & ld::kFlagOwnsMailbox) != 0) != (e.mailbox_number != 0)) {
        ctx.report(events::malformed_payload, file, record.absolute(ld::kFlags, b),
                   what + ": mailbox flag and mailbox_number " + std::to_string(e.mailbox_number) +
                       " disagree");
    }
    for (const auto& text : map.texts) {
        if (text.text.size() > limits::kDirectoryText) {
            ctx.report(events::limit_exceeded, file, record.absolute(text.offset, b),
                       what + ": " + std::string(text.name) + " of " +
                           std::to_string(text.text.size()) + " bytes (limit 126)");
        }
    }
    if (e.members.size() > limits::kMembersPerList) {
        ctx.report(events::limit_exceeded, file, record.absolute(ld::kMemberCount, b),
                   what + ": " + std::to_string(e.members.size()) + " members (limit 200)");
    }
}

class DirectoryWalk {
  public:
    DirectoryWalk(ReadContext& ctx, StoreFile& file, PostOffice& po)
        : ctx_(ctx), file_(file), po_(po) {}

    void index();
    void chains();
    void checks();

  private:
    // The record headed at `head` (read once, whichever walk reaches it first).
    DirectoryRecord* entry_at(std::uint32_t head, bool& fresh);
    void chain(std::size_t slot);

    ReadContext& ctx_;
    StoreFile& file_;
    PostOffice& po_;
    std::unordered_map<std::uint32_t, std::size_t> by_head_;
    std::optional<std::uint32_t> index_count_;
    std::uint64_t index_count_at_ = 0;
};

DirectoryRecord* DirectoryWalk::entry_at(std::uint32_t head, bool& fresh) {
    fresh = false;
    if (const auto it = by_head_.find(head); it != by_head_.end())
        return &po_.directory[it->second];
    const std::string what = entry_name(file_.census.at(head).header.owner);
    const Record record = read_reached(ctx_, file_, head, lb::kDirectoryEntry, 0, what);
    FieldMap map;
    DirectoryRecord d(ctx_.pool());
    d.entry = decode_directory_entry(record.payload, head, map);
    report_fields(ctx_, file_, record, map, what);
    check_entry(ctx_, file_, record, map, d.entry);
    d.place = place_of(record, map, ctx_.pool());
    by_head_[head] = po_.directory.size();
    po_.directory.push_back(std::move(d));
    fresh = true;
    return &po_.directory.back();
}

void DirectoryWalk::index() {
    const std::uint32_t root = po_.clandata->directory_index_block;
    const Target target = look_at(file_, root, lb::kDirectoryIndex);
    if (target != Target::ok) {
        if (target == Target::unreadable) {
            ctx_.claim(file_, root, layout::nft::kDirectoryIndex, root, "directory index");
        } else {
            ctx_.report(events::broken_chain, file_, lc::kDirectoryIndexBlock,
                        "directory_index_block " + std::to_string(root) +
                            " does not lead to a directory index");
        }
        return;
    }
    const std::uint32_t b = file_.block_size;
    const Record record =
        read_reached(ctx_, file_, root, lb::kDirectoryIndex, 0, "directory index");
    FieldMap map;
    const DirectoryIndex index = decode_directory_index(record.payload, map);
    report_fields(ctx_, file_, record, map, "directory index");
    // entry_count is judged against the live entries once the chains are walked too (checks()),
    // so that a wrong header counter (PO-047) does not also make the index look wrong.
    index_count_ = index.entry_count;
    index_count_at_ = record.absolute(0, b);
    std::unordered_set<std::uint32_t> ids;
    // An index, not a pointer: reading an entry appends to po_.directory.
    constexpr std::size_t kNone = static_cast<std::size_t>(-1);
    std::size_t previous = kNone;
    for (std::size_t i = 0; i < index.entries.size(); ++i) {
        const DirectoryIndexEntry& ie = index.entries[i];
        const std::uint64_t at = record.absolute(directory_index_entry_offset(i), b);
        const std::string what =
            "directory index entry " + std::to_string(i) + " (" + entry_name(ie.entry_id) + ")";
        if (!ids.insert(ie.entry_id).second) {
            ctx_.report(events::dir_index_incomplete, file_, at, what + ": listed twice");
            continue;
        }
        const Target t = look_at(file_, ie.record_block, lb::kDirectoryEntry);
        if (t == Target::unreadable) {
            ctx_.claim(file_, ie.record_block, layout::nft::kDirectoryEntry, ie.record_block, what);
            DirectoryRecord d(ctx_.pool());
            d.entry.entry_id = ie.entry_id;
            d.entry.type_code = ie.type_code;
            d.place.blocks.push_back(ie.record_block);
            d.indexed = true;
            by_head_[ie.record_block] = po_.directory.size();
            po_.directory.push_back(std::move(d));
            previous = kNone;
            continue;
        }
        if (t != Target::ok) {
            ctx_.report(events::dir_index_entry, file_, at,
                        what + ": record_block " + std::to_string(ie.record_block) +
                            (t == Target::out_of_range ? " out of range"
                             : t == Target::free_block ? " is a free block"
                                                       : " is not a directory entry head"));
            previous = kNone;
            continue;
        }
        const std::uint32_t owner = file_.census.at(ie.record_block).header.owner;
        if (owner != ie.entry_id) {
            ctx_.report(events::dir_index_entry, file_, at,
                        what + ": record_block " + std::to_string(ie.record_block) + " holds " +
                            entry_name(owner));
            previous = kNone;
            continue;
        }
        bool fresh = false;
        DirectoryRecord* d = entry_at(ie.record_block, fresh);
        d->indexed = true;
        const std::string folded = fold_name(d->entry.name);
        std::string differs;
        if (ie.key != index_key(d->entry.name, root, i)) differs += " key";
        if (ie.name_crc != crc32(folded)) differs += " name_crc";
        if (ie.type_code != d->entry.type_code) differs += " type_code";
        if (!differs.empty()) {
            ctx_.report(events::dir_index_entry, file_, at,
                        what + ": does not match the record:" + differs);
        }
        if (previous != kNone) {
            const DirectoryEntry& p = po_.directory[previous].entry;
            if (!index_order_less(fold_name(p.name), p.type_code, p.entry_id, folded,
                                  d->entry.type_code, d->entry.entry_id)) {
                ctx_.report(events::dir_index_incomplete, file_, at, what + ": out of order");
            }
        }
        previous = static_cast<std::size_t>(d - po_.directory.data());
    }
}

void DirectoryWalk::chain(std::size_t slot) {
    const char type = lc::kChainOrder[slot];
    const ChainSlot& c = po_.clandata->chains[slot];
    const std::uint64_t slot_at = lc::kChainTable + slot * lc::kChainSlotSize;
    const std::string what = std::string("type chain '") + type + "'";
    const auto broken = [&](std::uint64_t at, const std::string& why) {
        ctx_.report(events::dir_chain, file_, at, what + ": " + why);
    };
    std::unordered_set<std::uint32_t> visited;
    std::uint32_t previous = 0, current = c.head, count = 0, last_id = 0;
    while (current != 0) {
        const std::uint64_t from =
            previous == 0 ? slot_at : file_.offset(previous, lb::kHeaderSize + ld::kChainNext);
        if (!visited.insert(current).second) {
            broken(from, "loops back to block " + std::to_string(current));
            return;
        }
        if (look_at(file_, current, lb::kDirectoryEntry) != Target::ok) {
            broken(from, "block " + std::to_string(current) + " is not a directory entry head");
            return;
        }
        bool fresh = false;
        DirectoryRecord* d = entry_at(current, fresh);
        if (fresh) {
            ctx_.report(events::dir_index_incomplete, file_, file_.offset(current),
                        entry_name(d->entry.entry_id) +
                            " is on its type chain but not in the directory index");
        }
        d->chained = true;
        // A link that disagrees is reported at the pointer that was followed (the chain_next,
        // or the chain table's head): which of the two ends is wrong, the repair decides.
        const std::string link = " (reached from block " + std::to_string(previous) + ")";
        if (d->entry.type_code != type) {
            broken(from, entry_name(d->entry.entry_id) + " has type '" +
                             std::string(1, d->entry.type_code) + "'" + link);
        }
        if (d->entry.chain_prev != previous) {
            broken(from, entry_name(d->entry.entry_id) + " chain_prev " +
                             std::to_string(d->entry.chain_prev) + ", expected " +
                             std::to_string(previous) + link);
        }
        if (count > 0 && d->entry.entry_id <= last_id) {
            broken(from, entry_name(d->entry.entry_id) + " after entry " + std::to_string(last_id) +
                             link);
        }
        last_id = d->entry.entry_id;
        ++count;
        previous = current;
        current = d->entry.chain_next;
        if (count > file_.total_blocks) return;  // unreachable with the visited set; a guard
    }
    if (previous != c.tail) {
        broken(slot_at + 4,
               "tail " + std::to_string(c.tail) + ", chain ends at " + std::to_string(previous));
    }
    if (count != c.count) {
        broken(slot_at + 8,
               "count " + std::to_string(c.count) + ", chain has " + std::to_string(count));
    }
}

void DirectoryWalk::chains() {
    for (std::size_t slot = 0; slot < lc::kChainTypes; ++slot) chain(slot);
    for (const auto& d : po_.directory) {
        if (d.chained || !d.place.readable || !known_type_code(d.entry.type_code)) continue;
        ctx_.report(events::dir_chain, file_,
                    file_.offset(d.place.head(), lb::kHeaderSize + ld::kChainPrev),
                    entry_name(d.entry.entry_id) + " is not on its type chain");
    }
}

void DirectoryWalk::checks() {
    std::uint32_t live = 0;
    for (const auto& d : po_.directory) live += d.place.readable ? 1 : 0;
    if (index_count_ && *index_count_ != live) {
        ctx_.report(events::dir_index_incomplete, file_, index_count_at_,
                    "directory index entry_count " + std::to_string(*index_count_) + ", " +
                        std::to_string(live) + " live entries");
    }
    std::map<std::uint32_t, const DirectoryRecord*> by_id;
    std::map<std::string, const DirectoryRecord*> by_name;
    std::map<std::uint32_t, const DirectoryRecord*> by_mailbox;
    for (const auto& d : po_.directory) {
        if (d.place.readable) by_id.emplace(d.entry.entry_id, &d);
    }
    for (const auto& d : po_.directory) {
        if (!d.place.readable) continue;
        const DirectoryEntry& e = d.entry;
        const std::uint64_t payload = file_.offset(d.place.head(), lb::kHeaderSize);
        const std::string what = entry_name(e.entry_id);
        if (!known_type_code(e.type_code)) {
            ctx_.report(events::unknown_type_code, file_, payload + ld::kTypeCode,
                        what + ": type code " + hex32(static_cast<std::uint8_t>(e.type_code)));
        }
        const auto duplicate = [&](const DirectoryRecord* other, const std::string& of,
                                   std::uint64_t at) {
            ctx_.report(events::duplicate_entry, file_, at,
                        what + ": same " + of + " as " + entry_name(other->entry.entry_id) +
                            " (block " + std::to_string(other->place.head()) + ")");
        };
        if (const auto it = by_id.find(e.entry_id); it != by_id.end() && it->second != &d) {
            duplicate(it->second, "id", payload + ld::kEntryId);
        }
        if (const auto [it, added] = by_name.emplace(fold_name(e.name), &d); !added) {
            duplicate(it->second, "name", payload + ld::kFixedEnd);
        }
        if (e.mailbox_number != 0) {
            if (const auto [it, added] = by_mailbox.emplace(e.mailbox_number, &d); !added) {
                duplicate(it->second, "mailbox number", payload + ld::kMailboxNumber);
            }
        }
        const auto resolve = [&](std::uint32_t id, std::string_view field, std::uint64_t at,
                                 std::string_view types) {
            if (id == 0) return;
            const auto it = by_id.find(id);
            if (it == by_id.end()) {
                ctx_.report(events::dangling_reference, file_, at,
                            what + ": " + std::string(field) + " " + std::to_string(id) +
                                " names no entry");
            } else if (!types.empty() &&
                       types.find(it->second->entry.type_code) == std::string_view::npos) {
                ctx_.report(events::dangling_reference, file_, at,
                            what + ": " + std::string(field) + " " + std::to_string(id) +
                                " names an entry of type '" +
                                std::string(1, it->second->entry.type_code) + "'");
            }
        };
        resolve(e.po_entry_id, "po_entry_id", payload + ld::kPoEntryId, "Pp");
        resolve(e.alias_target_id, "alias_target_id", payload + ld::kAliasTargetId, "");
        for (const auto member : e.members) resolve(member, "member", payload + ld::kFixedEnd, "");
    }
}

}  // namespace

void read_directory(ReadContext& ctx, StoreFile& clan, PostOffice& po) {
    if (!po.clandata) return;
    DirectoryWalk walk(ctx, clan, po);
    walk.index();
    walk.chains();
    walk.checks();
}

}  // namespace ccsalvage::po::detail
