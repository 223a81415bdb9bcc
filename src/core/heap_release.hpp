#pragma once
// Handing freed heap memory back to the system between the steps of a long run. glibc keeps
// what a step freed in its arenas (fragmented between the blocks still alive) and counts it in
// the resident set: after the repair and the ledger of a 1 GiB post office, rescue's export
// ran on about 110 MiB of such memory that nothing used (docs/performance.md, "Rescue under
// 256 MiB"). Content never changes, only residency.
namespace ccsalvage {

// Returns the free pages of every malloc arena to the system (malloc_trim(0)). Costs a walk
// over the arenas: call it between steps, not per item.
void release_free_heap();

}  // namespace ccsalvage
