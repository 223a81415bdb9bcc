#include "output_folder.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <vector>

#include "errors.hpp"

namespace ccsalvage {

namespace {

std::string errno_text(int err) { return std::strerror(err); }

void fsync_directory(const std::filesystem::path& dir) {
    const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return;  // durability is best effort for the directory entry itself
    ::fsync(fd);
    ::close(fd);
}

// Creates one directory level, or accepts an existing real directory; refuses links.
void make_one_dir(const std::filesystem::path& dir) {
    if (::mkdir(dir.c_str(), 0755) == 0) return;
    const int err = errno;
    struct stat st {};
    if (err == EEXIST && ::lstat(dir.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) return;
    if (err == EEXIST) throw IoError(dir.string() + ": exists and is not a directory");
    throw IoError(dir.string() + ": cannot create directory: " + errno_text(err));
}

// `length` bytes of `fd` from `begin`; IoError naming `path` when the file is shorter.
std::string read_range(int fd, std::uint64_t begin, std::uint64_t length,
                       const std::filesystem::path& path) {
    std::string bytes(length, '\0');
    std::size_t done = 0;
    while (done < bytes.size()) {
        const auto n =
            ::pread(fd, bytes.data() + done, bytes.size() - done, static_cast<off_t>(begin + done));
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) throw IoError(path.string() + ": cannot read back: " + errno_text(errno));
        if (n == 0) {
            throw IoError(path.string() + ": shorter than written (" +
                          std::to_string(begin + done) + " bytes)");
        }
        done += static_cast<std::size_t>(n);
    }
    return bytes;
}

}  // namespace

OutputFolder OutputFolder::create_new(const std::filesystem::path& root) {
    std::error_code ec;
    const auto absolute = std::filesystem::absolute(root, ec);
    if (ec) throw IoError(root.string() + ": " + ec.message());
    if (std::filesystem::exists(absolute, ec)) {
        if (!std::filesystem::is_directory(absolute, ec)) {
            throw IoError(absolute.string() + ": exists and is not a directory");
        }
        if (!std::filesystem::is_empty(absolute, ec)) {
            throw IoError(absolute.string() +
                          ": output folder exists and is not empty; give a new folder");
        }
    } else {
        std::filesystem::create_directories(absolute, ec);
        if (ec) throw IoError(absolute.string() + ": cannot create: " + ec.message());
    }
    return OutputFolder(absolute.lexically_normal());
}

OutputFolder OutputFolder::create_or_resume(const std::filesystem::path& root,
                                            std::string_view marker, bool& resumed) {
    resumed = false;
    std::error_code ec;
    const auto absolute = std::filesystem::absolute(root, ec);
    if (ec) throw IoError(root.string() + ": " + ec.message());
    struct stat st {};
    if (::lstat(absolute.c_str(), &st) != 0 ||
        (S_ISDIR(st.st_mode) && std::filesystem::is_empty(absolute, ec))) {
        return create_new(root);
    }
    if (!S_ISDIR(st.st_mode)) throw IoError(absolute.string() + ": exists and is not a directory");
    OutputFolder folder(absolute.lexically_normal());
    if (!folder.exists(marker)) {
        throw IoError(absolute.string() + ": output folder exists, is not empty and holds no " +
                      std::string(marker) + " of an earlier run; give a new folder");
    }
    resumed = true;
    return folder;
}

bool OutputFolder::exists(std::string_view relative) const {
    struct stat st {};
    return ::lstat(resolve(relative).c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

std::string OutputFolder::read_file(std::string_view relative) const {
    const auto path = resolve(relative);
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0) throw IoError(path.string() + ": cannot open to read back: " + errno_text(errno));
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        ::close(fd);
        throw IoError(path.string() + ": not a regular file");
    }
    try {
        std::string bytes = read_range(fd, 0, static_cast<std::uint64_t>(st.st_size), path);
        ::close(fd);
        return bytes;
    } catch (...) {
        ::close(fd);
        throw;
    }
}

void OutputFolder::sync(std::string_view relative) const {
    const auto path = relative.empty() ? root_ : resolve(relative);
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0) throw IoError(path.string() + ": cannot open to flush: " + errno_text(errno));
    const int rc = ::fsync(fd);
    const int err = errno;
    ::close(fd);
    if (rc != 0) throw IoError(path.string() + ": flush failed: " + errno_text(err));
}

void OutputFolder::sync_file_system() const {
    const int fd = ::open(root_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) throw IoError(root_.string() + ": cannot open to flush: " + errno_text(errno));
    const int rc = ::syncfs(fd);
    const int err = errno;
    ::close(fd);
    if (rc != 0) throw IoError(root_.string() + ": flush failed: " + errno_text(err));
}

bool OutputFolder::is_temporary_name(std::string_view file_name) {
    return file_name.starts_with(".") && file_name.find(".tmp") != std::string_view::npos;
}

std::uint64_t OutputFolder::remove_stale_temporaries() const {
    std::uint64_t removed = 0;
    std::vector<std::filesystem::path> stale;
    for (auto it = std::filesystem::recursive_directory_iterator(root_);
         it != std::filesystem::recursive_directory_iterator(); ++it) {
        const std::string name = it->path().filename().string();
        if (it->is_regular_file() && is_temporary_name(name)) {
            stale.push_back(it->path());
        }
    }
    for (const auto& path : stale) {
        if (::unlink(path.c_str()) == 0) ++removed;
    }
    return removed;
}

std::filesystem::path OutputFolder::resolve(std::string_view relative) const {
    if (relative.empty()) throw UsageError("output path is empty");
    if (relative.front() == '/')
        throw UsageError("output path is absolute: " + std::string(relative));
    std::filesystem::path result = root_;
    std::size_t start = 0;
    while (start <= relative.size()) {
        const auto slash = relative.find('/', start);
        const auto end = slash == std::string_view::npos ? relative.size() : slash;
        const auto part = relative.substr(start, end - start);
        if (part.empty() || part == "." || part == ".." ||
            part.find('\0') != std::string_view::npos) {
            throw UsageError("output path would leave the output folder or is malformed: " +
                             std::string(relative));
        }
        result /= std::string(part);
        if (slash == std::string_view::npos) break;
        start = slash + 1;
    }
    return result;
}

void OutputFolder::make_dirs(std::string_view relative) const {
    const auto target = resolve(relative);
    std::filesystem::path current = root_;
    for (const auto& part : target.lexically_relative(root_)) {
        current /= part;
        make_one_dir(current);
    }
}

std::string OutputFolder::write_file(std::string_view relative, std::string_view bytes) const {
    AtomicFile file(*this, relative);
    file.write(bytes);
    return file.commit();
}

void OutputFolder::append_file(std::string_view relative, std::string_view bytes) const {
    const auto path = resolve(relative);
    const auto parent_rel = path.parent_path().lexically_relative(root_);
    if (!parent_rel.empty() && parent_rel != ".") make_dirs(parent_rel.string());
    const int fd =
        ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | O_NOFOLLOW, 0644);
    if (fd < 0) throw IoError(path.string() + ": cannot open for appending: " + errno_text(errno));
    while (!bytes.empty()) {
        const auto n = ::write(fd, bytes.data(), bytes.size());
        if (n < 0) {
            if (errno == EINTR) continue;
            const int err = errno;
            ::close(fd);
            throw IoError(path.string() + ": write failed: " + errno_text(err));
        }
        bytes.remove_prefix(static_cast<std::size_t>(n));
    }
    if (durable_ && ::fsync(fd) != 0) {
        const int err = errno;
        ::close(fd);
        throw IoError(path.string() + ": flush failed: " + errno_text(err));
    }
    if (::close(fd) != 0) throw IoError(path.string() + ": close failed: " + errno_text(errno));
}

AtomicFile::AtomicFile(const OutputFolder& folder, std::string_view relative)
    : AtomicFile(folder, relative, {}) {}

AtomicFile::AtomicFile(const OutputFolder& folder, std::string_view relative,
                       std::string_view temp_dir)
    : final_path_(folder.resolve(relative)), durable_(folder.durable()) {
    const auto parent_rel = final_path_.parent_path().lexically_relative(folder.root());
    if (!parent_rel.empty() && parent_rel != ".") folder.make_dirs(parent_rel.string());
    std::filesystem::path temp_parent = final_path_.parent_path();
    if (!temp_dir.empty()) {
        folder.make_dirs(temp_dir);
        temp_parent = folder.resolve(temp_dir);
    }

    static std::atomic<unsigned> counter{0};
    temp_path_ = temp_parent / ("." + final_path_.filename().string() + ".tmp" +
                                std::to_string(::getpid()) + "-" + std::to_string(counter++));
    fd_ = ::open(temp_path_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0644);
    if (fd_ < 0) {
        throw IoError(temp_path_.string() + ": cannot create: " + errno_text(errno));
    }
}

AtomicFile::~AtomicFile() {
    if (fd_ >= 0) {
        ::close(fd_);
        ::unlink(temp_path_.c_str());
    }
}

void AtomicFile::write(std::string_view bytes) {
    hash(bytes);
    write_unhashed(bytes);
}

void AtomicFile::write_unhashed(std::string_view bytes) {
    while (!bytes.empty()) {
        const auto n = ::write(fd_, bytes.data(), bytes.size());
        if (n < 0) {
            if (errno == EINTR) continue;
            throw IoError(final_path_.string() + ": write failed: " + errno_text(errno));
        }
        written_ += static_cast<std::uint64_t>(n);
        bytes.remove_prefix(static_cast<std::size_t>(n));
    }
    writeback_.wrote(fd_, written_);
}

std::string AtomicFile::commit() {
    if (durable_ && ::fsync(fd_) != 0) {
        throw IoError(final_path_.string() + ": flush failed: " + errno_text(errno));
    }
    if (::close(fd_) != 0) {
        fd_ = -1;
        ::unlink(temp_path_.c_str());
        throw IoError(final_path_.string() + ": close failed: " + errno_text(errno));
    }
    fd_ = -1;
    if (::rename(temp_path_.c_str(), final_path_.c_str()) != 0) {
        const int err = errno;
        ::unlink(temp_path_.c_str());
        throw IoError(final_path_.string() + ": rename failed: " + errno_text(err));
    }
    if (durable_) fsync_directory(final_path_.parent_path());
    return hash_.hex_digest();
}

}  // namespace ccsalvage

namespace ccsalvage {

AppendFile::AppendFile(const OutputFolder& folder, std::string_view relative)
    : path_(folder.resolve(relative)) {
    const auto parent_rel = path_.parent_path().lexically_relative(folder.root());
    if (!parent_rel.empty() && parent_rel != ".") folder.make_dirs(parent_rel.string());
    // Read and write: a message written once is read back for its other placements (read()).
    fd_ = ::open(path_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
    if (fd_ < 0) throw IoError(path_.string() + ": cannot open: " + errno_text(errno));
    struct stat st {};
    if (::fstat(fd_, &st) != 0 || !S_ISREG(st.st_mode)) {
        ::close(fd_);
        throw IoError(path_.string() + ": not a regular file");
    }
    size_ = static_cast<std::uint64_t>(st.st_size);
    writeback_.reset(size_);
    // What is read back is one message here and there (read()), read ahead exactly by
    // prefetch(): no read-ahead of the kernel's own around it.
    (void)::posix_fadvise(fd_, 0, 0, POSIX_FADV_RANDOM);
}

AppendFile::~AppendFile() {
    if (fd_ >= 0) ::close(fd_);
}

void AppendFile::truncate(std::uint64_t length) {
    if (length > size_) throw IoError(path_.string() + ": shorter than its journal says");
    if (::ftruncate(fd_, static_cast<off_t>(length)) != 0) {
        throw IoError(path_.string() + ": cannot cut back: " + errno_text(errno));
    }
    size_ = length;
    writeback_.reset(length);
}

void AppendFile::write(std::string_view bytes) {
    while (!bytes.empty()) {
        const auto n = ::pwrite(fd_, bytes.data(), bytes.size(), static_cast<off_t>(size_));
        if (n < 0) {
            if (errno == EINTR) continue;
            throw IoError(path_.string() + ": write failed: " + errno_text(errno));
        }
        size_ += static_cast<std::uint64_t>(n);
        bytes.remove_prefix(static_cast<std::size_t>(n));
    }
    writeback_.wrote(fd_, size_);
}

std::string AppendFile::read(std::uint64_t begin, std::uint64_t end) const {
    if (end < begin) throw IoError(path_.string() + ": read back of a reversed range");
    std::string bytes = read_range(fd_, begin, end - begin, path_);
    // Read once, long after it was written: its pages leave the cache again, as the written
    // ones do behind the writer (a page shared with a neighbour still needed is read again).
    (void)::posix_fadvise(fd_, static_cast<off_t>(begin), static_cast<off_t>(end - begin),
                          POSIX_FADV_DONTNEED);
    return bytes;
}

void AppendFile::prefetch(std::uint64_t begin, std::uint64_t end) const {
    if (end <= begin) return;
    (void)::posix_fadvise(fd_, static_cast<off_t>(begin), static_cast<off_t>(end - begin),
                          POSIX_FADV_WILLNEED);
}

void AppendFile::sync() {
    if (::fsync(fd_) != 0) throw IoError(path_.string() + ": flush failed: " + errno_text(errno));
}

}  // namespace ccsalvage
