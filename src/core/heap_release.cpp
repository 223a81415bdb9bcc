#include "core/heap_release.hpp"

#include <malloc.h>

// Under a sanitizer, malloc is the sanitizer's own and glibc's arenas are never set up at
// start-up: malloc_trim then initialises them itself, and two stage threads trimming at once
// raced in that initialisation (a SEGV in glibc's mtrim: 2 of 240 runs of the sanitizer
// build's rescue, and one CI run). There is nothing of glibc's to trim there: nothing is done.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define CCSALVAGE_HEAP_IS_SANITIZERS 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) || \
    __has_feature(memory_sanitizer)
#define CCSALVAGE_HEAP_IS_SANITIZERS 1
#endif
#endif

namespace ccsalvage {

void release_free_heap() {
#ifndef CCSALVAGE_HEAP_IS_SANITIZERS
    ::malloc_trim(0);
#endif
}

}  // namespace ccsalvage
