#include "po_output.hpp"

#ifdef CCSALVAGE_GENERATOR_HAVE_PO
#include <map>
#include <stdexcept>

#include "core/errors.hpp"
#include "core/event.hpp"
#include "parsers/po/reader.hpp"
#include "parsers/po/writer.hpp"
#include "po_damage.hpp"
#include "po_spec.hpp"
#endif

namespace ccsalvage::generator {

#ifdef CCSALVAGE_GENERATOR_HAVE_PO

namespace {

bool uses_a_message(DamageKind kind) {
    return kind == DamageKind::console_header || kind == DamageKind::index_to_free;
}

// Which post office each post office damage instance goes to. Console text lands in the hub
// when it can (the connector's post office, Q179072); kinds that need a message record go where
// records are left to damage; the rest anywhere.
std::map<std::size_t, std::vector<DamageKind>> plan(const Run& run, Rng& rng) {
    const World& world = run.world;
    std::vector<std::size_t> written;
    std::map<std::size_t, std::uint64_t> spare;  // message records not yet chosen
    for (std::size_t po = 0; po < world.post_offices.size(); ++po) {
        if (world.post_offices[po].kind == PoKind::exchange) continue;
        written.push_back(po);
        spare[po] = records_in(world, po);
    }
    std::map<std::size_t, std::vector<DamageKind>> result;
    for (const auto& [kind, count] : run.options.damage) {
        if (!damage_info(kind).needs_post_office) continue;
        for (unsigned i = 0; i < count; ++i) {
            std::vector<std::size_t> fit;
            for (const std::size_t po : written) {
                if (uses_a_message(kind) || kind == DamageKind::truncate) {
                    if (spare[po] > 0) fit.push_back(po);
                } else {
                    fit.push_back(po);
                }
            }
            if (fit.empty()) {
                throw UsageError(std::string("--damage ") + std::string(damage_info(kind).name) +
                                 ": not enough messages in the post offices; ask for more");
            }
            std::size_t chosen = fit[rng.index(fit.size())];
            if (kind == DamageKind::console_header && spare[world.hub] > 0) chosen = world.hub;
            if (uses_a_message(kind)) --spare[chosen];
            result[chosen].push_back(kind);
        }
    }
    return result;
}

void add_file(Run& run, const OutputFolder& out, const std::string& path, std::string_view bytes,
              const char* role) {
    std::string sha = out.write_file(path, bytes);
    run.files.push_back({path, bytes.size(), std::move(sha), role});
}

}  // namespace

void write_post_offices(Run& run, const OutputFolder& out, Rng& rng) {
    const auto damage_plan = plan(run, rng);
    for (std::size_t po = 0; po < run.world.post_offices.size(); ++po) {
        const PostOffice& office = run.world.post_offices[po];
        if (office.kind == PoKind::exchange) continue;
        const std::string folder = office.name;
        // A post office in use for a while: its files were opened for writing many times.
        const std::uint32_t serial = 10 + office.po_id % 500;

        PoSpecResult spec = make_post_office_spec(run.world, po, serial);
        po::PostOfficeFiles files = po::build_post_office(spec.spec);
        // The item data is in the files now; the spec's copy goes (one post office in memory).
        spec.spec.messages.clear();
        spec.spec.messages.shrink_to_fit();

        // Read the healthy files back to learn where every record went.
        po::PostOfficeSource source;
        source.files.push_back({"CLANDATA", folder + "/CLANDATA", files.clandata});
        source.files.push_back({"MLANDATA", folder + "/MLANDATA", files.mlandata});
        for (const auto& [name, bytes] : files.mailboxes) {
            source.files.push_back({name, folder + "/" + name, bytes});
        }
        EventLog log;
        const po::PostOffice model = po::read_post_office(source, po::ReadOptions{}, log);
        const std::uint32_t block_size = model.clandata ? model.clandata->common.block_size : 0;
        for (const auto& record : model.messages) {
            const auto it = spec.copies.find(record.header.message_number);
            if (it == spec.copies.end() || record.place.blocks.empty()) continue;
            PoCopy& copy = run.world.messages[it->second.first].po_copies[it->second.second];
            copy.file = folder + "/CLANDATA";
            copy.offset = std::uint64_t{record.place.head()} * block_size;
        }

        WrittenPostOffice written;
        written.name = office.name;
        written.folder = folder;
        written.block_size = block_size;
        written.message_records = model.messages.size();
        written.healthy_read_events = log.total();
        written.directory = spec.directory;

        std::string nfterror;
        const auto it = damage_plan.find(po);
        if (it != damage_plan.end()) {
            PoDamager damager(run, folder, files, model, spec, rng);
            for (const DamageKind kind : it->second) damager.apply(kind);
            nfterror = damager.nfterror_log();
        }

        add_file(run, out, folder + "/CLANDATA", files.clandata, "post-office");
        written.files.push_back(folder + "/CLANDATA");
        add_file(run, out, folder + "/MLANDATA", files.mlandata, "post-office");
        written.files.push_back(folder + "/MLANDATA");
        for (const auto& [name, bytes] : files.mailboxes) {
            add_file(run, out, folder + "/" + name, bytes, "post-office");
            written.files.push_back(folder + "/" + name);
        }
        if (!nfterror.empty()) {
            add_file(run, out, folder + "/NFTERROR.LOG", nfterror, "nfterror");
            written.files.push_back(folder + "/NFTERROR.LOG");
        }
        run.written_post_offices.push_back(std::move(written));
    }
    run.post_offices_written = true;
    run.post_office_note.clear();
}

#else

void write_post_offices(Run& run, const OutputFolder& /*out*/, Rng& /*rng*/) {
    run.post_offices_written = false;
    run.post_office_note =
        "not written: this build has no post office writer (parsers/po/writer.hpp)";
}

#endif

}  // namespace ccsalvage::generator
