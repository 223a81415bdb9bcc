// PO-032: the same message delivered twice (Q184524): two reached messages with equal sender,
// date, subject, recipients and item CRCs whose arrival times are at most ten minutes apart.
// Both are kept; the note only pairs them.
#include <algorithm>
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

}  // namespace

void note_identity(ReadContext& ctx, const MessageRecord& message, std::uint32_t position) {
    if (!compared(message)) return;
    ctx.message_identities.emplace_back(std::hash<std::string>{}(identity(message.header)),
                                        position);
}

void check_duplicates(ReadContext& ctx, const StoreFile& clan, const PostOffice& po) {
    // A map keyed by every message's whole identity text was the reader's largest transient
    // allocation (a third of its heap peak on a 150 MiB post office). First a hash and the
    // position of each message (16 bytes, noted while its header was whole), sorted; only
    // messages whose hash another shares get their identity text (from the header decoded
    // again when the read is compact), grouped by it exactly as before (a hash collision only
    // makes a candidate), so the events and their order are the same.
    std::vector<std::pair<std::size_t, std::uint32_t>> hashes;
    hashes.swap(ctx.message_identities);
    std::sort(hashes.begin(), hashes.end());
    std::vector<std::uint32_t> candidates;
    for (std::size_t i = 0; i < hashes.size(); ++i) {
        const bool shared = (i > 0 && hashes[i - 1].first == hashes[i].first) ||
                            (i + 1 < hashes.size() && hashes[i + 1].first == hashes[i].first);
        if (shared) candidates.push_back(hashes[i].second);
    }
    hashes.clear();
    hashes.shrink_to_fit();
    std::sort(candidates.begin(), candidates.end());  // message list order, as before
    std::map<std::string, std::vector<const MessageRecord*>> groups;
    std::size_t visited = 0;
    for (const std::uint32_t i : candidates) {
        ctx.listed(++visited);
        const MessageRecord& m = po.messages[i];
        groups[identity(m.compact ? decode_header_again(clan.bytes, clan.block_size, m) : m.header)]
            .push_back(&m);
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
