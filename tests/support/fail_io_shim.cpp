// An LD_PRELOAD shim for tests only: makes write(), pwrite(), fsync(), rename() and
// posix_fallocate() (the scratch file's reservations) fail the way a
// full or failing disk does, so the write-failure tests can check what ccsalvage does then (a clear
// message naming the file, exit code 3, no file left half-written under its final name, no
// temporary file left behind). It is never linked into ccsalvage itself.
//
// Driven by environment variables, read at every call (a test may change them in-process):
//   CCSALVAGE_FAIL_UNDER        only files below this absolute path are affected (required: the
//                               shim does nothing without it, so stdout and stderr still work)
//   CCSALVAGE_FAIL_OP           write | fsync | rename | fallocate (default write), or, for
//                               crash tests,
//                               kill-write (the ON_CALLth write below the path writes half
//                               its bytes, then the process is killed with SIGKILL) |
//                               kill-rename (killed just before the ON_CALLth rename)
//   CCSALVAGE_FAIL_ERRNO        ENOSPC (default) | EIO | EDQUOT | EFBIG
//   CCSALVAGE_FAIL_AFTER_BYTES  write: this many bytes (in total, below the path) succeed, the
//                               write that crosses the limit is cut short there, later ones fail
//   CCSALVAGE_FAIL_ON_CALL      the Nth call of the operation below the path fails, and every
//                               later one too (a disk stays full), counting from 1 (fsync:
//                               calls on regular files only)
// Counters are per process. With neither AFTER_BYTES nor ON_CALL every such call fails.
#include <dlfcn.h>
#include <fcntl.h>
#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>

namespace {

struct Plan {
    std::string_view under;
    std::string_view op;
    int error = ENOSPC;
    long long after_bytes = -1;
    long long on_call = -1;
};

long long number_from(const char* name) {
    const char* text = std::getenv(name);
    return text == nullptr || *text == '\0' ? -1 : std::atoll(text);
}

bool read_plan(Plan& plan) {
    const char* under = std::getenv("CCSALVAGE_FAIL_UNDER");
    if (under == nullptr || *under != '/') return false;
    plan.under = under;
    const char* op = std::getenv("CCSALVAGE_FAIL_OP");
    plan.op = op == nullptr ? "write" : op;
    const char* error = std::getenv("CCSALVAGE_FAIL_ERRNO");
    const std::string_view name = error == nullptr ? "ENOSPC" : error;
    plan.error = name == "EIO" ? EIO : name == "EDQUOT" ? EDQUOT : name == "EFBIG" ? EFBIG : ENOSPC;
    plan.after_bytes = number_from("CCSALVAGE_FAIL_AFTER_BYTES");
    plan.on_call = number_from("CCSALVAGE_FAIL_ON_CALL");
    return true;
}

bool below(std::string_view path, std::string_view root) {
    return path.size() >= root.size() && path.substr(0, root.size()) == root &&
           (path.size() == root.size() || path[root.size()] == '/' || root.back() == '/');
}

bool fd_below(int fd, std::string_view root) {
    char link[64];
    std::snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    char target[PATH_MAX];
    const ssize_t n = ::readlink(link, target, sizeof target - 1);
    if (n <= 0) return false;
    return below(std::string_view(target, static_cast<std::size_t>(n)), root);
}

bool path_below(const char* path, std::string_view root) {
    if (path == nullptr) return false;
    if (path[0] == '/') return below(path, root);
    char cwd[PATH_MAX];
    if (::getcwd(cwd, sizeof cwd) == nullptr) return false;
    return below(std::string(cwd) + "/" + path, root);
}

std::atomic<long long> g_bytes{0};
std::atomic<long long> g_write_calls{0};
std::atomic<long long> g_fsync_calls{0};
std::atomic<long long> g_rename_calls{0};
std::atomic<long long> g_fallocate_calls{0};

template <typename F>
F next_symbol(const char* name) {
    return reinterpret_cast<F>(::dlsym(RTLD_NEXT, name));  // NOLINT: dlsym returns void*
}

// Whether the nth call (1-based) fails under the plan's call rule.
bool call_fails(const Plan& plan, long long n) {
    if (plan.on_call < 0) return plan.after_bytes < 0;
    return n >= plan.on_call;
}

}  // namespace

namespace {

// write() and pwrite() (AppendFile, hence the export journal and mbox/.ccm files, appends with
// pwrite) share one plan and one set of counters: `real_write(allowed)` does the real call.
template <typename RealWrite>
ssize_t planned_write(int fd, size_t count, RealWrite real_write) {
    Plan plan;
    if (!read_plan(plan) || !fd_below(fd, plan.under)) return real_write(count);
    if (plan.op == "kill-write") {
        // A crash in the middle of a write: half of its bytes reach the file.
        if (++g_write_calls == plan.on_call) {
            real_write(count / 2);
            ::raise(SIGKILL);
        }
        return real_write(count);
    }
    if (plan.op != "write") return real_write(count);
    const long long call = ++g_write_calls;
    if (plan.on_call >= 0 && call_fails(plan, call)) {
        errno = plan.error;
        return -1;
    }
    if (plan.after_bytes >= 0) {
        const long long done = g_bytes.load();
        const long long room = plan.after_bytes - done;
        if (room <= 0) {
            errno = plan.error;
            return -1;
        }
        const size_t allowed =
            static_cast<size_t>(room) < count ? static_cast<size_t>(room) : count;
        const ssize_t n = real_write(allowed);
        if (n > 0) g_bytes += n;
        return n;
    }
    if (call_fails(plan, call)) {
        errno = plan.error;
        return -1;
    }
    return real_write(count);
}

}  // namespace

extern "C" {

// Lets a test see that the shim is loaded.
int ccsalvage_fail_io_shim_loaded() { return 1; }

ssize_t write(int fd, const void* buffer, size_t count) {
    using Write = ssize_t (*)(int, const void*, size_t);
    static const Write real = next_symbol<Write>("write");
    return planned_write(fd, count, [&](size_t n) { return real(fd, buffer, n); });
}

ssize_t pwrite(int fd, const void* buffer, size_t count, off_t offset) {
    using Pwrite = ssize_t (*)(int, const void*, size_t, off_t);
    static const Pwrite real = next_symbol<Pwrite>("pwrite");
    return planned_write(fd, count, [&](size_t n) { return real(fd, buffer, n, offset); });
}

ssize_t pwrite64(int fd, const void* buffer, size_t count, off_t offset) {
    using Pwrite = ssize_t (*)(int, const void*, size_t, off_t);
    static const Pwrite real = next_symbol<Pwrite>("pwrite64");
    return planned_write(fd, count, [&](size_t n) { return real(fd, buffer, n, offset); });
}

int fsync(int fd) {
    using Fsync = int (*)(int);
    static const Fsync real = next_symbol<Fsync>("fsync");
    Plan plan;
    struct stat st {};
    // Only files count: the best-effort fsync of a directory entry is not a file's flush.
    if (!read_plan(plan) || plan.op != "fsync" || !fd_below(fd, plan.under) ||
        ::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        return real(fd);
    }
    if (call_fails(plan, ++g_fsync_calls)) {
        errno = plan.error;
        return -1;
    }
    return real(fd);
}

int rename(const char* from, const char* to) {
    using Rename = int (*)(const char*, const char*);
    static const Rename real = next_symbol<Rename>("rename");
    Plan plan;
    if (!read_plan(plan) || !path_below(to, plan.under)) return real(from, to);
    if (plan.op == "kill-rename") {
        // A crash just before a file would have got its final name.
        if (++g_rename_calls == plan.on_call) ::raise(SIGKILL);
        return real(from, to);
    }
    if (plan.op != "rename") return real(from, to);
    if (call_fails(plan, ++g_rename_calls)) {
        errno = plan.error;
        return -1;
    }
    return real(from, to);
}

// posix_fallocate returns the error rather than setting errno.
static int planned_fallocate(int fd, int (*real)(int, off_t, off_t), off_t offset, off_t length) {
    Plan plan;
    if (!read_plan(plan) || plan.op != "fallocate" || !fd_below(fd, plan.under)) {
        return real(fd, offset, length);
    }
    if (call_fails(plan, ++g_fallocate_calls)) return plan.error;
    return real(fd, offset, length);
}

int posix_fallocate(int fd, off_t offset, off_t length) {
    using Fallocate = int (*)(int, off_t, off_t);
    static const Fallocate real = next_symbol<Fallocate>("posix_fallocate");
    return planned_fallocate(fd, real, offset, length);
}

int posix_fallocate64(int fd, off_t offset, off_t length) {
    using Fallocate = int (*)(int, off_t, off_t);
    static const Fallocate real = next_symbol<Fallocate>("posix_fallocate64");
    return planned_fallocate(fd, real, offset, length);
}

}  // extern "C"
