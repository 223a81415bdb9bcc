#include "options.hpp"

#include <fmt/format.h>

#include <cctype>

#include "core/errors.hpp"

namespace ccsalvage::generator {

namespace {

std::string lower(std::string_view text) {
    std::string out;
    for (const char c : text)
        out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    return out;
}

std::string_view trim(std::string_view text) {
    while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
    while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
    return text;
}

std::optional<std::uint64_t> parse_count(std::string_view text) {
    if (text.empty() || text.size() > 12) return std::nullopt;
    std::uint64_t value = 0;
    for (const char c : text) {
        if (c < '0' || c > '9') return std::nullopt;
        value = value * 10 + static_cast<std::uint64_t>(c - '0');
    }
    return value;
}

}  // namespace

const std::vector<DamageInfo>& damage_catalogue() {
    static const std::vector<DamageInfo> catalogue = {
        {DamageKind::console_header, "console-header", "PO-015", "Q179072", true,
         "connector console output written over a message header in CLANDATA; "
         "NFTERROR.LOG lines follow"},
        {DamageKind::console_ccm, "console-ccm", "CCM-002", "Q179072", false,
         "connector console output written into a queued .ccm before its first message"},
        {DamageKind::import_loop, "import-loop", "", "Q223772", false,
         "a .ccm left in Import and one .und entry per failed import attempt"},
        {DamageKind::duplicates, "duplicates", "PO-032", "Q184524", false,
         "one Exchange message queued twice: two .ccm files, delivered twice"},
        {DamageKind::lost, "lost", "", "Q157684", false,
         "a message absent from every post office; only a connector .bak copy remains"},
        {DamageKind::zero_tmp, "zero-tmp", "", "Q179072", false,
         "zero-byte .tmp files left in Ccmcdata"},
        {DamageKind::broken_chain, "broken-chain", "PO-043", "", true,
         "a directory type chain link points at the wrong entry"},
        {DamageKind::wrong_counter, "wrong-counter", "PO-047", "", true,
         "a counter in the CLANDATA header disagrees with the structures"},
        {DamageKind::index_to_free, "index-to-free", "PO-022", "", true,
         "a message index entry points at a block the allocation table marks free"},
        {DamageKind::truncate, "truncate", "PO-002", "", true, "a post office file cut short"},
        {DamageKind::truncate_ccm, "truncate-ccm", "CCM-007", "", false,
         "an Export .ccm cut inside its last message (the Export.bak copy is whole)"},
        {DamageKind::nft_mismatch, "nft-mismatch", "PO-018", "", true,
         "the allocation table marks a block of a live record free"},
    };
    return catalogue;
}

const DamageInfo& damage_info(DamageKind kind) {
    for (const auto& info : damage_catalogue()) {
        if (info.kind == kind) return info;
    }
    return damage_catalogue().front();
}

std::optional<std::uint64_t> parse_size(std::string_view text) {
    text = trim(text);
    std::size_t digits = 0;
    while (digits < text.size() && text[digits] >= '0' && text[digits] <= '9') ++digits;
    const auto number = parse_count(text.substr(0, digits));
    if (!number) return std::nullopt;
    const std::string unit = lower(trim(text.substr(digits)));
    std::uint64_t factor = 1;
    if (unit.empty() || unit == "b") {
        factor = 1;
    } else if (unit == "k" || unit == "kb" || unit == "kib") {
        factor = std::uint64_t{1} << 10;
    } else if (unit == "m" || unit == "mb" || unit == "mib") {
        factor = std::uint64_t{1} << 20;
    } else if (unit == "g" || unit == "gb" || unit == "gib") {
        factor = std::uint64_t{1} << 30;
    } else {
        return std::nullopt;
    }
    if (*number > UINT64_MAX / factor) return std::nullopt;
    return *number * factor;
}

std::map<DamageKind, unsigned> parse_damage(std::string_view text, const Capabilities& can) {
    std::map<DamageKind, unsigned> result;
    while (!text.empty()) {
        const std::size_t comma = text.find(',');
        const std::string_view part = trim(text.substr(0, comma));
        text = comma == std::string_view::npos ? std::string_view{} : text.substr(comma + 1);
        if (part.empty()) continue;
        const std::size_t equals = part.find('=');
        const std::string name = lower(trim(part.substr(0, equals)));
        unsigned count = 1;
        if (equals != std::string_view::npos) {
            const auto parsed = parse_count(trim(part.substr(equals + 1)));
            if (!parsed || *parsed > 1000) {
                throw UsageError(fmt::format("--damage: bad count in '{}' (0 to 1000)", part));
            }
            count = static_cast<unsigned>(*parsed);
        }
        if (name == "all") {
            for (const auto& info : damage_catalogue()) {
                if (info.needs_post_office && !can.post_office) continue;
                if (info.kind == DamageKind::import_loop && !can.und) continue;
                result[info.kind] = count;
            }
            continue;
        }
        bool found = false;
        for (const auto& info : damage_catalogue()) {
            if (info.name == name) {
                result[info.kind] = count;
                found = true;
            }
        }
        if (!found) {
            std::string names;
            for (const auto& info : damage_catalogue()) names += fmt::format(" {}", info.name);
            throw UsageError(fmt::format("--damage: unknown kind '{}'; known:{} all", name, names));
        }
    }
    for (auto it = result.begin(); it != result.end();) {
        it = it->second == 0 ? result.erase(it) : std::next(it);
    }
    return result;
}

void validate(const Options& options, const Capabilities& can) {
    if (options.post_offices < 1 || options.post_offices > 20) {
        throw UsageError("--post-offices must be 1 to 20");
    }
    if (options.max_item_bytes < 64) throw UsageError("--max-item-bytes must be at least 64");
    if (options.messages > 2000000) throw UsageError("--messages: at most 2,000,000");
    for (const auto& [kind, count] : options.damage) {
        const DamageInfo& info = damage_info(kind);
        if (info.needs_post_office && !(can.post_office && options.write_post_offices)) {
            throw UsageError(fmt::format("--damage {}: needs the post office writer{}", info.name,
                                         can.post_office ? " (post offices are switched off)"
                                                         : ", which this build does not have"));
        }
        if (kind == DamageKind::import_loop && !can.und) {
            throw UsageError(
                "--damage import-loop: needs the .und writer, which this build "
                "does not have");
        }
        (void)count;
    }
}

}  // namespace ccsalvage::generator
