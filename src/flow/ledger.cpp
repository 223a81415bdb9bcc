#include "flow/ledger.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>
#include <stdexcept>
#include <utility>

#include "flow/duplicates.hpp"

namespace ccsalvage::flow {
namespace {

// The sightings of one message, before deliveries are split.
struct Group {
    std::size_t first = 0;  // smallest sighting index: lines come in the order first seen
    PooledText identity;    // of the sighting that opened it
    std::vector<std::size_t> members;
};

bool has(const ChunkedRange<Copy>& copies, CopyKind kind, bool complete_only = false) {
    return std::any_of(copies.begin(), copies.end(), [&](const Copy& c) {
        return c.kind == kind && (!complete_only || c.complete);
    });
}

// Where a message waits, by urgency: Bad (failed), Import, Export, Submit, then a post
// office's queue to another post office.
std::string waiting_place(const ChunkedRange<Copy>& copies) {
    for (Queue queue : {Queue::bad, Queue::import, Queue::export_, Queue::submit}) {
        for (const Copy& c : copies) {
            if (c.kind == CopyKind::ccm && c.queue == queue) {
                return fmt::format("{} ({})", to_string(queue), c.file);
            }
        }
    }
    for (const Copy& c : copies) {
        if (c.kind == CopyKind::folder_entry && c.in_post_office_queue) {
            return fmt::format("post office queue in {} ({})", c.place, c.note);
        }
    }
    return {};
}

// The line's state and why (the reason kept in `text`).
void decide_state(LedgerLine& line, TextPool& text) {
    const auto& copies = line.copies;
    std::uint64_t und = 0;
    std::string_view import_reason;
    for (const Copy& c : copies) {
        if (c.kind != CopyKind::und_entry) continue;
        ++und;
        if (import_reason.empty()) import_reason = c.reason;
    }
    std::string reason;
    const std::string waiting = waiting_place(copies);
    const bool whole = std::any_of(copies.begin(), copies.end(), [](const Copy& c) {
        return c.complete && c.kind != CopyKind::folder_entry;
    });
    if (line.identity.empty()) {
        // Only folder entries: nothing to deliver, whatever folder they sit in.
        line.state = LedgerState::record_missing;
        reason = "folder entries name a message number no record has";
    } else if (!whole) {
        // Damage first: what is left of it has to be salvaged before it can go anywhere.
        line.state = LedgerState::quarantined;
        reason = "only incomplete copies: no whole copy anywhere";
        if (!waiting.empty()) reason += "; was waiting in " + waiting;
    } else if (und > 0) {
        line.state = LedgerState::undeliverable;
        line.attempts = und;
        reason = import_reason.empty() ? "no reason recorded" : std::string(import_reason);
        if (!waiting.empty()) reason += "; still waiting in " + waiting;
    } else if (!waiting.empty()) {
        line.state = LedgerState::stuck_in_queue;
        reason = waiting;
    } else if (has(copies, CopyKind::po_record, true)) {
        line.state = LedgerState::in_post_office;
    } else if (has(copies, CopyKind::po_recovered, true)) {
        line.state = LedgerState::recovered;
        reason = "found only by the census: no index, chain or folder reaches it";
    } else if (has(copies, CopyKind::ccm, true)) {
        std::set<std::string> places;
        for (const Copy& c : copies) {
            if (c.kind == CopyKind::ccm) places.insert(std::string(to_string(c.queue)));
        }
        line.state = LedgerState::missing_from_post_office;
        std::string where;
        for (const auto& p : places) where += (where.empty() ? "" : ", ") + p;
        reason = "seen only in the connector store (" + where + ")";
        // Outbound mail needs no post office copy once exported, unless its sender keeps a
        // Message Log: the store cannot tell a sender without a log from a lost record.
        reason += places.count("Import.bak") != 0
                      ? ": imported from Exchange, yet in no post office"
                      : ": exported to Exchange; no post office copy (no Message Log, or lost)";
    } else {
        line.state = LedgerState::record_missing;
        reason = "folder entries name a message number no record has";
    }
    line.reason = text.intern(reason);
}

bool same_file(std::string_view listed, std::string_view wanted) {
    if (listed == wanted) return true;
    return listed.size() > wanted.size() && listed.ends_with(wanted) &&
           listed[listed.size() - wanted.size() - 1] == '/';
}

}  // namespace

std::string_view to_string(CopyKind kind) {
    switch (kind) {
        case CopyKind::po_record:
            return "post-office-record";
        case CopyKind::po_recovered:
            return "recovered-record";
        case CopyKind::folder_entry:
            return "folder-entry";
        case CopyKind::ccm:
            return "ccm";
        case CopyKind::und_entry:
            return "und-entry";
    }
    return "unknown";
}

std::string_view to_string(LedgerState state) {
    switch (state) {
        case LedgerState::in_post_office:
            return "in-post-office";
        case LedgerState::recovered:
            return "recovered";
        case LedgerState::duplicate:
            return "duplicate";
        case LedgerState::undeliverable:
            return "undeliverable";
        case LedgerState::stuck_in_queue:
            return "stuck-in-queue";
        case LedgerState::missing_from_post_office:
            return "missing-from-post-office";
        case LedgerState::quarantined:
            return "quarantined";
        case LedgerState::record_missing:
            return "record-missing";
    }
    return "unknown";
}

LedgerBuilder::LedgerBuilder()
    : text_(std::make_shared<TextPool>()), copies_(std::make_shared<ChunkedList<Copy>>()) {}

void LedgerBuilder::add(const Sighting& sighting) {
    // Positions are 32-bit (the line order, the descriptions): a bound, far beyond any post
    // office and connector store (150,000 copies at 1 GiB), checked rather than wrapped.
    if (copies_->size() >= kUndescribed) {
        throw std::length_error("ledger: more copies than it can number (4,294,967,295)");
    }
    TextPool& text = *text_;
    const SeenCopy& seen = sighting.copy;
    Copy copy;
    // Names of files, places and folders, Import's reasons and senders repeat from copy to
    // copy: kept once. Identities, subjects and dates are (nearly) one per message: kept as
    // they come.
    copy.file = text.intern(seen.file);
    copy.place = text.intern(seen.place);
    copy.note = text.intern(seen.note);
    copy.reason = text.intern(seen.reason);
    copy.offset = seen.offset;
    copy.length = seen.length;
    copy.message_number = seen.message_number;
    copy.result_code = seen.result_code;
    copy.kind = seen.kind;
    copy.queue = seen.queue;
    copy.complete = seen.complete;
    copy.in_post_office_queue = seen.in_post_office_queue;
    copies_->push_back(copy);
    if (sighting.identity.empty() && sighting.header_identity.empty() && sighting.subject.empty() &&
        sighting.from.empty() && sighting.date.empty()) {
        described_at_.push_back(kUndescribed);  // a folder entry: two thirds of all copies
        return;
    }
    described_at_.push_back(static_cast<std::uint32_t>(described_.size()));
    described_.push_back({text.keep(sighting.identity), text.keep(sighting.header_identity),
                          text.keep(sighting.subject), text.intern(sighting.from),
                          text.keep(sighting.date)});
}

namespace {

// Moves element i of `list` to position place[i], following the permutation's cycles: one
// element is held aside at a time, so the list is put in order where it lies.
template <class T>
void permute_in_place(ChunkedList<T>& list, const std::vector<std::uint32_t>& place) {
    std::vector<bool> done(place.size(), false);
    for (std::size_t start = 0; start < place.size(); ++start) {
        if (done[start]) continue;
        T carried = std::move(list[start]);  // belongs at place[start]
        for (std::size_t from = start;;) {
            done[from] = true;
            const std::size_t to = place[from];
            if (to == start) {
                list[start] = std::move(carried);
                break;
            }
            std::swap(carried, list[to]);  // now carries what belongs at place[to]
            from = to;
        }
    }
}

}  // namespace

Ledger LedgerBuilder::finish() {
    ChunkedList<Copy>& copies = *copies_;
    const std::size_t n = copies.size();
    static const Described kNone{};
    const auto described = [&](std::size_t i) -> const Described& {
        const std::uint32_t at = described_at_[i];
        return at == kUndescribed ? kNone : described_[at];
    };

    std::vector<Group> groups;
    // Keyed by views of the identities in the pool: copies of the keys were about a tenth of
    // the ledger's peak at a 1 GiB post office.
    std::map<std::string_view, std::size_t> by_identity, by_header, incomplete_by_header;
    std::map<std::pair<std::string_view, std::uint32_t>, std::size_t> by_record;
    std::map<std::pair<std::string_view, std::uint32_t>, std::size_t> dangling;

    const auto join = [&](std::size_t group, std::size_t i) {
        groups[group].members.push_back(i);
        groups[group].first = std::min(groups[group].first, i);
    };
    const auto open = [&](PooledText identity, std::size_t i) {
        groups.push_back(Group{i, identity, {i}});
        return groups.size() - 1;
    };

    // 1. Whole copies, by content identity.
    for (std::size_t i = 0; i < n; ++i) {
        const Described& d = described(i);
        if (d.identity.empty() || !copies[i].complete) continue;
        const auto it = by_identity.find(d.identity);
        const std::size_t g = it != by_identity.end() ? it->second : open(d.identity, i);
        if (it != by_identity.end()) join(g, i);
        by_identity.emplace(d.identity, g);
        if (!d.header_identity.empty()) by_header.emplace(d.header_identity, g);
    }
    // 2. Incomplete copies, filed under the message whose whole copy has their headers; the
    // rest make lines of their own (quarantined unless something whole joins them).
    for (std::size_t i = 0; i < n; ++i) {
        const Described& d = described(i);
        if (d.identity.empty() || copies[i].complete) continue;
        if (const auto it = by_header.find(d.header_identity);
            !d.header_identity.empty() && it != by_header.end()) {
            join(it->second, i);
        } else if (const auto in = incomplete_by_header.find(d.header_identity);
                   !d.header_identity.empty() && in != incomplete_by_header.end()) {
            join(in->second, i);
        } else {
            incomplete_by_header.emplace(d.header_identity, open(d.identity, i));
        }
    }
    // 3. Folder entries, under the line of the record they name.
    for (std::size_t g = 0; g < groups.size(); ++g) {
        for (std::size_t i : groups[g].members) {
            const Copy& c = copies[i];
            if (c.kind == CopyKind::po_record || c.kind == CopyKind::po_recovered) {
                by_record.emplace(std::make_pair(c.place.view(), c.message_number), g);
            }
        }
    }
    for (std::size_t i = 0; i < n; ++i) {
        if (!described(i).identity.empty()) continue;
        const auto key = std::make_pair(copies[i].place.view(), copies[i].message_number);
        if (const auto it = by_record.find(key); it != by_record.end()) {
            join(it->second, i);
        } else if (const auto d = dangling.find(key); d != dangling.end()) {
            join(d->second, i);
        } else {
            dangling.emplace(key, open(PooledText(), i));
        }
    }
    std::stable_sort(groups.begin(), groups.end(),
                     [](const Group& a, const Group& b) { return a.first < b.first; });
    by_identity.clear();
    by_header.clear();
    incomplete_by_header.clear();
    by_record.clear();
    dangling.clear();

    // The copies of a group, as the duplicate rules read them.
    std::vector<const Copy*> members_copies;
    const auto delivery_of_group = [&](const Group& group) {
        members_copies.clear();
        for (std::size_t i : group.members) members_copies.push_back(&copies[i]);
        return delivery_of_copies(members_copies);
    };
    // Lines are reserved at their exact number (a first pass over the groups' deliveries): a
    // vector grown by doubling held half as much again at the ledger's peak, 22 MiB at a 1 GiB
    // post office, while the repair ran beside it (rescue --jobs 2).
    std::size_t line_count = 0;
    for (Group& group : groups) {
        std::sort(group.members.begin(), group.members.end());
        const auto delivery = delivery_of_group(group);
        line_count += *std::max_element(delivery.begin(), delivery.end()) + 1;
    }
    Ledger ledger;
    ledger.lines.reserve(line_count);
    // Where each copy goes in line order. The copies stay in their list and are moved there
    // once every line is known, so that the lines do not hold copies of the copies (a second
    // list of them was a third of the ledger's peak at a 1 GiB post office).
    std::vector<std::uint32_t> place(n, 0);
    std::size_t next = 0;
    for (Group& group : groups) {
        // Headline fields from the first whole copy that has them.
        const Described* shown = &described(group.members.front());
        for (std::size_t i : group.members) {
            if (copies[i].complete && !described(i).identity.empty()) {
                shown = &described(i);
                break;
            }
        }
        const std::vector<std::size_t> delivery = delivery_of_group(group);
        const std::size_t deliveries = *std::max_element(delivery.begin(), delivery.end()) + 1;
        const std::uint64_t first_id = ledger.lines.size() + 1;
        for (std::size_t k = 0; k < deliveries; ++k) {
            LedgerLine line;
            line.id = ledger.lines.size() + 1;
            line.identity = group.identity;
            line.subject = shown->subject;
            line.from = shown->from;
            line.date = shown->date;
            const std::size_t first = next;
            for (std::size_t c = 0; c < delivery.size(); ++c) {
                if (delivery[c] != k) continue;
                // Each sighting is in one delivery of one group only.
                place[group.members[c]] = static_cast<std::uint32_t>(next++);
                copies[group.members[c]].duplicate = k > 0;
            }
            line.copies = ChunkedRange<Copy>(copies, first, next - first);
            if (k > 0) {
                line.state = LedgerState::duplicate;
                line.duplicate_of = first_id;
                line.reason =
                    text_->keep(fmt::format("delivery {} of line {} (Q184524)", k + 1, first_id));
            }
            ledger.lines.push_back(line);
        }
        std::vector<std::size_t>().swap(group.members);  // done with: freed as we go
    }
    std::vector<Group>().swap(groups);
    described_.clear();  // the lines view the pool's text itself
    described_at_.clear();
    permute_in_place(copies, place);
    std::vector<std::uint32_t>().swap(place);

    for (LedgerLine& line : ledger.lines) {
        if (!line.duplicate_of) decide_state(line, *text_);
    }
    // Decisions: each duplicate record or queued file against the first delivery's copy in
    // the same place.
    for (const LedgerLine& dup : ledger.lines) {
        if (!dup.duplicate_of) continue;
        const LedgerLine& original = ledger.lines[*dup.duplicate_of - 1];
        for (const Copy& copy : dup.copies) {
            if (copy.kind != CopyKind::po_record && copy.kind != CopyKind::ccm) continue;
            DuplicateDecision decision;
            decision.line = dup.id;
            decision.original = original.id;
            decision.copy = copy;
            decision.place =
                copy.kind == CopyKind::ccm ? PooledText("connector inbound queues") : copy.place;
            for (const Copy& o : original.copies) {
                const bool same_place =
                    copy.kind == CopyKind::ccm
                        ? o.kind == CopyKind::ccm && is_inbound(o.queue) &&
                              (decision.original_copy.file.empty() || o.queue == copy.queue)
                        : o.kind == CopyKind::po_record && o.place == copy.place;
                if (same_place) decision.original_copy = o;
            }
            ledger.duplicates.push_back(std::move(decision));
        }
    }

    LedgerTotals& t = ledger.totals;
    t.sightings = n;
    for (std::size_t s = 0; s < kLedgerStates; ++s) {
        t.by_state[std::string(to_string(static_cast<LedgerState>(s)))] = 0;
    }
    for (const LedgerLine& line : ledger.lines) {
        ++t.lines;
        if (line.state != LedgerState::duplicate) ++t.messages;
        ++t.by_state[std::string(to_string(line.state))];
        for (const Copy& c : line.copies) {
            ++t.copies_listed;
            ++t.copies_by_kind[std::string(to_string(c.kind))];
            if (c.duplicate) ++t.duplicate_copies;
            if (!c.complete) ++t.incomplete_copies;
        }
    }
    ledger.copies = std::move(copies_);
    ledger.text = std::move(text_);
    // A builder used again starts lists and a pool of its own.
    copies_ = std::make_shared<ChunkedList<Copy>>();
    text_ = std::make_shared<TextPool>();
    return ledger;
}

std::vector<std::string> Ledger::check() const {
    std::vector<std::string> problems;
    std::uint64_t by_state = 0, listed = 0, messages = 0;
    for (const auto& [state, n] : totals.by_state) by_state += n;
    if (by_state != lines.size() || totals.lines != lines.size()) {
        problems.push_back(
            fmt::format("states add up to {}, but there are {} lines", by_state, lines.size()));
    }
    std::set<std::pair<std::string_view, std::uint64_t>> places;
    for (const LedgerLine& line : lines) {
        if (line.state != LedgerState::duplicate) ++messages;
        if (line.copies.empty()) problems.push_back(fmt::format("line {} has no copy", line.id));
        listed += line.copies.size();
        if (line.state == LedgerState::duplicate) {
            const LedgerLine* original =
                line.duplicate_of ? this->line(*line.duplicate_of) : nullptr;
            if (original == nullptr || original->state == LedgerState::duplicate) {
                problems.push_back(
                    fmt::format("duplicate line {} does not point at an original", line.id));
            }
        } else if (line.duplicate_of) {
            problems.push_back(
                fmt::format("line {} is not a duplicate but points at one", line.id));
        }
    }
    if (messages != totals.messages) {
        problems.push_back(
            fmt::format("{} message lines, totals say {}", messages, totals.messages));
    }
    if (listed != totals.sightings || listed != totals.copies_listed) {
        problems.push_back(fmt::format("{} copies listed, {} sighted: a copy was lost or doubled",
                                       listed, totals.sightings));
    }
    for (const DuplicateDecision& d : duplicates) {
        const LedgerLine* dup = line(d.line);
        if (dup == nullptr || dup->state != LedgerState::duplicate ||
            dup->duplicate_of != d.original) {
            problems.push_back(
                fmt::format("duplicate decision for line {} disagrees with the line", d.line));
        }
    }
    return problems;
}

const LedgerLine* Ledger::line(std::uint64_t id) const {
    if (id == 0 || id > lines.size()) return nullptr;
    return &lines[id - 1];
}

const LedgerLine* Ledger::find_copy(std::string_view file, std::uint64_t offset) const {
    for (const LedgerLine& line : lines) {
        for (const Copy& c : line.copies) {
            if (c.offset == offset && same_file(c.file, file)) return &line;
        }
    }
    return nullptr;
}

}  // namespace ccsalvage::flow
