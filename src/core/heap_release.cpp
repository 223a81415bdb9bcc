#include "core/heap_release.hpp"

#include <malloc.h>

namespace ccsalvage {

void release_free_heap() { ::malloc_trim(0); }

}  // namespace ccsalvage
