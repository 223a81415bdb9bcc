#pragma once
// The block size of the po tests' hand-built files (DB6's 512 bytes), named once for every test
// file: the unit tests are compiled in unity batches, where each file's own copy would collide.
#include <cstdint>

#include "parsers/po/layout_block.hpp"

namespace ccsalvage::po {

inline constexpr std::uint32_t B = layout::block::kDb6BlockSize;

}  // namespace ccsalvage::po
