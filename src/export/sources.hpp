#pragma once
// The messages of the sources, in a deterministic order, each where it belongs: post office
// folders (by user, folder and folder entry for folder targets, by message index for flat
// ones) and .ccm files (in file order). Damage decides quarantine here (docs/export.md).
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>

#include "core/event.hpp"
#include "export/request.hpp"
#include "export/writer.hpp"

namespace ccsalvage::exporting {

struct Placement {
    Destination destination;
    const ccm::Message* message = nullptr;  // null when the record could not be read at all
    CodePage code_page = CodePage::cp850;
    std::uint64_t number = 0;  // record number (post office) or index (.ccm file)
    bool read = false;
    std::string source_file;
    std::uint64_t source_offset = 0;
    std::string repair_status;  // "as found", "recovered (lost record)", ...
    std::string damage;         // why the message is quarantined; empty when it is whole
};

using PlacementHandler = std::function<void(const Placement&)>;

// Progress: called with (done, total) now and then.
using ProgressHandler = std::function<void(std::uint64_t, std::uint64_t)>;

void enumerate_post_office(const std::filesystem::path& folder, bool per_folder, EventLog& log,
                           const ProgressHandler& progress, const PlacementHandler& handle);

void enumerate_ccm_file(const std::filesystem::path& file, const ccm::ReaderOptions& options,
                        EventLog& log, const ProgressHandler& progress,
                        const PlacementHandler& handle);

}  // namespace ccsalvage::exporting
