#pragma once
// The connector's working store, Exchsrvr\Ccmcdata, as the connector would leave it at the
// moment of the snapshot (docs/generator.md, "The connector store"): Submit, Import, Export,
// Bad, Import.bak and Export.bak with MSGxxxx.CCM files, the .und file, console .tmp files and
// Export.ini/Import.ini. Damage to the store (StoreDamage) is injected while writing and
// recorded in run.damage; every copy of a message is recorded on the message.
#include "core/output_folder.hpp"
#include "damage.hpp"
#include "random.hpp"
#include "run.hpp"

namespace ccsalvage::generator {

void write_connector_store(Run& run, const StoreDamage& damage, const OutputFolder& out, Rng& rng);

}  // namespace ccsalvage::generator
