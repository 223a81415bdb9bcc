#include "parsers/und/loops.hpp"

#include <fmt/format.h>

#include "core/sha256.hpp"
#include "parsers/und/events.hpp"

namespace ccsalvage::und {

namespace {

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// Blanks trimmed and runs of blanks made one space: a header rewrapped or padded by a tool is
// still the same header.
std::string normalise(std::string_view text, bool fold_case) {
    std::string out;
    bool blank = false;
    for (const char c : text) {
        if (is_blank(c)) {
            blank = !out.empty();
            continue;
        }
        if (blank) out += ' ';
        blank = false;
        out += (fold_case && c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    }
    return out;
}

std::string normalise_addresses(const std::vector<ccm::Address>& addresses) {
    std::string out;
    for (const auto& address : addresses) {
        if (!out.empty()) out += ", ";
        out += normalise(address.raw, true);
    }
    return out;
}

// Length-prefixed, so no choice of field contents can make two identities serialise alike.
void add_field(std::string& out, std::string_view field) {
    out += std::to_string(field.size());
    out += ':';
    out += field;
}

}  // namespace

MessageIdentity identify(const ccm::Message& message) {
    MessageIdentity id;
    id.from = normalise_addresses(message.from);
    id.to = normalise_addresses(message.to);
    id.cc = normalise_addresses(message.cc);
    id.bcc = normalise_addresses(message.bcc);
    id.subject = normalise(message.subject, false);
    if (message.date) id.date = normalise(message.date->raw, false);
    for (const auto& item : message.items) {
        if (item.kind == ccm::ItemKind::unclaimed) continue;
        id.item_sha256.push_back(item.sha256.empty() ? sha256_hex(item.data) : item.sha256);
    }
    std::string serial;
    for (const auto* field : {&id.from, &id.to, &id.cc, &id.bcc, &id.subject, &id.date}) {
        add_field(serial, *field);
    }
    add_field(serial, std::to_string(id.item_sha256.size()));
    for (const auto& sha : id.item_sha256) add_field(serial, sha);
    id.key = sha256_hex(serial);
    return id;
}

void LoopFinder::add(const UndEntry& entry) {
    MessageIdentity id = identify(entry.message);
    auto [it, inserted] = by_key_.try_emplace(id.key, groups_.size());
    if (inserted) {
        LoopGroup group;
        group.identity = std::move(id);
        group.subject = entry.message.subject;
        groups_.push_back(std::move(group));
    }
    LoopGroup& group = groups_[it->second];
    ++group.attempt_count;
    if (group.attempts.size() >= max_attempts_kept_) return;
    LoopAttempt attempt;
    attempt.offset = entry.message.offset;
    attempt.index = entry.message.index;
    attempt.rejected_at = entry.rejected_at;
    attempt.reason = entry.reason;
    attempt.result_code = entry.result_code;
    attempt.source_file = entry.source_file;
    group.attempts.push_back(std::move(attempt));
}

std::vector<LoopGroup> LoopFinder::groups(std::uint64_t min_attempts) const {
    std::vector<LoopGroup> out;
    for (const auto& group : groups_) {
        if (group.attempt_count >= min_attempts) out.push_back(group);
    }
    return out;
}

std::vector<LoopGroup> group_import_loops(std::span<const UndEntry> entries,
                                          std::uint64_t min_attempts) {
    LoopFinder finder;
    for (const auto& entry : entries) finder.add(entry);
    return finder.groups(min_attempts);
}

void report_import_loops(std::span<const LoopGroup> groups, std::string_view file_name,
                         EventLog& log) {
    events::register_und_catalogue();
    for (const auto& group : groups) {
        if (group.attempt_count < 2 || group.attempts.empty()) continue;
        const auto& first = group.attempts.front();
        const auto& last = group.attempts.back();
        log.add(events::import_loop, file_name, first.offset,
                fmt::format("\"{}\" from {} rejected {} times (Q223772): first at offset {} ({}), "
                            "last kept at offset {} ({}); reason \"{}\"",
                            group.subject, group.identity.from, group.attempt_count, first.offset,
                            first.rejected_at, last.offset, last.rejected_at, first.reason));
    }
}

}  // namespace ccsalvage::und
