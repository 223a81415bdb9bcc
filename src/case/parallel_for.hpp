#pragma once
// Runs fn(0) ... fn(n - 1) on up to `threads` threads (the caller's thread is one of them), each
// index once, for work whose parts are independent (hashing the evidence files). Results go
// where fn puts them, by index, so the outcome does not depend on which thread ran what. When
// parts throw, every thread still finishes its other parts and the exception of the lowest
// index is rethrown: the same one a loop on one thread would have met first.
#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <numeric>
#include <thread>
#include <vector>

namespace ccsalvage::casefolder {

// The same, with the parts taken in the order `order` lists them (a permutation of 0 ... n - 1):
// which part a thread takes next, never where its result goes or which error is rethrown.
template <typename Fn>
void parallel_for_in_order(const std::vector<std::size_t>& order, unsigned threads, Fn&& fn) {
    const std::size_t n = order.size();
    std::vector<std::exception_ptr> errors(n);
    std::atomic<std::size_t> next{0};
    const auto work = [&] {
        for (auto k = next++; k < n; k = next++) {
            const std::size_t i = order[k];
            try {
                fn(i);
            } catch (...) {
                errors[i] = std::current_exception();
            }
        }
    };
    const auto extra = std::min<std::size_t>(threads == 0 ? 0 : threads - 1, n == 0 ? 0 : n - 1);
    {
        std::vector<std::jthread> pool;
        pool.reserve(extra);
        for (std::size_t t = 0; t < extra; ++t) pool.emplace_back(work);
        work();
    }  // joined here
    for (const auto& e : errors) {
        if (e) std::rethrow_exception(e);
    }
}

template <typename Fn>
void parallel_for(std::size_t n, unsigned threads, Fn&& fn) {
    std::vector<std::size_t> order(n);
    std::iota(order.begin(), order.end(), std::size_t{0});
    parallel_for_in_order(order, threads, std::forward<Fn>(fn));
}

// The indexes 0 ... n - 1 by decreasing size_of(index) (equal sizes in index order). Files
// hashed largest first end together: taken in listing order, the largest file of a case (its
// post office's MLANDATA, or the repaired one) could come last and be hashed on one thread
// while the others idle.
template <typename SizeOf>
std::vector<std::size_t> largest_first(std::size_t n, SizeOf&& size_of) {
    std::vector<std::size_t> order(n);
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(),
                     [&size_of](std::size_t a, std::size_t b) { return size_of(a) > size_of(b); });
    return order;
}

}  // namespace ccsalvage::casefolder
