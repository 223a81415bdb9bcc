#pragma once
// One generator run (docs/generator.md): from a seed and options to a folder holding post
// offices, the connector's working store and ground-truth.json. Identical seed and options give
// identical bytes.
#include "core/output_folder.hpp"
#include "ground_truth.hpp"
#include "options.hpp"
#include "run.hpp"

namespace ccsalvage::generator {

struct GenerateResult {
    Run run;
    Totals totals;
    std::string ground_truth_sha256;
};

// Validates the options (UsageError), then writes everything into `out`, which must be new
// and empty (OutputFolder::create_new).
GenerateResult generate(const Options& options, const OutputFolder& out);

}  // namespace ccsalvage::generator
