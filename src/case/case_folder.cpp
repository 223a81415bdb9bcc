#include "case/case_folder.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <ctime>
#include <fstream>

#include <fmt/format.h>

#include "case/parallel_for.hpp"
#include "core/errors.hpp"
#include "core/sha256.hpp"

namespace ccsalvage::casefolder {

namespace fs = std::filesystem;

namespace {

// What a first rescue killed before its first manifest leaves: no manifest, an audit trail that
// begins with a ccsalvage run.started record, and nothing else but AtomicFile temporaries (and
// folders). Anything more (a file of another program, a manifest) is not ours to clean up.
bool holds_only_an_interrupted_start(const fs::path& root) {
    std::error_code ec;
    if (!fs::is_directory(fs::symlink_status(root, ec)) || fs::exists(root / kManifest, ec)) {
        return false;
    }
    bool audit = false;
    for (auto it = fs::recursive_directory_iterator(root, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        const auto status = it->symlink_status(ec);
        if (fs::is_directory(status)) continue;
        const auto relative = it->path().lexically_relative(root).generic_string();
        if (relative == kAudit && fs::is_regular_file(status)) {
            audit = true;
        } else if (!fs::is_regular_file(status) ||
                   !OutputFolder::is_temporary_name(it->path().filename().string())) {
            return false;
        }
    }
    if (ec || !audit) return false;
    std::ifstream in(root / kAudit, std::ios::binary);
    std::string first;
    // Killed between creating the audit trail and writing its first record: it is empty.
    if (!std::getline(in, first)) return in.eof() && first.empty();
    if (in.eof()) {
        // The first record itself was torn by the kill: only its beginning is there, which is
        // how this program begins it (the keys are written in sorted order), or a part of that
        // beginning when the kill came within its first bytes.
        constexpr std::string_view kBeginning = R"({"command_line":"ccsalvage )";
        return first.starts_with(kBeginning) || kBeginning.starts_with(first);
    }
    // Read without nlohmann's value(), which throws when a member has another type.
    const auto record = nlohmann::json::parse(first, nullptr, false);
    const auto is_string = [](const nlohmann::json& object, const char* key,
                              std::string_view text) {
        const auto it = object.find(key);
        return it != object.end() && it->is_string() && it->get_ref<const std::string&>() == text;
    };
    if (!record.is_object() || !is_string(record, "event", "run.started")) return false;
    const auto tool = record.find("tool");
    return tool != record.end() && tool->is_object() && is_string(*tool, "name", "ccsalvage");
}

}  // namespace

CaseFolder CaseFolder::open(const fs::path& root) {
    bool existed = false;
    const bool restarted = holds_only_an_interrupted_start(root);
    auto folder = OutputFolder::create_or_resume(root, restarted ? kAudit : kManifest, existed);
    const std::uint64_t removed = existed ? folder.remove_stale_temporaries() : 0;
    CaseFolder out(std::move(folder), existed && !restarted);
    out.restarted_ = restarted;
    out.removed_temporaries_ = removed;
    // Continue the sequence numbers of the earlier run's audit trail: a record's seq is its
    // line number. A last line without its line end was torn by an interruption: it is ended
    // (kept as it is, never cut: the trail is only ever appended to) so that the next record
    // starts a line of its own, and it keeps its number.
    if (const auto text = out.read(kAudit)) {
        out.seq_ = static_cast<std::uint64_t>(std::count(text->begin(), text->end(), '\n'));
        if (!text->empty() && text->back() != '\n') {
            out.folder_.append_file(kAudit, "\n");
            out.torn_audit_line_ = ++out.seq_;
        }
    }
    return out;
}

void CaseFolder::audit(std::string_view event, nlohmann::json fields, std::string time) {
    if (time.empty()) time = utc_now();
    nlohmann::json line = {{"seq", seq_ + 1}, {"time", std::move(time)}, {"event", event}};
    for (auto& [key, value] : fields.items()) line[key] = value;
    folder_.append_file(kAudit,
                        line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");
    ++seq_;  // only once the line is there, so a failed write does not leave a gap
}

std::string CaseFolder::write(std::string_view relative, std::string_view bytes,
                              std::string_view by) {
    const auto sha = folder_.write_file(relative, bytes);
    audit("file.written",
          {{"path", relative}, {"size", bytes.size()}, {"sha256", sha}, {"by", by}});
    return sha;
}

namespace {

// Reads a file of the case folder in chunks without following a link; false on failure.
template <typename Sink>
bool read_chunks(const fs::path& path, Sink&& sink) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0) return false;
    std::array<char, 65536> buffer{};
    for (;;) {
        const auto n = ::read(fd, buffer.data(), buffer.size());
        if (n < 0) {
            ::close(fd);
            return false;
        }
        if (n == 0) break;
        sink(std::string_view(buffer.data(), static_cast<std::size_t>(n)));
    }
    ::close(fd);
    return true;
}

}  // namespace

std::optional<std::string> CaseFolder::read(std::string_view relative) const {
    std::string out;
    if (!read_chunks(folder_.resolve(relative), [&](std::string_view part) { out += part; })) {
        return std::nullopt;
    }
    return out;
}

bool CaseFolder::read_lines(std::string_view relative,
                            const std::function<void(std::string_view)>& line) const {
    std::string partial;
    const bool ok = read_chunks(folder_.resolve(relative), [&](std::string_view part) {
        for (auto end = part.find('\n'); end != std::string_view::npos; end = part.find('\n')) {
            if (partial.empty()) {
                line(part.substr(0, end));
            } else {
                partial.append(part.substr(0, end));
                line(partial);
                partial.clear();
            }
            part.remove_prefix(end + 1);
        }
        partial.append(part);
    });
    if (ok && !partial.empty()) line(partial);
    return ok;
}

std::vector<OutputRecord> CaseFolder::list_output_files(const std::set<std::string>& except) const {
    std::vector<OutputRecord> out;
    std::error_code ec;
    for (auto it = fs::recursive_directory_iterator(root(), ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (!it->is_regular_file(ec) || it->is_symlink(ec)) continue;
        const auto relative = it->path().lexically_relative(root()).generic_string();
        const auto name = it->path().filename().string();
        if (OutputFolder::is_temporary_name(name))
            continue;  // an AtomicFile's temporary, left by a crash
        if (except.contains(relative)) continue;
        std::error_code size_error;
        const auto size = it->file_size(size_error);  // the order of hashing only
        out.push_back({relative, size_error ? 0 : size, {}});
    }
    if (ec) throw IoError(root().string() + ": cannot list: " + ec.message());
    std::sort(out.begin(), out.end(),
              [](const OutputRecord& a, const OutputRecord& b) { return a.path < b.path; });
    return out;
}

void CaseFolder::hash_output(OutputRecord& record) const {
    Sha256 hash;
    std::uint64_t size = 0;
    const bool ok = read_chunks(folder_.resolve(record.path), [&](std::string_view part) {
        hash.update(part);
        size += part.size();
    });
    if (!ok) throw IoError((root() / record.path).string() + ": cannot read back");
    record.size = size;
    record.sha256 = hash.hex_digest();
}

std::vector<OutputRecord> CaseFolder::list_outputs(const std::set<std::string>& except,
                                                   unsigned threads) const {
    auto out = list_output_files(except);
    parallel_for_in_order(largest_first(out.size(), [&out](std::size_t i) { return out[i].size; }),
                          threads, [&](std::size_t i) { hash_output(out[i]); });
    return out;
}

std::string utc_now() {
    const auto now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm tm{};
    ::gmtime_r(&now, &tm);
    std::array<char, 32> buffer{};
    std::strftime(buffer.data(), buffer.size(), "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buffer.data();
}

std::string sha256sums_text(const std::vector<OutputRecord>& records) {
    std::string out;
    for (const auto& r : records) {
        // sha256sum's text mode line: hash, two spaces, the path. Paths are ours (no newline).
        out += fmt::format("{}  {}\n", r.sha256, r.path);
    }
    return out;
}

}  // namespace ccsalvage::casefolder
