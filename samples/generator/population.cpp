#include "population.hpp"

#include <algorithm>
#include <set>
#include <string>

#include "words.hpp"

namespace ccsalvage::generator {

namespace {

std::uint32_t nonzero_u32(Rng& rng) {
    return static_cast<std::uint32_t>(rng.between(1, UINT32_MAX));
}

// Directory names must be unique in the whole system (dirsync copies every entry everywhere);
// on a clash a middle initial makes the name unique, as administrators did.
std::string unique_name(Rng& rng, std::set<std::string>& used, bool exchange) {
    for (int attempt = 0; attempt < 20; ++attempt) {
        std::string name = exchange ? words::exchange_person_name(rng) : words::person_name(rng);
        if (used.insert(name).second) return name;
    }
    for (unsigned n = 0;; ++n) {
        const std::string base =
            exchange ? words::exchange_person_name(rng) : words::person_name(rng);
        std::string name = base + " " + std::string(1, static_cast<char>('A' + n % 26)) + ".";
        if (n >= 26) name += std::to_string(n / 26);
        if (used.insert(name).second) return name;
    }
}

PostOffice make_post_office(Rng& rng, std::string name, PoKind kind) {
    PostOffice po;
    po.name = std::move(name);
    po.kind = kind;
    po.po_id = nonzero_u32(rng);
    // Created in 1995 or 1996, in office hours.
    po.created = from_minutes(0);
    po.created.year = static_cast<int>(rng.between(1995, 1996));
    po.created.month = static_cast<int>(rng.between(1, 12));
    po.created.day = static_cast<int>(rng.between(1, 28));
    po.created.hour = static_cast<int>(rng.between(8, 17));
    po.created.minute = static_cast<int>(rng.between(0, 59));
    po.first_message_number = static_cast<std::uint32_t>(rng.between(100, 5000));
    po.next_message_number = po.first_message_number;
    return po;
}

}  // namespace

void populate(World& world, Rng& rng, const Options& options, std::uint64_t expected_messages) {
    // The hub first, then the user post offices, then the Exchange site.
    world.hub = 0;
    world.post_offices.push_back(make_post_office(rng, kHubName, PoKind::hub));
    const unsigned user_pos = options.post_offices > 1 ? options.post_offices - 1 : 0;
    for (unsigned i = 0; i < user_pos; ++i) {
        world.post_offices.push_back(
            make_post_office(rng, words::user_post_office_name(i), PoKind::user));
    }
    world.exchange = world.post_offices.size();
    world.post_offices.push_back(make_post_office(rng, kExchangeName, PoKind::exchange));

    // A hub normally has no users (Q179072's workaround assumes one); with a single post
    // office the hub is also the users' post office.
    std::vector<std::size_t> user_post_offices;
    for (std::size_t i = 0; i < world.post_offices.size(); ++i) {
        if (world.post_offices[i].kind == PoKind::user) user_post_offices.push_back(i);
    }
    if (user_post_offices.empty()) user_post_offices.push_back(world.hub);

    std::set<std::string> used_names;
    const std::uint64_t per_po_extra =
        std::min<std::uint64_t>(50, expected_messages / (300 * user_post_offices.size()));
    for (const std::size_t po : user_post_offices) {
        const std::uint64_t count = rng.between(5, 9) + per_po_extra;
        for (std::uint64_t i = 0; i < count; ++i) {
            Person person;
            person.name = unique_name(rng, used_names, false);
            person.po = po;
            person.mailbox_number = world.post_offices[po].next_mailbox_number++;
            person.keeps_message_log = rng.percent(85);
            const auto folders = rng.between(0, 4);
            for (std::uint64_t f = 0; f < folders; ++f) {
                std::string folder = words::folder_name(rng);
                if (std::find(person.folders.begin(), person.folders.end(), folder) ==
                    person.folders.end()) {
                    person.folders.push_back(std::move(folder));
                }
            }
            world.people.push_back(std::move(person));
        }
    }
    const std::uint64_t exchange_count = rng.between(4, 8);
    for (std::uint64_t i = 0; i < exchange_count; ++i) {
        Person person;
        person.name = unique_name(rng, used_names, true);
        person.po = world.exchange;
        world.people.push_back(std::move(person));
    }

    // One bulletin board and one public list per user post office.
    for (std::size_t i = 0; i < user_post_offices.size(); ++i) {
        const std::size_t po = user_post_offices[i];
        Board board;
        board.name = words::board_name(i);
        board.po = po;
        board.mailbox_number = world.post_offices[po].next_mailbox_number++;
        world.boards.push_back(board);

        MailingList list;
        list.name = words::list_name(i);
        list.po = po;
        std::vector<std::size_t> local;
        for (std::size_t p = 0; p < world.people.size(); ++p) {
            if (world.people[p].po == po) local.push_back(p);
        }
        const std::size_t members = std::min<std::size_t>(local.size(), rng.between(3, 6));
        for (std::size_t m = 0; m < members; ++m) list.members.push_back(local[m]);
        world.lists.push_back(std::move(list));
    }

    // The hub's queues: one mailbox per post office it forwards to (docs/formats/post-office.md
    // 6.2, type P). Numbers come after the hub's own users, if any.
    for (std::size_t po = 0; po < world.post_offices.size(); ++po) {
        if (po == world.hub) continue;
        world.post_offices[po].hub_queue_mailbox =
            world.post_offices[world.hub].next_mailbox_number++;
        // And each user post office queues mail for the hub in its own P entry's mailbox.
        if (world.post_offices[po].kind == PoKind::user) {
            world.post_offices[po].uplink_mailbox = world.post_offices[po].next_mailbox_number++;
        }
    }
}

}  // namespace ccsalvage::generator
