#include "export/seen_keys.hpp"

#include <algorithm>
#include <cstring>

#include "core/sha256.hpp"

namespace ccsalvage::exporting {

namespace {
// Keys moved by a rehash between two releases of the scratch space's pages: each touches a
// page or two (and the kernel's fault-around), about 4 MiB at 64.
constexpr std::uint64_t kMovedPerRelease = 64;
// Lookups between two releases of the table's own pages. Each lands on a random slot and the
// kernel maps up to 16 pages around the page it reads: with only the export's releases (every
// 64 placements) 8 MiB of an 8 GiB export's 20 MiB table was resident at once.
constexpr std::uint64_t kProbesPerRelease = 16;
}  // namespace

SeenKeys::Digest SeenKeys::digest_of(std::string_view key) {
    const Sha256Digest full = sha256_digest(key);
    Digest digest{};
    std::copy_n(full.begin(), digest.size(), digest.begin());
    return digest;
}

std::size_t SeenKeys::slot_of(const Digest& digest) const {
    std::size_t value = 0;
    std::memcpy(&value, digest.data(), sizeof value);  // already uniformly distributed
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = value & mask;; i = (i + 1) & mask) {
        if (slots_[i].target == kEmpty || slots_[i].digest == digest) return i;
    }
}

void SeenKeys::probed() const {
    if (++probes_ % kProbesPerRelease == 0) slots_.release_resident();
}

void SeenKeys::rehash(std::size_t slots) {
    ScratchArray<Slot> old = std::move(slots_);
    const bool in_space = space_ && slots * sizeof(Slot) >= space_from_;
    slots_ = ScratchArray<Slot>(slots, in_space ? space_.get() : nullptr);
    slots_.assign(slots, Slot{});
    // Each key moved writes a random page of the new table, and the kernel maps up to 16
    // pages around each one touched: without releases on the way the old table and the new
    // one were resident together at the end of the move (the move at 393,216 keys raised a
    // test program's peak from 22 to 38 MiB). Released as often as the export's walk releases
    // them.
    std::uint64_t moved = 0;
    for (const Slot& slot : old) {
        if (slot.target == kEmpty) continue;
        slots_[slot_of(slot.digest)] = slot;
        if (in_space) space_->passed(++moved, kMovedPerRelease);
    }
    if (in_space) space_->release_resident();
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
    const Digest digest = digest_of(key);
    probed();
    Slot& slot = slots_[slot_of(digest)];
    if (slot.target != kEmpty) return;
    auto [at, added] =
        target_index_.emplace(std::string(target), static_cast<std::uint32_t>(targets_.size() + 1));
    if (added) targets_.emplace_back(target);
    slot.digest = digest;
    slot.target = at->second;
    ++size_;
}

std::optional<std::string_view> SeenKeys::find(std::string_view key) const {
    if (slots_.empty()) return std::nullopt;
    probed();
    const Slot& slot = slots_[slot_of(digest_of(key))];
    if (slot.target == kEmpty) return std::nullopt;
    return std::string_view(targets_[slot.target - 1]);
}

}  // namespace ccsalvage::exporting
