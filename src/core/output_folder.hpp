#pragma once
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "sha256.hpp"

namespace ccsalvage {

// Where every output of a run goes. All writes happen through this class:
//  - relative paths only, each component checked, so nothing can land outside the folder
//    (names from evidence must first go through safe_name.hpp);
//  - no symbolic link is followed, in the folder or below it;
//  - every file is written to a temporary name in its final directory, flushed to disk and
//    renamed into place, so a reader never sees half a file and a crash leaves no partial
//    output under a final name.
class OutputFolder {
  public:
    // Creates `root` (and its parents). Refuses a folder that already exists and is not empty,
    // so one run never mixes its outputs with another's.
    static OutputFolder create_new(const std::filesystem::path& root);

    // Opens a folder for resuming a run that wrote into it before (a case folder, see
    // docs/case-folder.md). It creates the folder when it does not exist; an existing folder
    // must be a real directory (not a link) and must hold `marker`, a file an earlier run
    // wrote, so that an unrelated non-empty folder is still refused. Containment is the same
    // as for a new folder: relative paths only, no link followed, atomic writes (which replace
    // a file of the same name).
    static OutputFolder open_resumable(const std::filesystem::path& root, std::string_view marker);

    const std::filesystem::path& root() const { return root_; }

    // Checks a relative path ("a/b/c.eml") and returns it joined to the root.
    // Throws UsageError for an absolute path, an empty, "." or ".." component, or a NUL.
    std::filesystem::path resolve(std::string_view relative) const;

    // Creates the directories of a relative path, refusing to pass through a symbolic link.
    void make_dirs(std::string_view relative) const;

    // Writes `bytes` atomically to `relative` (parents are created) and returns its SHA-256.
    // Throws IoError on any failure; no file is left under the final name then.
    std::string write_file(std::string_view relative, std::string_view bytes) const;

    // Appends `bytes` to `relative` (created when missing), then flushes when durable. For
    // append-only logs such as an audit trail, whose earlier lines must survive a crash; the
    // same path checks apply, and a link in the final component is refused (O_NOFOLLOW).
    void append_file(std::string_view relative, std::string_view bytes) const;

    // Whether files are flushed to stable storage before the rename (default: yes).
    void set_durable(bool durable) { durable_ = durable; }
    bool durable() const { return durable_; }

  private:
    explicit OutputFolder(std::filesystem::path root) : root_(std::move(root)) {}
    std::filesystem::path root_;
    bool durable_ = true;
    friend class AtomicFile;
};

// A file being written into an OutputFolder: write() as often as needed, then commit().
// Destroying it without commit() removes the temporary file.
class AtomicFile {
  public:
    AtomicFile(const OutputFolder& folder, std::string_view relative);
    AtomicFile(const AtomicFile&) = delete;
    AtomicFile& operator=(const AtomicFile&) = delete;
    ~AtomicFile();

    void write(std::string_view bytes);
    // Flushes, renames into place and returns the SHA-256 of the content.
    std::string commit();
    std::uint64_t bytes_written() const { return written_; }

  private:
    std::filesystem::path final_path_;
    std::filesystem::path temp_path_;
    int fd_ = -1;
    bool durable_ = true;
    std::uint64_t written_ = 0;
    Sha256 hash_;
};

}  // namespace ccsalvage
