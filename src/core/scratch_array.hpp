#pragma once
// An array of plain values with a capacity fixed when it is made: in a ScratchSpace when one is
// given and the capacity is worth a file range (ScratchSpace::minimum()), else on the heap. The
// reader knows the most it can need (a value per block, a header per structural block) but not, for
// the second, how many; a scratch region is mapped for the whole capacity and takes disk space
// only as it fills, while the heap form grows as a vector would.
#include <algorithm>
#include <cstddef>
#include <cstring>
#include <span>
#include <stdexcept>
#include <type_traits>
#include <utility>
#include <vector>

#include "core/scratch.hpp"

namespace ccsalvage {

template <class T>
class ScratchArray {
    static_assert(std::is_trivially_copyable_v<T> && std::is_trivially_destructible_v<T>,
                  "a scratch file holds plain values only");

  public:
    ScratchArray() = default;
    ScratchArray(std::size_t capacity, ScratchSpace* space) : capacity_(capacity) {
        if (space != nullptr && capacity != 0 && capacity * sizeof(T) >= space->minimum()) {
            region_ = space->map(capacity * sizeof(T));
            scratch_ = static_cast<T*>(region_.data());
        }
    }

    ScratchArray(ScratchArray&& other) noexcept
        : capacity_(std::exchange(other.capacity_, 0)),
          heap_(std::move(other.heap_)),
          region_(std::move(other.region_)),
          scratch_(std::exchange(other.scratch_, nullptr)),
          size_(std::exchange(other.size_, 0)) {}
    ScratchArray& operator=(ScratchArray&& other) noexcept {
        if (this != &other) {
            capacity_ = std::exchange(other.capacity_, 0);
            heap_ = std::move(other.heap_);
            region_ = std::move(other.region_);
            scratch_ = std::exchange(other.scratch_, nullptr);
            size_ = std::exchange(other.size_, 0);
        }
        return *this;
    }
    ScratchArray(const ScratchArray&) = delete;
    ScratchArray& operator=(const ScratchArray&) = delete;

    bool in_scratch() const { return scratch_ != nullptr; }
    std::size_t size() const { return in_scratch() ? size_ : heap_.size(); }
    std::size_t capacity() const { return capacity_; }
    bool empty() const { return size() == 0; }

    T* data() { return in_scratch() ? scratch_ : heap_.data(); }
    const T* data() const { return in_scratch() ? scratch_ : heap_.data(); }
    T* begin() { return data(); }
    T* end() { return data() + size(); }
    const T* begin() const { return data(); }
    const T* end() const { return data() + size(); }
    T& operator[](std::size_t i) { return data()[i]; }
    const T& operator[](std::size_t i) const { return data()[i]; }
    operator std::span<const T>() const { return {data(), size()}; }

    // Appends; past the capacity is a bug in the caller (the capacity is its bound).
    void push_back(const T& value) {
        if (size() >= capacity_) throw std::length_error("ScratchArray: past its capacity");
        if (!in_scratch()) {
            heap_.push_back(value);
            return;
        }
        region_.reserve((size_ + 1) * sizeof(T));
        scratch_[size_++] = value;
    }

    // `count` copies of `value` (count <= capacity), replacing what was there.
    void assign(std::size_t count, const T& value) {
        if (count > capacity_) throw std::length_error("ScratchArray: past its capacity");
        if (!in_scratch()) {
            heap_.assign(count, value);
            return;
        }
        region_.reserve(count * sizeof(T));
        // A fresh region reads as zeros: writing zeros would only make every page resident.
        if (size_ != 0 || !all_zero(value)) std::fill(scratch_, scratch_ + count, value);
        size_ = count;
    }

    // Gives back a heap array's spare capacity (a scratch array's costs no memory).
    void shrink_to_fit() { heap_.shrink_to_fit(); }

    // A copy of `values` (values.size() <= capacity), replacing what was there.
    void assign(std::span<const T> values) {
        if (values.size() > capacity_) throw std::length_error("ScratchArray: past its capacity");
        if (!in_scratch()) {
            heap_.assign(values.begin(), values.end());
            return;
        }
        region_.reserve(values.size() * sizeof(T));
        std::copy(values.begin(), values.end(), scratch_);
        size_ = values.size();
    }

    // The bytes held on the heap (a scratch array's are in its file), for memory notes.
    std::size_t heap_bytes() const { return heap_.capacity() * sizeof(T); }

  private:
    static bool all_zero(const T& value) {
        unsigned char bytes[sizeof(T)];
        std::memcpy(bytes, &value, sizeof(T));
        return std::all_of(std::begin(bytes), std::end(bytes),
                           [](unsigned char b) { return b == 0; });
    }

    std::size_t capacity_ = 0;
    std::vector<T> heap_;
    ScratchRegion region_;
    T* scratch_ = nullptr;
    std::size_t size_ = 0;  // in scratch
};

}  // namespace ccsalvage
