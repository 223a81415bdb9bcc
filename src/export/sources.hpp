#pragma once
// The messages of the sources, in a deterministic order, each where it belongs: post office
// folders (by user, folder and folder entry for folder targets, by message index for flat
// ones) and .ccm files (in file order). Damage decides quarantine here (docs/export.md). The
// enumeration only decides which record goes where; loading each message is left to the
// loader it hands over, so that the exporter can do that work on its workers (--jobs).
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "core/event.hpp"
#include "core/scratch.hpp"
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

// A placement with its message loaded: `placement.message` points into what `owner` keeps
// alive (the message and its item bytes), so it may be handled on any thread, at any time.
struct LoadedPlacement {
    Placement placement;
    std::shared_ptr<const void> owner;
};

// The per-message work of a placement (item reads with their CRC checks, decoding, damage):
// what the sources hand over is this, cheap to make, and the caller runs it where it likes,
// on any thread and in any order. It reads only what it holds (shared, read-only: the post
// office model and its mapped files stay alive while a loader does), writes no shared state
// and no EventLog (the item reads report nothing; the reader already did), and always gives
// the same result.
using PlacementLoader = std::function<LoadedPlacement()>;

// What the exporter may know of a placement without loading it: which record it shows and
// where that record shows next. In folder targets a record is placed once per folder holding
// it, and its identity and MIME do not depend on the folder, so the exporter does that work
// once and keeps it for the record's next placement (record_cache.hpp).
struct PlacementUse {
    std::uint64_t record = 0;                  // the record, within its source
    std::uint64_t position = 0;                // this placement among the source's placements
    std::optional<std::uint64_t> next;         // the position of the record's next placement
    const Destination* destination = nullptr;  // where this placement goes (valid in the call)
    bool read = false;
    // The message's item bytes as its source states them before it is loaded (a post office
    // record's total_item_bytes, from evidence; a .ccm message is read already): what the
    // exporter expects preparing it to hold, for its window of messages in flight.
    std::uint64_t stated_bytes = 0;
};

using PlacementHandler = std::function<void(PlacementLoader, const PlacementUse&)>;

// Progress: called with (done, total) now and then.
using ProgressHandler = std::function<void(std::uint64_t, std::uint64_t)>;

// `scratch`, when given, holds the reader's per-block state and the message list of a folder
// whose files hold `scratch_from_bytes` or more.
void enumerate_post_office(const std::filesystem::path& folder, bool per_folder, EventLog& log,
                           const ProgressHandler& progress, const PlacementHandler& handle,
                           std::shared_ptr<ScratchSpace> scratch = nullptr,
                           std::uint64_t scratch_from_bytes = 0);

void enumerate_ccm_file(const std::filesystem::path& file, const ccm::ReaderOptions& options,
                        EventLog& log, const ProgressHandler& progress,
                        const PlacementHandler& handle);

}  // namespace ccsalvage::exporting
