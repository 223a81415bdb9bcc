#include "export/seen_keys.hpp"

#include <algorithm>
#include <cstring>
#include <stdexcept>
#include <vector>

#include "core/sha256.hpp"

namespace ccsalvage::exporting {

namespace {
// Slots of the old table a rehash reads at once (80 KiB), front to back.
constexpr std::size_t kSlotsPerRead = 4096;
// Slots a probe reads at once: at 3/4 full a linear probe for an absent key looks at 8.5 slots
// on average, fewer for a present one; 160 bytes.
constexpr std::size_t kRun = 8;
}  // namespace

SeenKeys::Digest SeenKeys::digest_of(std::string_view key) {
    const Sha256Digest full = sha256_digest(key);
    Digest digest{};
    std::copy_n(full.begin(), digest.size(), digest.begin());
    return digest;
}

SeenKeys::Probe SeenKeys::probe(const ScratchArray<Slot>& slots, const Digest& digest) const {
    std::size_t value = 0;
    std::memcpy(&value, digest.data(), sizeof value);  // already uniformly distributed
    const std::size_t mask = slots.size() - 1;
    std::array<Slot, kRun> run;
    std::size_t at = value & mask;
    // Never full (grown at 3/4), so an empty slot ends every probe within one turn.
    for (std::size_t looked = 0; looked < slots.size();) {
        const std::size_t count = std::min(kRun, slots.size() - at);  // up to the end, then 0
        slots.read(at, run.data(), count);
        for (std::size_t i = 0; i < count; ++i) {
            if (run[i].target == kEmpty || run[i].digest == digest) return {at + i, run[i]};
        }
        looked += count;
        at = (at + count) & mask;
    }
    throw std::logic_error("SeenKeys: a full table");
}

SeenKeys::Probe SeenKeys::probe_key(std::string_view key, Digest& digest) const {
    if (last_.valid && last_.key == key) {
        digest = last_.digest;
        return last_.probe;
    }
    digest = digest_of(key);
    const Probe found = probe(slots_, digest);
    last_.key.assign(key);
    last_.digest = digest;
    last_.probe = found;
    last_.valid = true;
    return found;
}

void SeenKeys::rehash(std::size_t slots) {
    last_.valid = false;
    ScratchArray<Slot> old = std::move(slots_);
    const bool in_space = space_ && slots * sizeof(Slot) >= space_from_;
    ScratchArray<Slot> table(slots, in_space ? space_.get() : nullptr);
    table.assign(slots, Slot{});
    // The old table is read in order, a run of slots at a time, and each key goes to a random
    // slot of the new one, all with positioned reads and writes, which map nothing. Through the
    // mapping, each moved key's page and the kernel's fault-around stayed resident (the move at
    // 393,216 keys raised a test program's peak from 22 to 38 MiB); read in order through it,
    // with a release every 4,096 keys, the old table still brought up to 2.5 MiB in at 8 GiB:
    // its page cache, filled by the probes' reads, is in large folios, each mapped whole.
    std::vector<Slot> run(std::min(old.size(), kSlotsPerRead));
    for (std::size_t at = 0; at < old.size(); at += run.size()) {
        const std::size_t count = std::min(run.size(), old.size() - at);
        old.read(at, run.data(), count);
        for (std::size_t i = 0; i < count; ++i) {
            if (run[i].target != kEmpty) table.write(probe(table, run[i].digest).index, &run[i], 1);
        }
    }
    slots_ = std::move(table);
}

void SeenKeys::grow() { rehash(slots_.empty() ? 1024 : slots_.size() * 2); }

void SeenKeys::keep_in(std::shared_ptr<ScratchSpace> space, std::size_t from_bytes) {
    space_ = std::move(space);
    space_from_ = from_bytes;
    if (!slots_.empty()) rehash(slots_.size());
}

void SeenKeys::emplace(std::string_view key, std::string_view target) {
    // Grown before it is 3/4 full, so a probe always ends at an empty slot.
    if (4 * (size_ + 1) > 3 * slots_.size()) grow();
    Digest digest{};
    const Probe found = probe_key(key, digest);
    if (found.slot.target != kEmpty) return;
    auto [at, added] =
        target_index_.emplace(std::string(target), static_cast<std::uint32_t>(targets_.size() + 1));
    if (added) targets_.emplace_back(target);
    const Slot slot{digest, at->second};
    slots_.write(found.index, &slot, 1);
    last_.valid = false;
    ++size_;
}

std::optional<std::string_view> SeenKeys::find(std::string_view key) const {
    if (slots_.empty()) return std::nullopt;
    Digest digest{};
    const Probe found = probe_key(key, digest);
    if (found.slot.target == kEmpty) return std::nullopt;
    return std::string_view(targets_[found.slot.target - 1]);
}

}  // namespace ccsalvage::exporting
