#pragma once
// An array of plain values with a capacity fixed when it is made: in a ScratchSpace when one is
// given and the capacity is worth a file range (ScratchSpace::minimum()), else in memory. The
// reader knows the most it can need (a value per block, a header per structural block) but not,
// for the second, how many; the capacity is mapped whole (the scratch file's range, or private
// anonymous memory) and takes disk space or memory only as it fills: no vector's doubling, which
// held up to three times the final size while it copied (small arrays are plain vectors).
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

// A private anonymous mapping reserved for a capacity and filled as it is touched: contiguous
// like a vector, but growing page by page like a deque (no doubling, no copy while it grows).
class AnonymousMapping {
  public:
    AnonymousMapping() = default;
    explicit AnonymousMapping(std::size_t bytes);  // data() is nullptr when it cannot be mapped
    AnonymousMapping(AnonymousMapping&& other) noexcept
        : data_(std::exchange(other.data_, nullptr)), bytes_(std::exchange(other.bytes_, 0)) {}
    AnonymousMapping& operator=(AnonymousMapping&& other) noexcept;
    AnonymousMapping(const AnonymousMapping&) = delete;
    AnonymousMapping& operator=(const AnonymousMapping&) = delete;
    ~AnonymousMapping();
    void* data() const { return data_; }

  private:
    void* data_ = nullptr;
    std::size_t bytes_ = 0;
};

// Below this many bytes of capacity an array without a scratch space is a plain vector.
inline constexpr std::size_t kAnonymousMappingFrom = std::size_t{64} << 10U;

template <class T>
class ScratchArray {
    static_assert(std::is_trivially_copyable_v<T> && std::is_trivially_destructible_v<T>,
                  "a scratch file holds plain values only");

  public:
    ScratchArray() = default;
    ScratchArray(std::size_t capacity, ScratchSpace* space) : capacity_(capacity) {
        if (space != nullptr && capacity != 0 && capacity * sizeof(T) >= space->minimum()) {
            region_ = space->map(capacity * sizeof(T));
            mapped_ = static_cast<T*>(region_.data());
        } else if (capacity * sizeof(T) >= kAnonymousMappingFrom) {
            anonymous_ = AnonymousMapping(capacity * sizeof(T));
            mapped_ = static_cast<T*>(anonymous_.data());  // nullptr: a vector after all
        }
    }

    ScratchArray(ScratchArray&& other) noexcept
        : capacity_(std::exchange(other.capacity_, 0)),
          heap_(std::move(other.heap_)),
          region_(std::move(other.region_)),
          anonymous_(std::move(other.anonymous_)),
          mapped_(std::exchange(other.mapped_, nullptr)),
          size_(std::exchange(other.size_, 0)) {}
    ScratchArray& operator=(ScratchArray&& other) noexcept {
        if (this != &other) {
            capacity_ = std::exchange(other.capacity_, 0);
            heap_ = std::move(other.heap_);
            region_ = std::move(other.region_);
            anonymous_ = std::move(other.anonymous_);
            mapped_ = std::exchange(other.mapped_, nullptr);
            size_ = std::exchange(other.size_, 0);
        }
        return *this;
    }
    ScratchArray(const ScratchArray&) = delete;
    ScratchArray& operator=(const ScratchArray&) = delete;

    bool in_scratch() const { return region_.data() != nullptr; }
    std::size_t size() const { return mapped_ != nullptr ? size_ : heap_.size(); }
    std::size_t capacity() const { return capacity_; }
    bool empty() const { return size() == 0; }

    T* data() { return mapped_ != nullptr ? mapped_ : heap_.data(); }
    const T* data() const { return mapped_ != nullptr ? mapped_ : heap_.data(); }
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
        if (mapped_ == nullptr) {
            heap_.push_back(value);
            return;
        }
        region_.reserve((size_ + 1) * sizeof(T));
        mapped_[size_++] = value;
    }

    // Appends `values` (size() + values.size() <= capacity).
    void append(std::span<const T> values) {
        if (values.size() > capacity_ - size()) {
            throw std::length_error("ScratchArray: past its capacity");
        }
        if (mapped_ == nullptr) {
            heap_.insert(heap_.end(), values.begin(), values.end());
            return;
        }
        region_.reserve((size_ + values.size()) * sizeof(T));
        std::copy(values.begin(), values.end(), mapped_ + size_);
        size_ += values.size();
    }

    // `count` copies of `value` (count <= capacity), replacing what was there.
    void assign(std::size_t count, const T& value) {
        if (count > capacity_) throw std::length_error("ScratchArray: past its capacity");
        if (mapped_ == nullptr) {
            heap_.assign(count, value);
            return;
        }
        region_.reserve(count * sizeof(T));
        // A fresh mapping reads as zeros: writing zeros would only make every page resident.
        if (size_ != 0 || !all_zero(value)) std::fill(mapped_, mapped_ + count, value);
        size_ = count;
    }

    // A copy of `values` (values.size() <= capacity), replacing what was there.
    void assign(std::span<const T> values) {
        if (values.size() > capacity_) throw std::length_error("ScratchArray: past its capacity");
        if (mapped_ == nullptr) {
            heap_.assign(values.begin(), values.end());
            return;
        }
        region_.reserve(values.size() * sizeof(T));
        std::copy(values.begin(), values.end(), mapped_);
        size_ = values.size();
    }

    // Grows the array to `count` values (size() <= count <= capacity) whose new values are
    // unspecified until written: for a merge that fills the array from its end.
    void resize_for_overwrite(std::size_t count) {
        if (count > capacity_ || count < size()) {
            throw std::length_error("ScratchArray: resize past its capacity or below its size");
        }
        if (mapped_ == nullptr) {
            heap_.resize(count);
            return;
        }
        region_.reserve(count * sizeof(T));
        size_ = count;
    }

    // Keeps the first `count` values (count <= size()): what std::unique leaves to drop.
    void truncate(std::size_t count) {
        if (count > size()) throw std::length_error("ScratchArray: truncate past its size");
        if (mapped_ == nullptr) {
            heap_.resize(count);
        } else {
            size_ = count;
        }
    }

    // Copies `count` values from position `at` (at + count <= size()) out of the array, or into
    // it: in a scratch file with positioned reads and writes that map nothing (for a structure
    // looked up at random: ScratchRegion::read), in memory with a copy.
    void read(std::size_t at, T* into, std::size_t count) const {
        if (at > size() || count > size() - at) {
            throw std::length_error("ScratchArray: read past its size");
        }
        if (in_scratch()) {
            region_.read(at * sizeof(T), into, count * sizeof(T));
        } else {
            std::copy_n(data() + at, count, into);
        }
    }
    void write(std::size_t at, const T* from, std::size_t count) {
        if (at > size() || count > size() - at) {
            throw std::length_error("ScratchArray: write past its size");
        }
        if (in_scratch()) {
            region_.write(at * sizeof(T), from, count * sizeof(T));
        } else {
            std::copy_n(from, count, data() + at);
        }
    }

    // Takes the array's pages out of the resident set when it is in a scratch file (contents
    // kept); nothing otherwise (an anonymous mapping would lose them).
    void release_resident() const {
        if (in_scratch()) region_.release_resident();
    }

    // Gives back a vector's spare capacity (a mapping's untouched pages cost nothing).
    void shrink_to_fit() { heap_.shrink_to_fit(); }

    // The bytes held in memory (a scratch array's are in its file), for memory notes.
    std::size_t heap_bytes() const {
        if (in_scratch()) return 0;
        return mapped_ != nullptr ? size_ * sizeof(T) : heap_.capacity() * sizeof(T);
    }

  private:
    static bool all_zero(const T& value) {
        unsigned char bytes[sizeof(T)];
        std::memcpy(bytes, &value, sizeof(T));
        return std::all_of(std::begin(bytes), std::end(bytes),
                           [](unsigned char b) { return b == 0; });
    }

    std::size_t capacity_ = 0;
    std::vector<T> heap_;         // small arrays, or where nothing could be mapped
    ScratchRegion region_;        // in the scratch file
    AnonymousMapping anonymous_;  // in memory, without a scratch space
    T* mapped_ = nullptr;         // the region's or the anonymous mapping's start
    std::size_t size_ = 0;        // when mapped
};

}  // namespace ccsalvage
