#pragma once
// Reading a listed connector store (connector_store.hpp): every .ccm of every queue with the
// .ccm reader, every .und with the .und reader, the .tmp files' console output. Each message
// copy becomes a Sighting for the ledger (handed over as soon as it is read: nothing holds
// item bytes), and what the store shows becomes CONN- events: files waiting in queues with
// how far the connector has moved on since (from the counters in their names), Bad files,
// zero-byte .tmp files, .und growth and the import loops behind it (Q223772), incomplete
// copies and whether a whole one exists.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/event.hpp"
#include "flow/connector_store.hpp"
#include "flow/ledger.hpp"
#include "parsers/ccm/reader.hpp"

namespace ccsalvage::flow {

struct QueueSummary {
    Queue queue = Queue::root;
    std::uint64_t files = 0;
    std::uint64_t messages = 0;
    std::uint64_t bytes = 0;
};

// One import loop: the same message in a .und file again and again.
struct ImportLoop {
    std::string und_file;
    std::uint64_t first_offset = 0;
    std::uint64_t attempts = 0;
    std::string subject;
    std::string reason;
    std::optional<int> result_code;
    std::string waiting_file;  // the .ccm still in Import or Submit with that message, if any
};

// A console-output .tmp file and the queue file its text names ("... to file EXPORT\MSG4A27.CCM").
struct ConsoleFile {
    std::string file;
    std::uint64_t size = 0;
    std::vector<std::string> names;  // file names the console text mentions, as written
};

struct ConnectorAnalysis {
    std::vector<QueueSummary> queues;  // Submit ... Export.bak, then the root
    std::uint64_t message_files = 0;
    std::uint64_t messages = 0;
    std::uint64_t incomplete_messages = 0;
    std::uint64_t und_files = 0;
    std::uint64_t und_entries = 0;
    std::uint64_t zero_byte_tmp = 0;
    std::vector<ImportLoop> loops;
    std::vector<ConsoleFile> console_files;
    std::vector<std::string> unreadable;  // "file: reason" for files the system refused
};

using SightingHandler = std::function<void(Sighting)>;

ConnectorAnalysis analyze_connector_store(const ConnectorStore& store,
                                          const ccm::ReaderOptions& reader, EventLog& log,
                                          const SightingHandler& on_sighting = {});

// Subject, sender and date of a message as the ledger shows them.
void describe(const ccm::Message& message, Sighting& sighting);

}  // namespace ccsalvage::flow
