// PO-032: the same message delivered twice (Q184524): two reached messages with equal sender,
// date, subject, recipients and item CRCs whose arrival times are at most ten minutes apart.
// Both are kept; the note only pairs them.
#include <algorithm>
#include <array>
#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "parsers/po/compact_record.hpp"
#include "parsers/po/events.hpp"
#include "parsers/po/read_steps.hpp"

namespace ccsalvage::po::detail {

namespace {

constexpr std::int64_t kCloseSeconds = 600;

std::int64_t days_from_civil(int y, int m, int d) {
    y -= m <= 2 ? 1 : 0;
    const int era = y / 400;
    const int yoe = y - era * 400;
    const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return std::int64_t{era} * 146097 + doe;
}

std::int64_t seconds(DosDateTime value) {
    const DosFields f = unpack(value);
    return days_from_civil(f.year, f.month, f.day) * 86400 + f.hour * 3600 + f.minute * 60 +
           f.second;
}

std::string identity(const MessageHeader& h) {
    std::string key = h.sender + '\0' + std::to_string(h.date.date) + ':' +
                      std::to_string(h.date.time) + '\0' + h.subject + '\0';
    for (const auto& r : h.recipients) key += std::to_string(r.role) + r.address + '\0';
    for (const auto& item : h.items)
        key += std::to_string(item.data_crc) + ',' + std::to_string(item.length) + ';';
    return key;
}

bool compared(const MessageRecord& m) {
    return m.place.readable && !m.place.malformed && m.header.date.date != 0;
}

// The positions of the identities whose hash another shares. Sorting all the hashes at once
// would touch the whole array at random (3 MiB at 400,000 messages, resident at once); they are
// first dealt by their top byte into 256 runs, in one sequential pass, and each run (a 256th of
// the array) sorted on its own, the scratch pages released as the passes go.
std::vector<std::uint32_t> sharing_a_hash(const ReadContext& ctx,
                                          const ScratchArray<MessageIdentity>& identities) {
    constexpr std::size_t kRuns = 256;
    const auto run_of = [](const MessageIdentity& id) { return std::size_t{id.hash >> 24U}; };
    ScratchSpace* const space = ctx.options().scratch.get();
    std::uint64_t passed = 0;
    const auto pass = [&] {
        if (space != nullptr) space->passed(++passed, kBlocksPerRelease);
    };
    std::array<std::size_t, kRuns + 1> start{};
    for (const MessageIdentity& id : identities) {
        ++start[run_of(id) + 1];
        pass();
    }
    for (std::size_t r = 0; r < kRuns; ++r) start[r + 1] += start[r];
    ScratchArray<MessageIdentity> dealt(identities.size(), space);
    dealt.resize_for_overwrite(identities.size());
    std::array<std::size_t, kRuns> next{};
    std::copy_n(start.begin(), kRuns, next.begin());
    for (const MessageIdentity& id : identities) {
        dealt[next[run_of(id)]++] = id;
        pass();
    }
    const auto by_hash = [](const MessageIdentity& a, const MessageIdentity& b) {
        return a.hash < b.hash;
    };
    std::vector<std::uint32_t> sharing;
    for (std::size_t r = 0; r < kRuns; ++r) {
        MessageIdentity* const first = dealt.begin() + start[r];
        MessageIdentity* const last = dealt.begin() + start[r + 1];
        std::sort(first, last, by_hash);
        for (MessageIdentity* at = first; at != last; ++at) {
            const bool shared = (at != first && (at - 1)->hash == at->hash) ||
                                (at + 1 != last && (at + 1)->hash == at->hash);
            if (shared) sharing.push_back(at->position);
            pass();
        }
    }
    return sharing;
}

}  // namespace

void note_identity(ReadContext& ctx, const MessageRecord& message, std::uint32_t position) {
    if (!compared(message)) return;
    const std::size_t hash = std::hash<std::string>{}(identity(message.header));
    ctx.message_identities.push_back(
        {static_cast<std::uint32_t>(hash ^ (std::uint64_t{hash} >> 32U)), position});
}

void check_duplicates(ReadContext& ctx, const StoreFile& clan, const PostOffice& po) {
    // A map keyed by every message's whole identity text was the reader's largest transient
    // allocation (a third of its heap peak on a 150 MiB post office). First a hash and the
    // position of each message (noted while its header was whole); only messages whose hash
    // another shares get their identity text (from the header decoded again when the read is
    // compact), grouped by it exactly as before (a hash collision only makes a candidate), so
    // the events and their order are the same.
    std::vector<std::uint32_t> candidates = sharing_a_hash(ctx, ctx.message_identities);
    ctx.message_identities = {};
    std::sort(candidates.begin(), candidates.end());  // message list order, as before
    std::map<std::string, std::vector<const MessageRecord*>> groups;
    std::size_t visited = 0;
    for (const std::uint32_t i : candidates) {
        ctx.listed(++visited);
        const MessageRecord& m = po.messages[i];
        if (!m.compact) {
            groups[identity(m.header)].push_back(&m);
            continue;
        }
        groups[identity(decode_header_again(clan.bytes, clan.block_size, m))].push_back(&m);
        // The candidates lie anywhere in CLANDATA, and a touch of its mapping maps the cached
        // folio around the record (up to 2 MiB with large folios): 59 MiB of CLANDATA was
        // resident after the 30-odd candidates of an 8 GiB post office.
        ctx.hand_back(clan);
    }
    for (auto& [key, members] : groups) {
        if (members.size() < 2) continue;
        std::sort(members.begin(), members.end(), [](const auto* a, const auto* b) {
            return seconds(a->header.arrival) < seconds(b->header.arrival);
        });
        for (std::size_t i = 1; i < members.size(); ++i) {
            const MessageRecord& a = *members[i - 1];
            const MessageRecord& b = *members[i];
            const std::int64_t apart = seconds(b.header.arrival) - seconds(a.header.arrival);
            if (apart > kCloseSeconds) continue;
            ctx.report(events::duplicate_delivery, clan, clan.offset(b.place.head()),
                       "message " + std::to_string(b.header.message_number) +
                           " looks like message " + std::to_string(a.header.message_number) +
                           " delivered again " + std::to_string(apart) + " s later");
        }
    }
}

}  // namespace ccsalvage::po::detail
