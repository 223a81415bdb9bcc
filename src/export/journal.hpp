#pragma once
// The export journal (journal.jsonl in the output folder): append-only JSON lines, fsync'd at
// every commit. A "run" record holds the request; "planned" is written before a message's
// output, "done" after its output was made durable, in the run's deterministic order. A
// rerun with the same request reads it back and continues after the last done record; a
// torn last line (the process killed while writing it) is cut off.
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/output_folder.hpp"
#include "export/seen_keys.hpp"
#include "export/writer.hpp"

namespace ccsalvage::exporting {

inline constexpr const char* kJournalName = "journal.jsonl";

struct JournalState {
    nlohmann::json arguments;    // of the first run
    std::uint64_t done = 0;      // messages with a done record (a prefix of the order)
    std::uint64_t exported = 0;  // of those, exported
    std::uint64_t duplicates = 0;
    std::uint64_t quarantined = 0;
    std::uint64_t warnings = 0;
    SeenKeys seen;                              // key -> target of the exported copy
    std::map<std::string, Committed> appended;  // appended file -> committed state
};

class Journal {
  public:
    explicit Journal(const OutputFolder& folder);
    // Reads the journal of an earlier run (and cuts a torn last line).
    JournalState load();
    void append(const nlohmann::json& record);
    // Several records in a few writes (the done records of a commit).
    void append_all(const std::vector<nlohmann::json>& records);
    // Records already written as JSON lines (the done records of a commit, json_text.hpp).
    void append_lines(std::string_view lines);
    // {"key":...,"record":"planned","sequence":...}, written as text (json_text.hpp): one per
    // exported message. Held until flush_planned(), which the writer calls just before it
    // hands the message's output to the operating system (a system call per message was
    // 2 % of an mbox export), or until the next record is appended.
    void append_planned(std::uint64_t sequence, std::string_view key);
    void flush_planned();
    void sync();
    // Every done record, in order, without holding them all (the visitor may take parts of it).
    void for_each_done(const std::function<void(nlohmann::json&)>& visit) const;

  private:
    const OutputFolder& folder_;
    std::unique_ptr<AppendFile> file_;
    std::string planned_;
};

}  // namespace ccsalvage::exporting
