#pragma once
// A list that grows by fixed chunks instead of doubling one array. The ledger holds every
// copy of every message of a post office and its connector store (about 150,000 at a 1 GiB
// post office; they were 336 bytes each, 104 since session 8): a vector's growth kept up to
// twice that for a moment and a third of it unused at the end (88 MiB for 54); a deque's
// one-element nodes fragmented the heap for later stages. Chunks of about half a MiB do neither.
#include <algorithm>
#include <cstddef>
#include <iterator>
#include <memory>
#include <vector>

namespace ccsalvage::flow {

template <typename T>
class ChunkedList {
  public:
    static constexpr std::size_t kPerChunk = std::max<std::size_t>(1, (512 * 1024) / sizeof(T));

    void push_back(T value) {
        if (size_ % kPerChunk == 0) {
            chunks_.push_back(std::make_unique<std::vector<T>>());
            chunks_.back()->reserve(kPerChunk);
        }
        chunks_.back()->push_back(std::move(value));
        ++size_;
    }
    std::size_t size() const { return size_; }
    T& operator[](std::size_t i) { return (*chunks_[i / kPerChunk])[i % kPerChunk]; }
    const T& operator[](std::size_t i) const { return (*chunks_[i / kPerChunk])[i % kPerChunk]; }
    std::size_t chunks() const { return chunks_.size(); }
    void clear() {
        chunks_.clear();
        size_ = 0;
    }

  private:
    std::vector<std::unique_ptr<std::vector<T>>> chunks_;
    std::size_t size_ = 0;
};

// Elements [first, first + count) of a ChunkedList, read-only, as a range (the ledger's lines
// view their copies, stored line after line, this way). Valid while the list lives and keeps
// those elements.
template <typename T>
class ChunkedRange {
  public:
    class iterator {
      public:
        using iterator_category = std::forward_iterator_tag;
        using value_type = T;
        using difference_type = std::ptrdiff_t;
        using pointer = const T*;
        using reference = const T&;

        iterator() = default;
        iterator(const ChunkedList<T>* list, std::size_t at) : list_(list), at_(at) {}
        reference operator*() const { return (*list_)[at_]; }
        pointer operator->() const { return &(*list_)[at_]; }
        iterator& operator++() {
            ++at_;
            return *this;
        }
        iterator operator++(int) {
            iterator before = *this;
            ++at_;
            return before;
        }
        friend bool operator==(const iterator& a, const iterator& b) { return a.at_ == b.at_; }

      private:
        const ChunkedList<T>* list_ = nullptr;
        std::size_t at_ = 0;
    };

    ChunkedRange() = default;
    ChunkedRange(const ChunkedList<T>& list, std::size_t first, std::size_t count)
        : list_(&list), first_(first), count_(count) {}

    iterator begin() const { return {list_, first_}; }
    iterator end() const { return {list_, first_ + count_}; }
    std::size_t size() const { return count_; }
    bool empty() const { return count_ == 0; }
    const T& operator[](std::size_t i) const { return (*list_)[first_ + i]; }
    const T& front() const { return (*list_)[first_]; }

  private:
    const ChunkedList<T>* list_ = nullptr;
    std::size_t first_ = 0;
    std::size_t count_ = 0;
};

}  // namespace ccsalvage::flow
