#pragma once
// Internal to the writer: the checks build_post_office() makes before writing anything.
#include "parsers/po/writer.hpp"

namespace ccsalvage::po::detail {

// Throws UsageError naming the first rule `spec` breaks that `options` do not relax.
void validate_spec(const PostOfficeSpec& spec, const WriterOptions& options);

}  // namespace ccsalvage::po::detail
