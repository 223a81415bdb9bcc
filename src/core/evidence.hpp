#pragma once
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

namespace ccsalvage {

// A file of evidence, opened read-only and memory-mapped. This is the only way ccsalvage reads
// evidence: nothing here can write, and the mapping is PROT_READ, so a bug elsewhere faults
// instead of altering the copy a customer handed over.
//
// Large files are read in one sequential pass; release_before() lets a parser tell the kernel
// it has finished with everything before an offset, so the resident set stays flat however
// large the file is (the pages are file-backed and simply re-read if touched again).
class EvidenceFile {
  public:
    // Throws IoError naming the path when the file cannot be opened or is not a regular file.
    static EvidenceFile open(const std::filesystem::path& path);

    EvidenceFile(EvidenceFile&&) noexcept;
    EvidenceFile& operator=(EvidenceFile&&) noexcept;
    ~EvidenceFile();

    const std::filesystem::path& path() const { return path_; }
    // The name events and reports use for this file.
    const std::string& display_name() const { return display_name_; }
    std::uint64_t size() const { return size_; }
    std::string_view bytes() const { return bytes_; }

    // Advises the kernel that bytes before `offset` will not be needed again soon.
    void release_before(std::uint64_t offset) const;
    // The same for the whole pages inside [from, to), for readers that work in parallel parts.
    void release_range(std::uint64_t from, std::uint64_t to) const;
    // Maps [from, to) in one call before it is read, instead of one page fault per 64 KiB:
    // for fast sequential scans, the faults would cost more than the scan itself.
    void prefetch_range(std::uint64_t from, std::uint64_t to) const;
    // Advises the kernel that the file will be read front to back.
    void advise_sequential() const;
    // Copies up to `size` bytes at `offset` into `into` with pread(2) on a read-only descriptor
    // opened for the call, and returns how many it copied (fewer only at the end of the file).
    // The descriptor must name the file that was mapped (same device and inode), else IoError:
    // a file replaced under the same name is not read.
    // For fast passes over large files: copying through a small reused buffer costs less than
    // mapping and unmapping every page, and adds nothing to the resident set. Throws IoError
    // when the read fails. Safe to call from several threads at once.
    std::size_t read_at(std::uint64_t offset, char* into, std::size_t size) const;

    // One read-only descriptor for a pass of many reads, checked once to be the file that was
    // mapped: read_at() opens, checks and closes one per call, three system calls more per
    // read, which adds up for a pass over a large file in reads small enough to stay in the
    // core's cache. Keep it for one pass only (a store of 11,000 files must not hold 11,000).
    // Its read_at() is read_at() above without the open; safe from several threads at once.
    // It holds what it needs, so the EvidenceFile may move while it is in use.
    class Reader {
      public:
        Reader(Reader&& other) noexcept;
        Reader& operator=(Reader&&) = delete;
        Reader(const Reader&) = delete;
        Reader& operator=(const Reader&) = delete;
        ~Reader();
        std::size_t read_at(std::uint64_t offset, char* into, std::size_t size) const;

      private:
        friend class EvidenceFile;
        Reader(const EvidenceFile& file, int fd)
            : size_(file.size_), display_name_(file.display_name_), fd_(fd) {}
        std::uint64_t size_;  // of the mapping: reads stop there, as read_at()'s do
        std::string display_name_;
        int fd_;
    };
    // Opens the descriptor (advised sequential) and checks its identity; throws IoError as
    // read_at() does. An empty file gives a reader that reads nothing.
    Reader reader() const;

    // SHA-256 of the whole file, read in chunks and released behind, so hashing a large file
    // does not fill the resident set.
    std::string sha256() const;

  private:
    struct Mapping;
    EvidenceFile() = default;
    std::filesystem::path path_;
    std::string display_name_;
    std::uint64_t size_ = 0;
    std::string_view bytes_;
    std::unique_ptr<Mapping> mapping_;
    // Identity of the file opened, checked by read_at(). No descriptor is kept besides the
    // mapping's own: a connector store of 11,000 files ran out of them with two per file.
    std::uint64_t device_ = 0;
    std::uint64_t inode_ = 0;
};

}  // namespace ccsalvage
