#pragma once
// Internal to the reader: a set of message numbers for its cross-checks (which numbers the
// index lists, which a walk reached), as a sorted array in the reader's scratch space when it
// has one: 4 bytes a number and no allocation per number, where the std::set and
// std::unordered_set it replaces took 32 to 40 (6 MiB each at 153,000 messages, the 4 GiB
// export's heap peak: docs/performance.md, "Session 12").
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/scratch_array.hpp"

namespace ccsalvage::po::detail {

class NumberSet {
  public:
    // Room for `capacity` numbers, added with add() and then sealed before any lookup.
    NumberSet(std::size_t capacity, ScratchSpace* space) : numbers_(capacity, space) {}

    void add(std::uint32_t number) { numbers_.push_back(number); }
    // Sorts and drops the repeats, keeping each number added more than once in repeated().
    void seal() {
        std::sort(numbers_.begin(), numbers_.end());
        std::size_t kept = 0;
        for (std::size_t i = 0; i < numbers_.size(); ++i) {
            if (kept != 0 && numbers_[kept - 1] == numbers_[i]) {
                if (repeated_.empty() || repeated_.back() != numbers_[i]) {
                    repeated_.push_back(numbers_[i]);
                }
                continue;
            }
            numbers_[kept++] = numbers_[i];
        }
        numbers_.truncate(kept);
    }

    static constexpr std::size_t kAbsent = static_cast<std::size_t>(-1);
    // The number's rank among the distinct numbers (for arrays parallel to the set), or kAbsent.
    std::size_t position(std::uint32_t number) const {
        const auto* at = std::lower_bound(numbers_.begin(), numbers_.end(), number);
        if (at == numbers_.end() || *at != number) return kAbsent;
        return static_cast<std::size_t>(at - numbers_.begin());
    }
    bool contains(std::uint32_t number) const { return position(number) != kAbsent; }
    std::size_t size() const { return numbers_.size(); }
    // The numbers added more than once, sorted: rare (damage), so a plain vector.
    const std::vector<std::uint32_t>& repeated() const { return repeated_; }

  private:
    ScratchArray<std::uint32_t> numbers_;
    std::vector<std::uint32_t> repeated_;
};

}  // namespace ccsalvage::po::detail
