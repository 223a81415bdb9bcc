#include "traffic.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "items.hpp"
#include "population.hpp"
#include "words.hpp"

namespace ccsalvage::generator {

namespace {

// Days since 1997-01-01 (a Wednesday) -> 0 Monday ... 6 Sunday.
int weekday(const Timestamp& t) {
    const auto days = static_cast<std::int64_t>(to_minutes(t) / (24 * 60));
    return static_cast<int>((days + 2) % 7);
}

Timestamp plus_minutes(const Timestamp& t, std::uint64_t minutes, int second = 0) {
    return from_minutes(to_minutes(t) + minutes, second);
}

FileType random_file_type(Rng& rng) {
    const auto r = rng.between(0, 99);
    if (r < 20) return FileType::wk4;
    if (r < 45) return FileType::doc;
    if (r < 55) return FileType::pcx;
    if (r < 70) return FileType::zip;
    if (r < 85) return FileType::txt;
    return FileType::wpd;
}

// Attachments from a few bytes to megabytes: mostly small, a tail of large ones.
std::uint64_t random_attachment_size(Rng& rng, std::uint64_t max_bytes) {
    const auto r = rng.between(0, 99);
    std::uint64_t size = 0;
    if (r < 60) {
        size = rng.log_uniform(5, 20 << 10);
    } else if (r < 90) {
        size = rng.log_uniform(20 << 10, 512 << 10);
    } else {
        size = rng.log_uniform(512 << 10, std::max<std::uint64_t>(max_bytes, 512 << 10));
    }
    return std::min(size, max_bytes);
}

std::string cut_title(const std::string& text, std::size_t limit) {
    // Forwarded item titles are at most 30 characters (Q184991); cut on a UTF-8 boundary.
    if (text.size() <= limit) return text;
    std::size_t end = limit;
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
    return text.substr(0, end);
}

}  // namespace

Timestamp next_office_time(const Timestamp& from, std::uint64_t gap, Rng& rng) {
    Timestamp t = plus_minutes(from, gap, static_cast<int>(rng.between(0, 59)));
    // Mail is written on working days between 7:00 and 19:00.
    for (int guard = 0; guard < 8; ++guard) {
        if (t.hour >= 19) {
            t = plus_minutes(t, static_cast<std::uint64_t>((24 - t.hour) * 60 - t.minute),
                             t.second);
        }
        if (t.hour < 7) {
            t.hour = 7;
            t.minute = static_cast<int>(rng.between(0, 59));
        }
        if (weekday(t) >= 5) {
            t = plus_minutes(t, static_cast<std::uint64_t>(24 * 60 * (7 - weekday(t))), t.second);
            t.hour = 7;
            continue;
        }
        break;
    }
    return t;
}

std::size_t MessageFactory::random_local_person(Rng& rng, std::size_t except) const {
    for (int attempt = 0; attempt < 64; ++attempt) {
        const std::size_t p = rng.index(world_.people.size());
        if (p != except && !world_.is_exchange(p)) return p;
    }
    for (std::size_t p = 0; p < world_.people.size(); ++p) {
        if (p != except && !world_.is_exchange(p)) return p;
    }
    return except;
}

std::size_t MessageFactory::random_exchange_person(Rng& rng) const {
    for (int attempt = 0; attempt < 256; ++attempt) {
        const std::size_t p = rng.index(world_.people.size());
        if (world_.is_exchange(p)) return p;
    }
    for (std::size_t p = 0; p < world_.people.size(); ++p) {
        if (world_.is_exchange(p)) return p;
    }
    return 0;
}

MessageSpec& MessageFactory::create(Rng& rng, Flow flow, const Timestamp& date) {
    MessageSpec m;
    m.id = world_.messages.size() + 1;
    m.flow = flow;
    m.date = date;
    const auto add = [&m](Role role, TargetKind kind, std::size_t index) {
        for (const auto& r : m.recipients) {
            if (r.kind == kind && r.index == index) return;  // one address appears once
        }
        m.recipients.push_back({role, kind, index});
    };

    if (flow == Flow::from_exchange) {
        m.sender = random_exchange_person(rng);
    } else {
        m.sender = random_local_person(rng, world_.people.size());
    }
    const std::size_t sender_po = world_.people[m.sender].po;

    if (flow == Flow::to_exchange) {
        const auto to = rng.between(1, 2);
        for (std::uint64_t i = 0; i < to; ++i)
            add(Role::to, TargetKind::person, random_exchange_person(rng));
        if (rng.percent(30)) add(Role::cc, TargetKind::person, random_local_person(rng, m.sender));
    } else if (flow == Flow::local && rng.percent(8) && !world_.boards.empty()) {
        // A posting to a bulletin board, usually the sender's own.
        std::size_t board = rng.index(world_.boards.size());
        for (std::size_t b = 0; b < world_.boards.size(); ++b) {
            if (world_.boards[b].po == sender_po && rng.percent(70)) board = b;
        }
        add(Role::to, TargetKind::board, board);
    } else {
        const auto to = rng.between(1, rng.percent(15) ? 5 : 2);
        for (std::uint64_t i = 0; i < to; ++i)
            add(Role::to, TargetKind::person, random_local_person(rng, m.sender));
        if (flow == Flow::local && rng.percent(8) && !world_.lists.empty()) {
            std::size_t list = rng.index(world_.lists.size());
            for (std::size_t l = 0; l < world_.lists.size(); ++l) {
                if (world_.lists[l].po == sender_po) list = l;
            }
            if (!world_.lists[list].members.empty()) add(Role::to, TargetKind::list, list);
        }
        const auto cc = rng.percent(35) ? rng.between(1, 2) : 0;
        for (std::uint64_t i = 0; i < cc; ++i)
            add(Role::cc, TargetKind::person, random_local_person(rng, m.sender));
        if (rng.percent(5)) add(Role::bcc, TargetKind::person, random_local_person(rng, m.sender));
    }

    m.subject = words::subject(rng);
    m.receipt_requested = rng.percent(10);
    const auto priority = rng.between(0, 99);
    m.priority = priority < 5 ? 1 : (priority < 8 ? 2 : 0);
    world_.messages.push_back(std::move(m));
    MessageSpec& stored = world_.messages.back();
    add_items(stored, rng);
    return stored;
}

void MessageFactory::add_items(MessageSpec& m, Rng& rng) {
    const auto item_seed = [&](std::size_t index) {
        return derive_seed(options_.seed, label_hash("item"), m.id * 32 + index);
    };
    const auto none = rng.between(0, 99);
    if (none == 0) return;  // a message may have no item at all (Q178122)

    if (rng.percent(97)) {
        ItemSpec text;
        text.kind = ItemKind::text;
        if (rng.percent(2)) {
            text.size = 0;  // an empty text item (Q178122)
        } else if (rng.percent(4)) {
            text.size = rng.between(4000, 20480);  // up to the 20 KB text item limit
        } else {
            text.size = rng.log_uniform(40, 4000);
        }
        if (rng.percent(10)) text.title = words::text_title(rng);
        m.items.push_back(std::move(text));
    }

    const auto r = rng.between(0, 99);
    const std::uint64_t attachments =
        r < 55 ? 0 : (r < 85 ? 1 : (r < 97 ? rng.between(2, 3) : rng.between(4, 6)));
    for (std::uint64_t i = 0; i < attachments; ++i) {
        ItemSpec file;
        file.kind = ItemKind::file;
        file.file_type = random_file_type(rng);
        file.title = words::file_base_name(rng) + "." + std::string(file_extension(file.file_type));
        const std::uint64_t minutes = to_minutes(m.date);
        const std::uint64_t back = rng.between(30, 90 * 24 * 60);
        file.file_time =
            from_minutes(minutes > back ? minutes - back : 0, static_cast<int>(rng.between(0, 59)));
        file.size = random_attachment_size(rng, options_.max_item_bytes);
        file.keyword_lookalike = file.file_type != FileType::txt && rng.percent(8);
        m.items.push_back(std::move(file));
    }

    if (rng.percent(5)) {
        ItemSpec forwarded;
        forwarded.kind = ItemKind::forwarded;
        forwarded.title = cut_title("Fwd: " + words::subject(rng), 30);
        m.items.push_back(std::move(forwarded));
    }

    for (std::size_t i = 0; i < m.items.size(); ++i) {
        ItemSpec& item = m.items[i];
        item.seed = item_seed(i);
        if (item.kind == ItemKind::forwarded) item.size = forwarded_message_bytes(item.seed).size();
        item.sha256 = item_sha256(item);
    }
}

std::uint32_t MessageFactory::next_number(Rng& rng, std::size_t po) {
    PostOffice& office = world_.post_offices[po];
    // Now and then a number was used by a message deleted since: numbers are never reused.
    if (rng.percent(10))
        office.next_message_number += static_cast<std::uint32_t>(rng.between(1, 3));
    return office.next_message_number++;
}

PoCopy& MessageFactory::copy_in(MessageSpec& m, std::size_t po, const Timestamp& arrival,
                                bool duplicate) {
    for (auto& copy : m.po_copies) {
        if (copy.po == po && copy.duplicate == duplicate) return copy;
    }
    PoCopy copy;
    copy.po = po;
    copy.arrival = arrival;
    copy.duplicate = duplicate;
    m.po_copies.push_back(std::move(copy));
    return m.po_copies.back();
}

void MessageFactory::deliver(MessageSpec& m, Rng& rng, bool duplicate) {
    const std::size_t sender_po = world_.people[m.sender].po;
    // People reached, grouped by post office; std::map/std::set keep the order stable.
    std::map<std::size_t, std::set<std::size_t>> people_by_po;
    std::map<std::size_t, std::set<std::size_t>> boards_by_po;
    for (const auto& recipient : m.recipients) {
        if (recipient.kind == TargetKind::board) {
            boards_by_po[world_.boards[recipient.index].po].insert(recipient.index);
            continue;
        }
        for (const std::size_t p : world_.people_reached(recipient)) {
            if (!world_.is_exchange(p)) people_by_po[world_.people[p].po].insert(p);
        }
    }
    std::set<std::size_t> post_offices;
    for (const auto& [po, people] : people_by_po) post_offices.insert(po);
    for (const auto& [po, boards] : boards_by_po) post_offices.insert(po);
    const bool logged = m.flow != Flow::from_exchange && world_.people[m.sender].keeps_message_log;
    if (logged) post_offices.insert(sender_po);

    for (const std::size_t po : post_offices) {
        // Local delivery takes a minute; the router takes longer to reach another post office.
        const std::uint64_t delay = po == sender_po ? rng.between(0, 1) : rng.between(2, 45);
        const int second = static_cast<int>(rng.between(0, 59));
        Timestamp arrival = plus_minutes(m.date, delay, second);
        // A second delivery (Q184524) is the same message queued twice in one connector
        // cycle: it reaches each post office one to three minutes after the first, with the
        // later message number, as PO-032 expects (docs/formats/post-office.md). Same draws
        // as a first delivery, so nothing else in the run moves.
        if (duplicate) {
            for (const PoCopy& first : m.po_copies) {
                if (first.po == po && !first.duplicate) {
                    arrival = plus_minutes(first.arrival, 1 + delay % 3, second);
                }
            }
        }
        PoCopy& copy = copy_in(m, po, arrival, duplicate);
        if (logged && po == sender_po) {
            copy.entries.push_back(
                {{MailboxKind::user, m.sender}, "Message Log", true, true, m.date});
        }
        for (const std::size_t p : people_by_po[po]) {
            const Person& person = world_.people[p];
            std::string folder = "Inbox";
            const auto r = rng.between(0, 99);
            if (r >= 72 && r < 88 && !person.folders.empty()) {
                folder = person.folders[rng.index(person.folders.size())];
            } else if (r >= 88 && r < 94) {
                folder = "Trash";
            }
            copy.entries.push_back(
                {{MailboxKind::user, p}, folder, rng.percent(85), false, arrival});
        }
        for (const std::size_t b : boards_by_po[po]) {
            copy.entries.push_back(
                {{MailboxKind::board, b}, world_.boards[b].name, false, false, arrival});
        }
        if (copy.message_number == 0) copy.message_number = next_number(rng, po);
    }
}

void MessageFactory::file_in_sender_log(MessageSpec& m, Rng& rng) {
    const Person& sender = world_.people[m.sender];
    if (world_.is_exchange(m.sender) || !sender.keeps_message_log) return;
    PoCopy& copy = copy_in(m, sender.po, m.date, false);
    for (const auto& entry : copy.entries) {
        if (entry.sent) return;
    }
    copy.entries.push_back({{MailboxKind::user, m.sender}, "Message Log", true, true, m.date});
    if (copy.message_number == 0) copy.message_number = next_number(rng, sender.po);
}

void MessageFactory::queue_for_exchange(MessageSpec& m, Rng& rng) {
    // One draw per statement, the second first: function arguments are evaluated in an
    // unspecified order, and GCC (which wrote the shipped samples) goes right to left.
    const int second = static_cast<int>(rng.between(0, 59));
    const std::uint64_t minutes = rng.between(1, 10);
    const Timestamp arrival = plus_minutes(m.date, minutes, second);
    PoCopy& copy = copy_in(m, world_.hub, arrival, false);
    copy.entries.push_back(
        {{MailboxKind::queue, world_.exchange}, kExchangeName, false, false, arrival});
    if (copy.message_number == 0) copy.message_number = next_number(rng, world_.hub);
}

std::uint64_t estimated_output_bytes(const MessageSpec& m, const Options& options) {
    // Each post office copy holds the items once, plus its header record, folder entries and
    // block rounding; a message that crossed the connector mostly leaves one .bak copy.
    std::uint64_t copies = m.po_copies.size();
    if (m.flow != Flow::local && options.backups) copies += 1;
    return copies * (m.total_item_bytes() + 700 + 300 * m.items.size());
}

std::uint64_t planned_messages(const Options& options) {
    if (options.messages > 0) return options.messages;
    if (options.target_bytes == 0) return 200;
    return std::max<std::uint64_t>(20, options.target_bytes / kTypicalMessageOutput);
}

void build_traffic(World& world, const Options& options, Rng& rng) {
    MessageFactory factory(world, options);
    const bool has_exchange = std::any_of(world.people.begin(), world.people.end(),
                                          [&](const Person& p) { return p.po == world.exchange; });
    // Spread the messages over about two and a half working years from March 1997.
    const std::uint64_t planned = planned_messages(options);
    const std::uint64_t working_minutes = 620ULL * 12 * 60;
    const std::uint64_t mean_gap = std::max<std::uint64_t>(1, working_minutes / planned);

    Timestamp clock{1997, 3, 3, 7, 30, 0};
    std::uint64_t estimated = 0;
    for (std::uint64_t n = 0;; ++n) {
        if (options.messages > 0 || options.target_bytes == 0) {
            if (n >= planned) break;
        } else if (estimated >= options.target_bytes || n >= 2000000) {
            break;
        }
        clock = next_office_time(clock, rng.between(1, 2 * mean_gap), rng);
        const auto r = rng.between(0, 99);
        const Flow flow = !has_exchange ? Flow::local
                          : r < 70      ? Flow::local
                          : r < 85      ? Flow::to_exchange
                                        : Flow::from_exchange;
        MessageSpec& m = factory.create(rng, flow, clock);
        // Every message is delivered when sent (for a message to Exchange: the sender's
        // Message Log and local Cc recipients); those the snapshot catches in the connector's
        // queues are taken back out below.
        factory.deliver(m, rng);
        estimated += estimated_output_bytes(m, options);
    }
    world.snapshot = next_office_time(clock, 5, rng);

    // The connector's view at the snapshot. Messages to Exchange: one EXPORT run writes those
    // sent within the same minute (at most 16 per cycle, Q168211) into one file; the last ones
    // still wait in the hub's queue or in Export, a few batches failed conversion and sit in Bad.
    std::vector<std::size_t> outgoing;
    std::vector<std::size_t> incoming;
    for (std::size_t i = 0; i < world.messages.size(); ++i) {
        if (world.messages[i].flow == Flow::to_exchange) outgoing.push_back(i);
        if (world.messages[i].flow == Flow::from_exchange) incoming.push_back(i);
    }
    const std::size_t queued =
        outgoing.size() > 3 ? static_cast<std::size_t>(rng.between(0, 2)) : 0;
    std::uint64_t batch = 0;
    std::uint64_t batch_size = 0;
    std::uint64_t last_minutes = 0;
    for (std::size_t k = 0; k < outgoing.size(); ++k) {
        MessageSpec& m = world.messages[outgoing[k]];
        if (k >= outgoing.size() - queued) {
            m.connector = ConnectorState::queued;
            m.status = Status::pending;
            factory.queue_for_exchange(m, rng);
            continue;
        }
        const std::uint64_t minutes = to_minutes(m.date);
        if (batch == 0 || batch_size >= 16 || minutes > last_minutes + 1) {
            ++batch;
            batch_size = 0;
        }
        ++batch_size;
        last_minutes = minutes;
        m.export_batch = batch;
    }
    // Per batch: the last one is still in Export when the snapshot is taken; some failed.
    std::map<std::uint64_t, ConnectorState> batch_state;
    for (std::uint64_t b = 1; b <= batch; ++b) {
        ConnectorState state = ConnectorState::exported;
        if (b == batch && rng.percent(70)) {
            state = ConnectorState::export_waiting;
        } else if (rng.percent(4)) {
            state = ConnectorState::bad;
        }
        batch_state[b] = state;
    }
    for (const std::size_t i : outgoing) {
        MessageSpec& m = world.messages[i];
        if (m.export_batch == 0) continue;
        m.connector = batch_state[m.export_batch];
        m.status = m.connector == ConnectorState::exported ? Status::exported
                   : m.connector == ConnectorState::bad    ? Status::bad
                                                           : Status::pending;
    }

    // Messages from Exchange: the newest still wait in Submit, one may be in Import; the rest
    // were imported (a copy in Import.bak) and delivered.
    const std::size_t submitted =
        incoming.size() > 3 ? static_cast<std::size_t>(rng.between(0, 2)) : 0;
    const bool importing = incoming.size() > submitted + 1 && rng.percent(50);
    for (std::size_t k = 0; k < incoming.size(); ++k) {
        MessageSpec& m = world.messages[incoming[k]];
        const std::size_t from_end = incoming.size() - k;
        if (from_end <= submitted || (importing && from_end == submitted + 1)) {
            m.connector =
                from_end <= submitted ? ConnectorState::submitted : ConnectorState::importing;
            m.status = Status::pending;
            m.po_copies.clear();  // not imported yet: its numbers stay unused, as after a deletion
        } else {
            m.connector = ConnectorState::imported;
        }
    }
}

}  // namespace ccsalvage::generator
