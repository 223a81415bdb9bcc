#pragma once
// The system's page size, asked once: mappings are aligned to it and released by it.
#include <unistd.h>

#include <cstdint>

namespace ccsalvage {

inline std::uint64_t page_size() {
    static const auto size = static_cast<std::uint64_t>(::sysconf(_SC_PAGESIZE));
    return size;
}

}  // namespace ccsalvage
