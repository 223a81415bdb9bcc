#include "evidence.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <algorithm>
#include <boost/iostreams/device/mapped_file.hpp>
#include <system_error>
#include <utility>

#include "errors.hpp"
#include "page_size.hpp"
#include "sha256.hpp"

namespace ccsalvage {

struct EvidenceFile::Mapping {
    boost::iostreams::mapped_file_source source;
};

EvidenceFile EvidenceFile::open(const std::filesystem::path& path) {
    std::error_code ec;
    const auto status = std::filesystem::status(path, ec);
    if (ec) throw IoError(path.string() + ": cannot open: " + ec.message());
    if (!std::filesystem::is_regular_file(status)) {
        throw IoError(path.string() + ": not a regular file");
    }
    const auto size = std::filesystem::file_size(path, ec);
    if (ec) throw IoError(path.string() + ": cannot read size: " + ec.message());

    EvidenceFile file;
    file.path_ = path;
    file.display_name_ = path.string();
    file.size_ = size;
    if (size == 0) return file;  // nothing to map; an empty file is valid evidence

    file.mapping_ = std::make_unique<Mapping>();
    try {
        // mapped_file_source opens the file O_RDONLY and maps it PROT_READ.
        file.mapping_->source.open(path.string());
    } catch (const std::exception& e) {
        throw IoError(path.string() + ": cannot map read-only: " + e.what());
    }
    if (!file.mapping_->source.is_open()) {
        throw IoError(path.string() + ": cannot map read-only");
    }
    file.bytes_ = std::string_view(file.mapping_->source.data(), file.mapping_->source.size());
    // The identity read_at() checks its own descriptors against.
    struct ::stat identity {};
    if (::stat(path.c_str(), &identity) != 0) {
        throw IoError(path.string() + ": cannot read its status: " + std::strerror(errno));
    }
    file.device_ = static_cast<std::uint64_t>(identity.st_dev);
    file.inode_ = static_cast<std::uint64_t>(identity.st_ino);
    return file;
}

EvidenceFile::EvidenceFile(EvidenceFile&& other) noexcept
    : path_(std::move(other.path_)),
      display_name_(std::move(other.display_name_)),
      size_(other.size_),
      bytes_(other.bytes_),
      mapping_(std::move(other.mapping_)),
      device_(other.device_),
      inode_(other.inode_) {}

EvidenceFile& EvidenceFile::operator=(EvidenceFile&& other) noexcept {
    if (this != &other) {
        path_ = std::move(other.path_);
        display_name_ = std::move(other.display_name_);
        size_ = other.size_;
        bytes_ = other.bytes_;
        mapping_ = std::move(other.mapping_);
        device_ = other.device_;
        inode_ = other.inode_;
    }
    return *this;
}

EvidenceFile::~EvidenceFile() = default;

EvidenceFile::Reader EvidenceFile::reader() const {
    if (size_ == 0) return Reader(*this, -1);  // nothing to read, and no identity was taken
    const int fd = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) throw IoError(display_name_ + ": cannot open read-only: " + std::strerror(errno));
    Reader reader(*this, fd);  // closes the descriptor if the check below throws
    struct ::stat identity {};
    if (::fstat(fd, &identity) != 0 || static_cast<std::uint64_t>(identity.st_dev) != device_ ||
        static_cast<std::uint64_t>(identity.st_ino) != inode_) {
        throw IoError(display_name_ + ": is no longer the file that was opened; not read");
    }
    // Twice the read-ahead for a front-to-back pass; a hint, so its failure changes nothing.
    ::posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
    return reader;
}

EvidenceFile::Reader::Reader(Reader&& other) noexcept
    : size_(other.size_), display_name_(std::move(other.display_name_)), fd_(other.fd_) {
    other.fd_ = -1;
}

EvidenceFile::Reader::~Reader() {
    if (fd_ >= 0) ::close(fd_);
}

std::size_t EvidenceFile::Reader::read_at(std::uint64_t offset, char* into,
                                          std::size_t size) const {
    if (offset >= size_) return 0;
    size = static_cast<std::size_t>(std::min<std::uint64_t>(size, size_ - offset));
    std::size_t done = 0;
    while (done < size) {
        const ::ssize_t n =
            ::pread(fd_, into + done, size - done, static_cast<::off_t>(offset + done));
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) throw IoError(display_name_ + ": cannot read: " + std::strerror(errno));
        if (n == 0) break;  // the file shrank under us: report what was there
        done += static_cast<std::size_t>(n);
    }
    return done;
}

std::size_t EvidenceFile::read_at(std::uint64_t offset, char* into, std::size_t size) const {
    if (offset >= size_) return 0;
    return reader().read_at(offset, into, size);  // a descriptor per call
}

void EvidenceFile::release_before(std::uint64_t offset) const { release_range(0, offset); }

void EvidenceFile::release_range(std::uint64_t from, std::uint64_t to) const {
    if (bytes_.empty()) return;
    to = std::min<std::uint64_t>(to, size_);
    const auto base = reinterpret_cast<std::uintptr_t>(bytes_.data());
    const auto mask = page_size() - 1;
    const auto first = (base + from + mask) & ~mask;  // whole pages only
    // The file's last page is the file's alone, however little of it the file fills.
    const auto last = to == size_ ? (base + to + mask) & ~mask : (base + to) & ~mask;
    if (last <= first) return;
    // MADV_DONTNEED on a private read-only file mapping drops the pages from this process;
    // the file itself is untouched, and the pages are read again if touched again.
    ::madvise(reinterpret_cast<void*>(first), last - first, MADV_DONTNEED);
}

void EvidenceFile::prefetch_range(std::uint64_t from, std::uint64_t to) const {
    if (bytes_.empty()) return;
    to = std::min<std::uint64_t>(to, size_);
    const auto base = reinterpret_cast<std::uintptr_t>(bytes_.data());
    const auto mask = page_size() - 1;
    const auto first = (base + from) & ~mask;
    const auto last = (base + to + mask) & ~mask;
    if (last <= first) return;
    auto* start = reinterpret_cast<void*>(first);
#ifdef MADV_POPULATE_READ
    if (::madvise(start, last - first, MADV_POPULATE_READ) == 0) return;
#endif
    ::madvise(start, last - first, MADV_WILLNEED);  // older kernels: read-ahead only
}

void EvidenceFile::advise_sequential() const {
    if (bytes_.empty()) return;
    const auto base = reinterpret_cast<std::uintptr_t>(bytes_.data());
    ::madvise(reinterpret_cast<void*>(base), bytes_.size(), MADV_SEQUENTIAL);
}

std::string EvidenceFile::sha256() const {
    constexpr std::size_t kChunk = 16u << 20;
    Sha256 hash;
    advise_sequential();
    for (std::size_t pos = 0; pos < bytes_.size(); pos += kChunk) {
        hash.update(bytes_.substr(pos, kChunk));
        release_before(pos);
    }
    release_before(bytes_.size());
    return hash.hex_digest();
}

}  // namespace ccsalvage
