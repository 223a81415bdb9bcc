#pragma once
// The case folder of a rescue (docs/case-folder.md): every output of the run, the manifest, the
// audit trail and SHA256SUMS, all written through OutputFolder. A case folder can be opened
// again to resume: it must then hold the manifest an earlier run wrote, or be what a first run
// killed before its first manifest leaves (its audit trail and temporary files only).
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/output_folder.hpp"

namespace ccsalvage::casefolder {

inline constexpr std::string_view kManifest = "manifest.json";
inline constexpr std::string_view kAudit = "audit.jsonl";
inline constexpr std::string_view kSums = "SHA256SUMS";

struct OutputRecord {
    std::string path;  // relative to the case folder, '/'-separated
    std::uint64_t size = 0;
    std::string sha256;
};

class CaseFolder {
  public:
    // Creates a new case folder or opens one an earlier run wrote (resume). Refuses anything
    // else that is not empty. Temporary files an interrupted earlier run left are removed.
    static CaseFolder open(const std::filesystem::path& root);

    const std::filesystem::path& root() const { return folder_.root(); }
    // An earlier run's manifest is there: what it lists may be reused.
    bool resumed() const { return resumed_; }
    // An earlier first run died before it wrote a manifest: nothing of it is reused, its audit
    // trail is continued.
    bool restarted() const { return restarted_; }
    // Temporary files of interrupted writes removed when the folder was opened.
    std::uint64_t removed_temporaries() const { return removed_temporaries_; }
    // The line of the audit trail an interruption tore (ended when the folder was opened), or 0.
    std::uint64_t torn_audit_line() const { return torn_audit_line_; }
    const OutputFolder& output() const { return folder_; }

    // Appends one event to the audit trail: {"seq", "time" (UTC), "event", ...fields}. `time`
    // is when it happened, for an event held back to keep the trail in stage order
    // (OrderedAudit); empty: now. Not thread-safe: stages record through OrderedAudit.
    void audit(std::string_view event, nlohmann::json fields = nlohmann::json::object(),
               std::string time = {});

    // Writes a file atomically, records it in the audit trail and returns its SHA-256.
    std::string write(std::string_view relative, std::string_view bytes, std::string_view by);

    // Reads a file an earlier run wrote into this folder (for resume); nullopt when missing
    // or unreadable. Links are not followed.
    std::optional<std::string> read(std::string_view relative) const;
    // The same file line by line (without the '\n'; a last line without one too), holding
    // one line at a time: an export's manifest.jsonl is 44 MB at a 1 GiB post office. False
    // when missing or unreadable (the lines before a failed read were passed on).
    bool read_lines(std::string_view relative,
                    const std::function<void(std::string_view)>& line) const;

    // Every regular file of the folder but the named ones, sorted by path, each hashed (on
    // up to `threads` threads, largest first); temporary files of an interrupted write are
    // left out.
    std::vector<OutputRecord> list_outputs(const std::set<std::string>& except,
                                           unsigned threads = 1) const;
    // The same files, listed with their sizes on disk and not hashed yet; hash_output() reads
    // one back (its size then the bytes read) and throws IoError when it cannot.
    std::vector<OutputRecord> list_output_files(const std::set<std::string>& except) const;
    void hash_output(OutputRecord& record) const;

    // Whether files (and audit lines) are flushed one by one (default); --fsync batch turns it
    // off and flushes the file system at the end of each step instead.
    void set_durable(bool durable) { folder_.set_durable(durable); }

  private:
    explicit CaseFolder(OutputFolder folder, bool resumed)
        : folder_(std::move(folder)), resumed_(resumed) {}
    OutputFolder folder_;
    bool resumed_ = false;
    bool restarted_ = false;
    std::uint64_t removed_temporaries_ = 0;
    std::uint64_t torn_audit_line_ = 0;
    std::uint64_t seq_ = 0;
};

// The current time as ISO 8601 UTC with seconds, e.g. 2026-11-21T17:38:25Z.
std::string utc_now();

// The lines of a SHA256SUMS file `sha256sum -c` accepts, for `records` in their order.
std::string sha256sums_text(const std::vector<OutputRecord>& records);

}  // namespace ccsalvage::casefolder
