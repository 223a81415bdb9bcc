#pragma once
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "sha256.hpp"
#include "writeback.hpp"

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

    // Resume mode, for commands that keep a journal (export): opens a folder an earlier run of
    // the same command created, so that the run can be finished. Only a real directory (not a
    // link) that holds `marker`, a regular file the first run wrote, is accepted; the journal,
    // not this class, decides what is left to do. The containment rules are the same as for a
    // new folder. A folder that does not exist or is empty is created as by create_new;
    // `resumed` says which happened.
    static OutputFolder create_or_resume(const std::filesystem::path& root, std::string_view marker,
                                         bool& resumed);

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
    // Whether a regular file (not a link) exists at `relative`.
    bool exists(std::string_view relative) const;
    // The bytes of a regular file of the folder that this run wrote (a Maildir message read
    // back for the same message's placement in another folder); a link is refused.
    std::string read_file(std::string_view relative) const;
    // fsync of a file or directory already in the folder ("" is the root itself).
    void sync(std::string_view relative) const;
    // Flushes everything written to the file system that holds the folder (syncfs): one call
    // that makes a whole batch of files and directories durable.
    void sync_file_system() const;
    // Removes the temporary files an interrupted run left behind (".<name>.tmp<pid>-<n>", as
    // AtomicFile names them), anywhere below the root; returns how many. Used on resume.
    std::uint64_t remove_stale_temporaries() const;
    // Whether a file name is one AtomicFile gives its temporary (".<name>.tmp<pid>-<n>").
    static bool is_temporary_name(std::string_view file_name);

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
    // The same with the temporary file in another directory of the folder (Maildir writes
    // in tmp/ and renames into cur/). `temp_dir` must be on the same file system.
    AtomicFile(const OutputFolder& folder, std::string_view relative, std::string_view temp_dir);
    AtomicFile(const AtomicFile&) = delete;
    AtomicFile& operator=(const AtomicFile&) = delete;
    ~AtomicFile();

    void write(std::string_view bytes);
    // write() in its two halves, for a caller that hashes on its own thread and writes behind
    // on another (core/write_behind.hpp): each half in the file's order, the same bytes to
    // both; commit() once both are done.
    void hash(std::string_view bytes) { hash_.update(bytes); }
    void write_unhashed(std::string_view bytes);
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
    WritebackStarter writeback_;
};

// A file of an OutputFolder that grows by appending (an mbox, a .ccm batch) and that a resumed
// run may cut back to the length its journal committed. Same containment rules; never
// follows a link.
class AppendFile {
  public:
    AppendFile(const OutputFolder& folder, std::string_view relative);
    AppendFile(const AppendFile&) = delete;
    AppendFile& operator=(const AppendFile&) = delete;
    ~AppendFile();

    std::uint64_t size() const { return size_; }
    // Cuts the file to `length` (the tail an interrupted run wrote after its last commit).
    void truncate(std::uint64_t length);
    void write(std::string_view bytes);
    void sync();
    // Bytes [begin, end) written earlier (a message read back for the same message's placement
    // in another file). Any thread may call it while another appends after `end`; the range
    // must have been written (IoError when the file is shorter).
    std::string read(std::uint64_t begin, std::uint64_t end) const;
    // Asks the kernel to read [begin, end) into the page cache ahead of a read() (a hint: it
    // returns at once, and nothing changes where it is not followed).
    void prefetch(std::uint64_t begin, std::uint64_t end) const;

  private:
    std::filesystem::path path_;
    int fd_ = -1;
    std::uint64_t size_ = 0;
    // Its hash is taken as it is written, and what is read back (read()) is read long after it
    // was written: its pages leave the cache once on disk, and a read back comes from the disk.
    WritebackStarter writeback_{true};
};

}  // namespace ccsalvage
