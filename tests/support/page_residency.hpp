#pragma once
// How much of a file the page cache holds, for the tests of the page-cache hints (write-back,
// drop-behind, read-ahead): mincore on a read-only mapping of the range.
#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <vector>

namespace ccsalvage::testing {

// Pages of the file's bytes [from, from + bytes) in the page cache (`from` page-aligned).
inline std::size_t resident_pages(int fd, std::size_t from, std::size_t bytes) {
    void* map = ::mmap(nullptr, bytes, PROT_READ, MAP_SHARED, fd, static_cast<off_t>(from));
    if (map == MAP_FAILED) return 0;
    const auto page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
    std::vector<unsigned char> in_core((bytes + page - 1) / page);
    std::size_t resident = 0;
    if (::mincore(map, bytes, in_core.data()) == 0) {
        for (unsigned char c : in_core) resident += c & 1U;
    }
    ::munmap(map, bytes);
    return resident;
}

}  // namespace ccsalvage::testing
