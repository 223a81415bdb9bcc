#pragma once
// What a generator run is asked for (docs/generator.md, "Options"), and the parsing of the
// command-line forms of sizes and damage lists.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ccsalvage::generator {

// Every kind of damage the generator can inject; each is optional and countable.
enum class DamageKind {
    console_header,  // console text over a message header in CLANDATA (Q179072), PO-014/015
    console_ccm,     // console text written into a queued .ccm (Q179072), CCM-002
    import_loop,     // .ccm stuck in Import, one .und entry per attempt (Q223772)
    duplicates,      // a message queued twice and delivered twice (Q184524), PO-032
    lost,            // gone from the post office, only a connector copy left (Q157684)
    zero_tmp,        // zero-byte .tmp files left in Ccmcdata
    broken_chain,    // a directory chain link broken, PO-043
    wrong_counter,   // a CLANDATA header counter off, PO-047
    index_to_free,   // a message index entry pointing at a freed block, PO-022
    truncate,        // a post office file cut short, PO-002
    truncate_ccm,    // a queued .ccm cut short, CCM-007
    nft_mismatch,    // allocation table marks a live block free, PO-018
};

struct DamageInfo {
    DamageKind kind;
    std::string_view name;       // command-line name: "console-header"
    std::string_view catalogue;  // the id analyze must report; empty when none applies
    std::string_view kb;         // the Knowledge Base article it imitates; empty when none
    bool needs_post_office;      // injected into a written post office (needs the po writer)
    std::string_view summary;
};

const std::vector<DamageInfo>& damage_catalogue();
const DamageInfo& damage_info(DamageKind kind);

struct Options {
    std::uint64_t seed = 1;
    // Size control: a message count, or a target for the bytes written (the model stops adding
    // messages once its estimate of the output reaches it). Neither: 200 messages.
    std::uint64_t messages = 0;
    std::uint64_t target_bytes = 0;
    unsigned post_offices = 4;  // the hub plus user post offices
    std::uint64_t max_item_bytes = std::uint64_t{4} << 20;
    std::map<DamageKind, unsigned> damage;  // ordered: iteration order is part of the output
    bool backups = true;                    // the connector keeps Import.bak and Export.bak
    bool write_post_offices = true;         // false: the connector store only
    bool durable = false;                   // fsync every file (slow; generated data)
};

// What this build can write: the post office writer (parsers/po) and the .und writer
// (parsers/und) are separate libraries; the generator uses them when they are built.
struct Capabilities {
    bool post_office = false;
    bool und = false;
};
Capabilities build_capabilities();

// "1000", "64k", "100M", "1GiB", "2g": bytes. nullopt when malformed.
std::optional<std::uint64_t> parse_size(std::string_view text);

// "console-header=3,import-loop=1,zero-tmp", "all" (every kind this build can inject, once
// each; "all=2" twice each). Throws UsageError on an unknown name or a bad count.
std::map<DamageKind, unsigned> parse_damage(std::string_view text, const Capabilities& can);

// Throws UsageError when the options cannot be honoured (a damage kind that needs a writer this
// build lacks, zero post offices, ...).
void validate(const Options& options, const Capabilities& can);

}  // namespace ccsalvage::generator
