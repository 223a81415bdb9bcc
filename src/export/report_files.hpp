#pragma once
// manifest.jsonl and SHA256SUMS of an export, streamed while the run settles its messages
// (each placement's line is known as soon as its outcome is): no pass over the journal at the
// end, and neither file is held whole, whatever the number of messages. A resumed run first
// writes the lines of the done records an earlier run left in the journal, so its files are
// those of an uninterrupted run. Both are AtomicFiles: a run that does not finish leaves
// only a temporary file, which the next run removes.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/output_folder.hpp"
#include "export/manifest_entry.hpp"

namespace ccsalvage::exporting {

class ReportFiles {
  public:
    explicit ReportFiles(const OutputFolder& folder);

    // A placement settled by this run (its entry as written by write_entry_json).
    void add(const ManifestEntry& entry, const EntryText& text, std::string_view outcome);
    // A done record of an earlier run, as the journal holds it (taken apart).
    void add_recorded(nlohmann::json& done_record);
    // One more SHA256SUMS line (the appended files, the reports), after the entries' lines.
    void add_sum(std::string_view sha256, std::string_view name);
    // Finishes manifest.jsonl; returns its SHA-256.
    std::string commit_manifest();
    void commit_sums();

  private:
    void flush(bool all);

    AtomicFile manifest_;
    AtomicFile sums_;
    std::string lines_;
    std::string sums_text_;
};

}  // namespace ccsalvage::exporting
