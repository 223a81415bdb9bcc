#include "generator.hpp"

#include <map>

#include "damage.hpp"
#include "po_output.hpp"
#include "population.hpp"
#include "random.hpp"
#include "store.hpp"
#include "traffic.hpp"

namespace ccsalvage::generator {

namespace {

// Numbers each kind's records 1, 2, ... and links every damaged message to its records.
void link_damage(Run& run) {
    std::map<DamageKind, unsigned> instances;
    for (std::size_t i = 0; i < run.damage.size(); ++i) {
        DamageRecord& record = run.damage[i];
        record.instance = ++instances[record.kind];
        for (const std::uint64_t id : record.messages) {
            if (id >= 1 && id <= run.world.messages.size())
                run.world.messages[id - 1].damage.push_back(i);
        }
    }
}

}  // namespace

GenerateResult generate(const Options& options, const OutputFolder& out) {
    GenerateResult result;
    Run& run = result.run;
    run.options = options;
    run.capabilities = build_capabilities();
    validate(options, run.capabilities);

    // Each phase draws from its own stream, derived from the seed by name: the healthy content
    // does not depend on which damage is asked for, and a new phase shifts nothing else.
    const std::uint64_t seed = options.seed;
    Rng world_rng(derive_seed(seed, label_hash("world")));
    populate(run.world, world_rng, options, planned_messages(options));
    build_traffic(run.world, options, world_rng);

    Rng damage_rng(derive_seed(seed, label_hash("damage")));
    const StoreDamage store_damage = plan_damage(run.world, options, damage_rng);

    if (options.write_post_offices) {
        Rng po_damage_rng(derive_seed(seed, label_hash("post office damage")));
        write_post_offices(run, out, po_damage_rng);
    } else {
        run.post_office_note = "not written: --no-post-offices";
    }

    Rng store_rng(derive_seed(seed, label_hash("store")));
    write_connector_store(run, store_damage, out, store_rng);

    link_damage(run);
    result.totals = compute_totals(run);
    result.ground_truth_sha256 = write_ground_truth(run, out);
    return result;
}

}  // namespace ccsalvage::generator
