#pragma once
// The keys of the messages already exported and where each went, kept compact so that an
// export's memory hardly grows with the number of messages: a key is held as the first 16
// bytes of its SHA-256 (a false match needs about 2^64 keys), a target as an index into the
// distinct target names (an mbox run has a few hundred, however many messages). The digests
// sit in one open-addressing table (20 bytes a slot, at most 3/4 full: 27 to 53 bytes a key,
// no allocation per key) rather than a node per key; given a scratch space (keep_in), the
// table lives there, read and written with positioned reads and writes (ScratchArray::read),
// so that the keys cost the process no resident memory at all (core/scratch.hpp): a lookup
// lands on a random slot, and through the mapping each one brought the kernel's fault-around
// (16 pages) into the resident set until the next release.
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
    // Where a probe ended: the slot holding the digest, or the empty slot where it would go.
    struct Probe {
        std::size_t index = 0;
        Slot slot;
    };
    static Digest digest_of(std::string_view key);
    Probe probe(const ScratchArray<Slot>& slots, const Digest& digest) const;
    // The probe of `key` in the table, from the last one when it was for the same key and the
    // table has not changed since: an export looks a key up, then adds it (a digest and a read
    // of the scratch file saved per message).
    Probe probe_key(std::string_view key, Digest& digest) const;
    void grow();
    void rehash(std::size_t slots);

    std::shared_ptr<ScratchSpace> space_;
    std::size_t space_from_ = 0;
    ScratchArray<Slot> slots_;  // a power of two long, or empty
    std::size_t size_ = 0;
    struct LastProbe {
        std::string key;
        Digest digest{};
        Probe probe;
        bool valid = false;
    };
    mutable LastProbe last_;
    std::vector<std::string> targets_;
    std::unordered_map<std::string, std::uint32_t> target_index_;
};

}  // namespace ccsalvage::exporting
