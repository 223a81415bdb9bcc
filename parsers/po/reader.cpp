// read_post_office(): the procedure of section 13.1, step by step, over the files of a folder.
#include "parsers/po/reader.hpp"

#include <algorithm>
#include <cctype>
#include <memory>
#include <type_traits>

#include "core/errors.hpp"
#include "core/scratch_pool.hpp"
#include "parsers/po/events.hpp"
#include "parsers/po/read_steps.hpp"
#include "parsers/po/store_file.hpp"

namespace ccsalvage::po {

namespace {

std::string upper(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return out;
}

FileInfo info_of(const detail::StoreFile& file, std::size_t source_index, bool belongs) {
    FileInfo info;
    info.name = file.display;
    info.source_index = source_index;
    info.kind = file.kind;
    info.size = file.bytes.size();
    info.header_source = file.header_source;
    info.block_size = file.block_size;
    info.total_blocks = file.total_blocks;
    info.belongs = belongs;
    return info;
}

}  // namespace

PoFileRole classify_file_name(std::string_view name, std::uint32_t* usr_number) {
    const std::string u = upper(name);
    if (u == "CLANDATA") return PoFileRole::clandata;
    if (u == "MLANDATA") return PoFileRole::mlandata;
    if (u == "NFTERROR.LOG") return PoFileRole::nfterror_log;
    if (u == "CCPODOWN") return PoFileRole::ccpodown;
    if (u.size() == 8 && u.compare(0, 3, "USR") == 0 &&
        std::all_of(u.begin() + 3, u.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        const auto number = static_cast<std::uint32_t>(std::stoul(u.substr(3)));
        if (number >= 1) {
            if (usr_number != nullptr) *usr_number = number;
            return PoFileRole::usr;
        }
    }
    if (u.compare(0, 9, "CCPOMBOX.") == 0 || u == "NFTCHECK" || u == "CCVER.TB" ||
        u == "CCINTL.TB" || u == "CCPOMS" || (u.size() == 9 && u.compare(0, 7, "CCPODD.") == 0)) {
        return PoFileRole::side_file;
    }
    return PoFileRole::other;
}

PostOffice read_post_office(const PostOfficeSource& source, const ReadOptions& options,
                            EventLog& log) {
    events::register_po_catalogue();
    PostOffice po;
    po.messages = MessageList(ScratchAllocator<MessageRecord>(options.scratch));
    po.recovered_messages = MessageList(ScratchAllocator<MessageRecord>(options.scratch));
    po.record_pool = std::make_shared<ScratchPool>(options.scratch);
    detail::ReadContext ctx(log, options, po.record_pool.get());

    std::optional<std::size_t> clandata_index, mlandata_index;
    std::vector<std::pair<std::uint32_t, std::size_t>> usr_indexes;
    for (std::size_t i = 0; i < source.files.size(); ++i) {
        const SourceFile& f = source.files[i];
        std::uint32_t number = 0;
        switch (classify_file_name(f.name, &number)) {
            case PoFileRole::clandata:
                if (clandata_index) {
                    po.unrecognised.push_back(f.shown());
                } else {
                    clandata_index = i;
                }
                break;
            case PoFileRole::mlandata:
                if (mlandata_index) {
                    po.unrecognised.push_back(f.shown());
                } else {
                    mlandata_index = i;
                }
                break;
            case PoFileRole::usr:
                usr_indexes.emplace_back(number, i);
                break;
            case PoFileRole::nfterror_log:
                po.side_files.push_back(f.shown());
                ctx.report(events::nfterror_log, f.shown(), 0,
                           "NFTERROR.LOG present (" + std::to_string(f.bytes.size()) + " bytes)");
                break;
            case PoFileRole::ccpodown:
                po.side_files.push_back(f.shown());
                ctx.report(events::ccpodown, f.shown(), 0, "CCPODOWN present");
                break;
            case PoFileRole::side_file:
                po.side_files.push_back(f.shown());
                break;
            case PoFileRole::other:
                po.unrecognised.push_back(f.shown());
                break;
        }
    }
    std::sort(usr_indexes.begin(), usr_indexes.end());
    // Two files differing only in case name the same DOS file: the second is not a mailbox.
    usr_indexes.erase(std::unique(usr_indexes.begin(), usr_indexes.end(),
                                  [](const auto& a, const auto& b) { return a.first == b.first; }),
                      usr_indexes.end());

    if (!clandata_index)
        ctx.report(events::file_missing, "CLANDATA", 0, "no CLANDATA in the folder");
    if (!mlandata_index)
        ctx.report(events::file_missing, "MLANDATA", 0, "no MLANDATA in the folder");

    detail::StoreFile clan;
    clan.display = "CLANDATA";
    if (clandata_index) {
        clan = detail::open_store_file(ctx, source.files[*clandata_index], FileKind::clandata, 0);
        detail::read_clandata_header(ctx, clan, po);
        po.files.push_back(info_of(clan, *clandata_index, true));
    }
    std::optional<detail::StoreFile> mlan;
    if (mlandata_index) {
        mlan = detail::open_store_file(ctx, source.files[*mlandata_index], FileKind::mlandata, 0);
        const bool belongs = !mlan->usable() || detail::read_mlandata_header(ctx, *mlan, po);
        po.files.push_back(info_of(*mlan, *mlandata_index, belongs));
        if (!belongs) {
            po.mlandata.reset();
            mlan.reset();
        }
    }
    std::vector<detail::StoreFile> usr;
    for (const auto& [number, index] : usr_indexes) {
        usr.push_back(detail::open_store_file(ctx, source.files[index], FileKind::usr, number));
        po.files.push_back(info_of(usr.back(), index, true));
    }

    detail::StoreFile* mlan_ptr = mlan ? &*mlan : nullptr;
    if (clan.usable()) {
        detail::read_directory(ctx, clan, po);
        detail::read_messages(ctx, clan, mlan_ptr, po);
        detail::check_duplicates(ctx, clan, po);
    }
    detail::read_mailboxes(ctx, usr, clan.usable() ? &clan : nullptr, po);
    if (clan.usable()) {
        detail::read_recovered(ctx, clan, mlan_ptr, po);
        detail::check_counters(ctx, clan, mlan_ptr, po);
        detail::audit_blocks(ctx, clan);
    } else if (mlan_ptr != nullptr && mlan_ptr->usable()) {
        detail::read_recovered(ctx, clan, mlan_ptr, po);
    }
    if (mlan_ptr != nullptr && mlan_ptr->usable()) detail::audit_blocks(ctx, *mlan_ptr);
    for (std::size_t i = 0; i < usr.size(); ++i) {
        if (usr[i].usable()) detail::audit_blocks(ctx, usr[i]);
    }
    po.index_lookups();
    return po;
}

PostOfficeFolder PostOfficeFolder::open(const std::filesystem::path& folder) {
    std::error_code ec;
    if (!std::filesystem::is_directory(folder, ec)) {
        throw IoError(folder.string() + ": not a folder");
    }
    PostOfficeFolder out;
    std::vector<std::filesystem::path> paths;
    for (const auto& entry : std::filesystem::directory_iterator(folder, ec)) {
        if (entry.is_regular_file(ec)) paths.push_back(entry.path());
    }
    if (ec) throw IoError(folder.string() + ": cannot list: " + ec.message());
    std::sort(paths.begin(), paths.end());
    for (const auto& path : paths) out.files_.push_back(EvidenceFile::open(path));
    // Views are taken after the vector is complete: moving an EvidenceFile keeps its mapping,
    // but taking them last makes that independent of the move.
    for (const auto& file : out.files_) {
        out.source_.files.push_back(
            SourceFile{file.path().filename().string(), file.display_name(), file.bytes(), &file});
    }
    return out;
}

void PostOfficeFolder::release_pages() const {
    for (const auto& file : files_) file.release_range(0, file.size());
}

ReadOptions releasing_pages(const PostOfficeFolder& folder, ReadOptions options) {
    constexpr std::uint64_t kPage = 4096;
    constexpr std::uint64_t kDropAllEvery = 1024;
    constexpr std::uint64_t kDropScratchEvery = 64;
    // Ranges that touch are dropped together, up to this much: one madvise for a run of
    // messages whose items follow each other instead of one per message (a system call and a
    // TLB flush each: about 12,000 of them for the 22,923-message export set).
    constexpr std::uint64_t kMostAtOnce = std::uint64_t{1} << 20U;
    struct Pending {
        std::uint64_t from = 0;
        std::uint64_t to = 0;  // from == to: none
    };
    options.done_with = [&folder, scratch = options.scratch, ranges = std::uint64_t{0},
                         pending = std::vector<Pending>(folder.evidence().size())](
                            std::string_view file, std::uint64_t from, std::uint64_t to) mutable {
        if (++ranges % kDropAllEvery == 0) {
            folder.release_pages();
            if (scratch) scratch->release_resident();
            for (auto& p : pending) p = {};
            return;
        }
        // The scratch arrays go more often: the walks' claims touch a page or two of them per
        // item read (and the kernel maps up to 16 cached pages around each page touched), and
        // the census reports one range per 8 MiB of a file.
        if (scratch && (ranges % kDropScratchEvery == 0 || to - from >= kMostAtOnce)) {
            scratch->release_resident();
        }
        const auto& evidence = folder.evidence();
        for (std::size_t i = 0; i < evidence.size() && i < pending.size(); ++i) {
            if (evidence[i].bytes().data() != file.data()) continue;
            const std::uint64_t first = from / kPage * kPage;
            const std::uint64_t last = (to + kPage - 1) / kPage * kPage;
            Pending& p = pending[i];
            // A whole file (a mailbox file once walked) goes at once, with what of it waited:
            // held, it would stay resident until the next drop of the whole folder.
            if (from == 0 && to >= file.size()) {
                evidence[i].release_range(0, file.size());
                p = {};
                continue;
            }
            if (p.from != p.to && first <= p.to && last >= p.from &&
                std::max(last, p.to) - std::min(first, p.from) < kMostAtOnce) {
                p = {std::min(first, p.from), std::max(last, p.to)};
                continue;
            }
            if (p.from != p.to) evidence[i].release_range(p.from, p.to);
            p = {first, last};
            // A large range (a whole extent, a file's census) goes at once: held, it would stay
            // resident until a range elsewhere in the file came.
            if (last - first >= kMostAtOnce) {
                evidence[i].release_range(first, last);
                p = {};
            }
        }
    };
    return options;
}

namespace {

using Lookup = PostOffice::Lookup;

template <typename Records, typename KeyOf>
Lookup lookup_of(const Records& records, KeyOf key_of, const std::shared_ptr<ScratchSpace>& space) {
    Lookup lookup{ScratchAllocator<Lookup::value_type>(space)};
    lookup.reserve(records.size());
    // The records and the lookup in a scratch space: their pages leave the resident set as they
    // are passed (ReadContext::listed does it for the reader's other sweeps), and the sorted
    // lookup's once the sort is done.
    for (std::size_t i = 0; i < records.size(); ++i) {
        lookup.emplace_back(key_of(records[i]), static_cast<std::uint32_t>(i));
        if (space) space->passed(i + 1, kMessagesPerRelease);
    }
    std::sort(lookup.begin(), lookup.end());  // equal keys: list order, so the first comes first
    if (space) space->release_resident();
    return lookup;
}

template <typename Records, typename KeyOf>
const typename Records::value_type* find_in(const Records& records, const Lookup& lookup,
                                            std::uint32_t key, KeyOf key_of) {
    if (lookup.size() == records.size()) {
        const auto it = std::lower_bound(lookup.begin(), lookup.end(),
                                         std::pair<std::uint32_t, std::uint32_t>{key, 0});
        if (it == lookup.end() || it->first != key) return nullptr;
        if (it->second < records.size() && key_of(records[it->second]) == key) {
            return &records[it->second];
        }
    }
    for (const auto& r : records) {  // no lookup, or one that no longer matches the list
        if (key_of(r) == key) return &r;
    }
    return nullptr;
}

std::uint32_t number_of(const MessageRecord& m) { return m.header.message_number; }
std::uint32_t id_of(const DirectoryRecord& d) { return d.entry.entry_id; }

}  // namespace

namespace {

void destroy_releasing(MessageList& list) {
    const std::shared_ptr<ScratchSpace> space = list.get_allocator().space();
    if (!space) return;
    for (std::uint64_t destroyed = 1; !list.empty(); ++destroyed) {
        list.pop_back();
        space->passed(destroyed, kMessagesPerRelease);
    }
}

}  // namespace

PostOffice::~PostOffice() {
    destroy_releasing(messages);
    destroy_releasing(recovered_messages);
}

void PostOffice::index_lookups() {
    const std::shared_ptr<ScratchSpace> space = messages.get_allocator().space();
    message_lookup = lookup_of(messages, number_of, space);
    entry_lookup = lookup_of(directory, id_of, space);
}

const MessageRecord* PostOffice::find_message(std::uint32_t number) const {
    return find_in(messages, message_lookup, number, number_of);
}

const DirectoryRecord* PostOffice::find_entry(std::uint32_t entry_id) const {
    return find_in(directory, entry_lookup, entry_id, id_of);
}

const FileInfo* PostOffice::file(FileKind kind) const {
    for (const auto& f : files) {
        if (f.kind == kind) return &f;
    }
    return nullptr;
}

ItemRead read_message_item(const PostOfficeSource& source, const PostOffice& post_office,
                           const MessageRecord& message, std::size_t item_index,
                           const PositionedRead& read) {
    ItemRead out;
    const FileInfo* mlan = post_office.file(FileKind::mlandata);
    if (item_index >= message.header.items.size()) {
        out.problems.push_back({true, 0, "no item " + std::to_string(item_index + 1)});
        return out;
    }
    if (mlan == nullptr || !mlan->belongs || mlan->block_size == 0 ||
        mlan->source_index >= source.files.size()) {
        out.problems.push_back({true, 0, "no MLANDATA"});
        return out;
    }
    ItemRequest request;
    request.block_size = mlan->block_size;
    request.total_blocks = mlan->total_blocks;
    request.message_number = message.header.message_number;
    request.item_index = static_cast<std::uint16_t>(item_index);
    const std::string_view mapped = source.files[mlan->source_index].bytes;
    ExtentSource bytes = read ? ExtentSource(mapped.size(), read) : ExtentSource(mapped);
    return read_item(bytes, message.header.items[item_index], request);
}

}  // namespace ccsalvage::po
