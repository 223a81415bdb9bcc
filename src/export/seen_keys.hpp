#pragma once
// The keys of the messages already exported and where each went, kept compact so that an
// export's memory hardly grows with the number of messages: a key is held as the first 16
// bytes of its SHA-256 (a false match needs about 2^64 keys), a target as an index into the
// distinct target names (an mbox run has a few hundred, however many messages). The digests
// sit in one open-addressing table (20 bytes a slot, at most 3/4 full: 27 to 53 bytes a key,
// no allocation per key) rather than a node per key; given a scratch space (keep_in), the
// table lives there and the keys cost the process no resident memory beyond what was touched
// since the space's last release (core/scratch.hpp).
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/scratch_array.hpp"

namespace ccsalvage::exporting {

class SeenKeys {
  public:
    // Remembers `key` as exported to `target`; a key already held keeps its first target.
    void emplace(std::string_view key, std::string_view target);
    // The target `key` was exported to, if it was.
    std::optional<std::string_view> find(std::string_view key) const;
    bool contains(std::string_view key) const { return find(key).has_value(); }
    std::size_t count(std::string_view key) const { return contains(key) ? 1 : 0; }
    std::size_t size() const { return size_; }
    // The table in `space` from now on (nullptr: the heap), with what it holds, once it is
    // `from_bytes` long or longer (smaller tables stay on the heap).
    void keep_in(std::shared_ptr<ScratchSpace> space, std::size_t from_bytes = 0);

  private:
    using Digest = std::array<std::uint8_t, 16>;
    // 0 is empty, so that a fresh scratch region (zeros) is an empty table.
    static constexpr std::uint32_t kEmpty = 0;
    struct Slot {
        Digest digest{};
        std::uint32_t target = kEmpty;  // index into targets_ + 1
    };
    static Digest digest_of(std::string_view key);
    // The slot holding `digest`, or the empty slot where it would go.
    std::size_t slot_of(const Digest& digest) const;
    // Counts a lookup; in a scratch file the table's pages go every kProbesPerRelease.
    void probed() const;
    void grow();
    void rehash(std::size_t slots);

    std::shared_ptr<ScratchSpace> space_;
    std::size_t space_from_ = 0;
    ScratchArray<Slot> slots_;  // a power of two long, or empty
    std::size_t size_ = 0;
    mutable std::uint64_t probes_ = 0;
    std::vector<std::string> targets_;
    std::unordered_map<std::string, std::uint32_t> target_index_;
};

}  // namespace ccsalvage::exporting
