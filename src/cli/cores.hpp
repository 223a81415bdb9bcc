#pragma once
// How many cores this process may use: those of its CPU affinity mask (taskset, a Slurm or
// container cpuset), not every core of the host, so default thread counts fit the allocation.

namespace ccsalvage::cli {

unsigned usable_cores();

}  // namespace ccsalvage::cli
