#include "flow/ledger_run.hpp"

#include "core/errors.hpp"

namespace ccsalvage::flow {

LedgerRun build_ledger(const LedgerInputs& inputs, EventLog& log) {
    LedgerRun run;
    LedgerBuilder builder;
    const SightingHandler add = [&builder](Sighting s) { builder.add(std::move(s)); };
    for (const auto& folder : inputs.post_offices) {
        try {
            const auto opened = po::PostOfficeFolder::open(folder);
            po::ReadOptions options;
            options.fallback_code_page = inputs.fallback_code_page;
            // Headers decoded again one record at a time by add_post_office (load_po_message).
            options.messages = po::MessageDetail::compact;
            // Pages dropped as the reader goes, so memory does not follow the post office's size.
            const po::PostOffice office =
                po::read_post_office(opened.source(), po::releasing_pages(opened, options), log);
            std::string name = folder.filename().string();
            if (name.empty()) name = folder.parent_path().filename().string();
            // Every record's items are read for its identity: the pages read are dropped every
            // 32 sightings, else the whole MLANDATA piles up in the resident set (466 MiB of
            // mapped pages were sampled in a 1 GiB rescue's ledger stage).
            std::size_t seen = 0;
            const SightingHandler add_releasing = [&](Sighting s) {
                add(std::move(s));
                if (++seen % 32 != 0) return;
                opened.release_pages();
            };
            run.post_offices.push_back(
                add_post_office(opened.source(), office, name, add_releasing));
        } catch (const IoError& e) {
            run.unreadable.push_back(folder.string() + ": " + e.what());
        }
    }
    if (inputs.connector) {
        try {
            run.store = list_connector_store(*inputs.connector, log);
            ccm::ReaderOptions reader;
            reader.code_page = inputs.connector_code_page;
            run.connector = analyze_connector_store(*run.store, reader, log, add);
            for (const auto& u : run.connector->unreadable) run.unreadable.push_back(u);
        } catch (const IoError& e) {
            run.unreadable.push_back(inputs.connector->string() + ": " + e.what());
        }
    }
    run.ledger = builder.finish();
    return run;
}

}  // namespace ccsalvage::flow
