#pragma once
// A post office of the content model as the post office writer's input (parsers/po/writer.hpp):
// directory entries with the ids this generator assigns, message header records for every copy
// the model placed in that post office, and the mailboxes with their folders.
// Compiled only when the build has the post office writer.
#ifdef CCSALVAGE_GENERATOR_HAVE_PO
#include <cstdint>
#include <map>
#include <utility>
#include <vector>

#include "model.hpp"
#include "parsers/po/writer.hpp"
#include "run.hpp"

namespace ccsalvage::generator {

struct PoSpecResult {
    po::PostOfficeSpec spec;
    // message number -> (index in world.messages, index in its po_copies)
    std::map<std::uint32_t, std::pair<std::size_t, std::size_t>> copies;
    std::vector<WrittenDirectoryEntry> directory;
};

// `write_serial` is the files' previous write serial (they get this + 1).
PoSpecResult make_post_office_spec(const World& world, std::size_t po, std::uint32_t write_serial);

po::DosDateTime dos_time(const Timestamp& t);

}  // namespace ccsalvage::generator
#endif
