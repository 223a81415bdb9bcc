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
#include <thread>
#include <vector>

namespace ccsalvage::casefolder {

template <typename Fn>
void parallel_for(std::size_t n, unsigned threads, Fn&& fn) {
    std::vector<std::exception_ptr> errors(n);
    std::atomic<std::size_t> next{0};
    const auto work = [&] {
        for (auto i = next++; i < n; i = next++) {
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

}  // namespace ccsalvage::casefolder
