#pragma once
// The Exchange cc:Mail connector's working store (Exchsrvr\Ccmcdata) as ccsalvage models it
// (docs/formats/connector-store.md): which folder is which queue, what each file is by its
// name, and the listing of a copied store. Reading the files' contents is the analysis's job
// (connector_analysis.hpp); this part only lists, through the file system, without opening.
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/event.hpp"

namespace ccsalvage::flow {

// The folders of the store; `root` is Ccmcdata itself. Public facts (KB Q202178, Q168680,
// Q212759, Q192516): Submit -> Import -> IMPORT.EXE; EXPORT.EXE -> Export -> converted; Bad
// for failed conversions; the .bak folders keep copies when the registry asks for them.
enum class Queue : std::uint8_t {
    root,
    submit,
    import,
    export_,
    bad,
    import_bak,
    export_bak,
    other
};
std::string_view to_string(Queue queue);
// Submit, Import, Export and Bad hold files the connector has not finished with.
bool is_live_queue(Queue queue);
// The direction a queue carries: Exchange -> cc:Mail (Submit, Import, Import.bak) or back.
bool is_inbound(Queue queue);
std::optional<Queue> queue_of_folder(std::string_view name);  // case-insensitive

enum class StoreFileKind {
    message,  // *.ccm in a queue folder (or anywhere): Import/Export format
    und,      // *.und: Import's undeliverable messages
    tmp,      // *.tmp: console output (root) or Import's message temp file
    ini,      // Export.ini, Import.ini
    dirsync,  // *.exp, *.imp: directory synchronisation exchange files (Q295753)
    other,
};
std::string_view to_string(StoreFileKind kind);

struct StoreFile {
    std::filesystem::path path;  // as found (for opening as evidence)
    std::string display;         // path as given on the command line, for events
    std::string name;            // file name only
    Queue queue = Queue::root;
    StoreFileKind kind = StoreFileKind::other;
    std::uint64_t size = 0;
    // MSGxxxx.CCM: the four hex digits (the connector's counters, Q166045); the order of names
    // in one queue is the order the connector created them, modulo wrap-around.
    std::optional<std::uint16_t> counter;
    // Last modification time as the copy kept it (may be the time of the copy: see the doc).
    std::optional<std::filesystem::file_time_type> modified;
};

struct ConnectorStore {
    std::filesystem::path root;
    std::string display;
    std::vector<StoreFile> files;       // root first, then queues in enum order, names sorted
    std::vector<Queue> missing_queues;  // queue folders absent from the copy
    std::vector<std::string> unknown_folders;
    std::uint64_t files_not_listed = 0;  // past the per-folder bound

    // The newest modification time of any file: the best guess of the snapshot time.
    std::optional<std::filesystem::file_time_type> newest() const;
};

struct StoreListOptions {
    std::uint64_t max_files_per_folder = 1'000'000;
};

// Lists a Ccmcdata folder. Throws IoError when `root` is not a readable folder; everything
// odd inside it is an event (CONN-001, 010, 011, 014, 015, 016).
ConnectorStore list_connector_store(const std::filesystem::path& root, EventLog& log,
                                    const StoreListOptions& options = {});

// The file name of a path written with either separator, upper-cased as DOS compares names:
// "IMPORT\\msg3358.ccm" and "Ccmcdata/Import/MSG3358.CCM" both give "MSG3358.CCM".
std::string dos_file_name(std::string_view path);

// "MSG272E.CCM" -> 0x272E; nullopt for any other name.
std::optional<std::uint16_t> message_file_counter(std::string_view name);

// How many of `sorted_counters` were created after `counter`. The counters are 16 bits and wrap
// from FFFF to 0000, so "after" is serial-number order (RFC 1982's rule for a 16-bit space):
// a counter is later when it lies less than half the ring (32,768) ahead. FFFE is before 0001;
// a counter exactly half the ring away is neither before nor after and is not counted.
std::size_t counters_after(const std::vector<std::uint16_t>& sorted_counters,
                           std::uint16_t counter);

}  // namespace ccsalvage::flow
