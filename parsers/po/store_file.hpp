#pragma once
// Internal to the reader: the per-file steps of section 13.1 that do not depend on the file's
// kind: finding and validating the header (or its copy, or voting the block size, 13.2), the
// length checks, the allocation table, the census, and, after the walks, the block audit that
// compares claims, census and allocation table (V4, V7).
#include "parsers/po/read_context.hpp"

namespace ccsalvage::po::detail {

// Steps 2-4 of 13.1 for one file. A file the model cannot read (no header, no copy, no voted
// block size, or an unsupported generation/model) comes back with !usable().
StoreFile open_store_file(ReadContext& ctx, const SourceFile& source, FileKind kind,
                          std::uint32_t usr_number);

// Block audit, after every walk has claimed what it reached: PO-009, 010, 011 for blocks in use
// or claimed; PO-018, 019, 021 from the allocation table; PO-047 for free_blocks.
void audit_blocks(ReadContext& ctx, StoreFile& file);

}  // namespace ccsalvage::po::detail
