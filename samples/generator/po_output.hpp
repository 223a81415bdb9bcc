#pragma once
// The post offices of a run, written with the project's post office writer (parsers/po) and
// damaged at block level afterwards. A build without that writer leaves the post offices out:
// run.post_offices_written stays false and run.post_office_note says why; the content model,
// the connector store and the ground truth are complete either way.
#include "core/output_folder.hpp"
#include "random.hpp"
#include "run.hpp"

namespace ccsalvage::generator {

// Writes every cc:Mail post office of the world (hub and user post offices) into "<name>/"
// under the output root, one post office at a time, with the post office damage kinds of
// run.options.damage injected into the built files before they are written (our own output,
// never evidence); every change is recorded with file, offset, old and new bytes.
void write_post_offices(Run& run, const OutputFolder& out, Rng& rng);

}  // namespace ccsalvage::generator
