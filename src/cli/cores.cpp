#include "cli/cores.hpp"

#include <sched.h>

#include <thread>

namespace ccsalvage::cli {

unsigned usable_cores() {
    cpu_set_t set;
    CPU_ZERO(&set);
    if (::sched_getaffinity(0, sizeof(set), &set) == 0) {
        const int n = CPU_COUNT(&set);
        if (n > 0) return static_cast<unsigned>(n);
    }
    const auto n = std::thread::hardware_concurrency();
    return n > 0 ? n : 1;
}

}  // namespace ccsalvage::cli
