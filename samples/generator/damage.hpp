#pragma once
// Damage: what was injected, recorded as ground truth (docs/generator.md, "Damage kinds").
// Recipes that need a particular message (an import loop, a duplicate, a lost message, a
// damaged queue file) create their own messages with their own random stream, after the
// regular traffic: asking for damage never changes the healthy part of a run.
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "model.hpp"
#include "options.hpp"
#include "random.hpp"

namespace ccsalvage::generator {

// One changed byte range of one file.
struct Patch {
    std::string file;
    std::uint64_t offset = 0;
    std::string original_hex;
    std::string new_hex;
};

struct DamageRecord {
    DamageKind kind = DamageKind::zero_tmp;
    unsigned instance = 0;  // 1, 2, ... within its kind
    std::string file;       // relative to the output root
    std::uint64_t offset = 0;
    std::uint64_t length = 0;
    // Byte patches: the bytes before and after, hex. A truncation records the cut-off tail by
    // its length and SHA-256 instead (original_sha256).
    std::string original_hex;
    std::string new_hex;
    std::string original_sha256;
    // Every byte range changed, when there are several (a header and its copy, an allocation
    // table and a counter); the first one is also in file/offset/length above.
    std::vector<Patch> patches;
    std::string detail;
    std::vector<std::uint64_t> messages;     // message ids concerned
    std::vector<std::string> related_files;  // other files that are part of the damage
    std::vector<std::string> also_expected;  // further catalogue ids that follow from it
};

// What the connector store must do beyond writing healthy files; filled by plan_damage.
struct StoreDamage {
    std::set<std::uint64_t> console_prefix;   // message ids: console text before the message
    std::set<std::uint64_t> truncate;         // message ids: cut inside this message's data
    std::map<std::uint64_t, unsigned> loops;  // message id -> failed import attempts
    std::set<std::uint64_t> queued_twice;     // message ids queued (and imported) twice
    unsigned zero_tmp = 0;                    // zero-byte .tmp files
};

// Creates the messages the recipes need (appended to world.messages, dated just after the
// regular traffic) and says what the store must do. Post office damage is injected after the
// post offices are written (po_damage.hpp).
StoreDamage plan_damage(World& world, const Options& options, Rng& rng);

// Lower-case hex of bytes, for the ground truth.
std::string to_hex(std::string_view bytes);

}  // namespace ccsalvage::generator
