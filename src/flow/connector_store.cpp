#include "flow/connector_store.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <system_error>

#include "core/errors.hpp"
#include "flow/connector_events.hpp"

namespace ccsalvage::flow {
namespace {

namespace fs = std::filesystem;

std::string lower(std::string_view text) {
    std::string out(text);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
}

bool ends_with_ci(std::string_view name, std::string_view suffix) {
    return name.size() >= suffix.size() &&
           lower(name.substr(name.size() - suffix.size())) == suffix;
}

StoreFileKind kind_of(std::string_view name) {
    if (ends_with_ci(name, ".ccm")) return StoreFileKind::message;
    if (ends_with_ci(name, ".und")) return StoreFileKind::und;
    if (ends_with_ci(name, ".tmp")) return StoreFileKind::tmp;
    if (ends_with_ci(name, ".ini")) return StoreFileKind::ini;
    if (ends_with_ci(name, ".exp") || ends_with_ci(name, ".imp")) return StoreFileKind::dirsync;
    return StoreFileKind::other;
}

std::optional<fs::file_time_type> modified_of(const fs::path& path) {
    std::error_code error;
    const auto when = fs::last_write_time(path, error);
    if (error) return std::nullopt;
    return when;
}

// One folder's regular files, names sorted (the file system's order is not stable).
void list_folder(const fs::path& folder, const std::string& display, Queue queue,
                 ConnectorStore& store, EventLog& log, const StoreListOptions& options) {
    std::vector<fs::directory_entry> entries;
    std::uint64_t seen = 0;
    std::error_code error;
    for (fs::directory_iterator it(folder, error), end; !error && it != end; it.increment(error)) {
        if (++seen > options.max_files_per_folder) continue;
        entries.push_back(*it);
    }
    if (seen > options.max_files_per_folder) {
        store.files_not_listed += seen - options.max_files_per_folder;
        log.add(events::folder_bound, display, 0,
                fmt::format("{} entries, {} listed", seen, options.max_files_per_folder));
    }
    std::sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) {
        return a.path().filename() < b.path().filename();
    });
    for (const auto& entry : entries) {
        const std::string name = entry.path().filename().string();
        const std::string shown = display + "/" + name;
        std::error_code type_error;
        if (entry.is_directory(type_error)) {
            if (queue == Queue::root && queue_of_folder(name)) continue;  // listed on its own
            store.unknown_folders.push_back(shown);
            log.add(events::unknown_file, shown, 0, "folder not in the store model; not read");
            continue;
        }
        if (!entry.is_regular_file(type_error)) {
            log.add(events::unknown_file, shown, 0, "not a regular file; not read");
            continue;
        }
        StoreFile file;
        file.path = entry.path();
        file.display = shown;
        file.name = name;
        file.queue = queue;
        file.kind = kind_of(name);
        file.size = entry.file_size(type_error);
        file.counter = message_file_counter(name);
        file.modified = modified_of(entry.path());
        if (file.kind == StoreFileKind::message && queue != Queue::root && !file.counter) {
            log.add(events::odd_queue_name, shown, 0,
                    "the connector names its files MSGxxxx.CCM (four hex digits); read anyway");
        }
        if (file.kind == StoreFileKind::message && file.size == 0) {
            log.add(events::empty_message_file, shown, 0,
                    fmt::format("an empty file in {}: no message to read", to_string(queue)));
        }
        if (file.kind == StoreFileKind::dirsync) {
            log.add(events::dirsync_file, shown, 0,
                    "directory data, not mail (Q295753); listed, not read");
        }
        if (file.kind == StoreFileKind::other) {
            log.add(events::unknown_file, shown, 0, "file not in the store model; not read");
        }
        store.files.push_back(std::move(file));
    }
}

}  // namespace

std::string_view to_string(Queue queue) {
    switch (queue) {
        case Queue::root:
            return "Ccmcdata";
        case Queue::submit:
            return "Submit";
        case Queue::import:
            return "Import";
        case Queue::export_:
            return "Export";
        case Queue::bad:
            return "Bad";
        case Queue::import_bak:
            return "Import.bak";
        case Queue::export_bak:
            return "Export.bak";
        case Queue::other:
            break;
    }
    return "other";
}

bool is_live_queue(Queue queue) {
    return queue == Queue::submit || queue == Queue::import || queue == Queue::export_ ||
           queue == Queue::bad;
}

bool is_inbound(Queue queue) {
    return queue == Queue::submit || queue == Queue::import || queue == Queue::import_bak;
}

std::optional<Queue> queue_of_folder(std::string_view name) {
    static constexpr std::array kQueues = {Queue::submit, Queue::import,     Queue::export_,
                                           Queue::bad,    Queue::import_bak, Queue::export_bak};
    const std::string folded = lower(name);
    for (Queue queue : kQueues) {
        if (folded == lower(to_string(queue))) return queue;
    }
    return std::nullopt;
}

std::string_view to_string(StoreFileKind kind) {
    switch (kind) {
        case StoreFileKind::message:
            return "message";
        case StoreFileKind::und:
            return "und";
        case StoreFileKind::tmp:
            return "tmp";
        case StoreFileKind::ini:
            return "ini";
        case StoreFileKind::dirsync:
            return "dirsync";
        case StoreFileKind::other:
            break;
    }
    return "other";
}

std::string dos_file_name(std::string_view path) {
    const auto slash = path.find_last_of("/\\");
    std::string name(slash == std::string_view::npos ? path : path.substr(slash + 1));
    for (char& c : name) {
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    }
    return name;
}

std::size_t counters_after(const std::vector<std::uint16_t>& sorted_counters,
                           std::uint16_t counter) {
    // The later ones are counter+1 .. counter+32767, modulo 65536: one range of the sorted list,
    // or two when it runs past FFFF.
    const auto count_in = [&sorted_counters](unsigned first, unsigned last) {  // inclusive
        const auto lo = std::lower_bound(sorted_counters.begin(), sorted_counters.end(), first);
        const auto hi = std::upper_bound(lo, sorted_counters.end(), last);
        return static_cast<std::size_t>(hi - lo);
    };
    constexpr unsigned kHalf = 0x8000;
    const unsigned first = counter + 1U;
    const unsigned last = counter + kHalf - 1U;
    if (last <= 0xFFFF) return count_in(first, last);
    return count_in(first, 0xFFFF) + count_in(0, last - 0x10000);
}

std::optional<std::uint16_t> message_file_counter(std::string_view name) {
    if (name.size() != 11 || lower(name.substr(0, 3)) != "msg" || lower(name.substr(7)) != ".ccm") {
        return std::nullopt;
    }
    unsigned value = 0;
    for (char c : name.substr(3, 4)) {
        unsigned digit = 0;
        if (c >= '0' && c <= '9') {
            digit = static_cast<unsigned>(c - '0');
        } else if (c >= 'a' && c <= 'f') {
            digit = static_cast<unsigned>(c - 'a' + 10);
        } else if (c >= 'A' && c <= 'F') {
            digit = static_cast<unsigned>(c - 'A' + 10);
        } else {
            return std::nullopt;
        }
        value = value * 16 + digit;
    }
    return static_cast<std::uint16_t>(value);
}

std::optional<fs::file_time_type> ConnectorStore::newest() const {
    std::optional<fs::file_time_type> out;
    for (const auto& file : files) {
        if (file.modified && (!out || *file.modified > *out)) out = file.modified;
    }
    return out;
}

ConnectorStore list_connector_store(const fs::path& root, EventLog& log,
                                    const StoreListOptions& options) {
    events::register_connector_catalogue();
    std::error_code error;
    if (!fs::is_directory(root, error)) {
        throw IoError("not a readable folder: " + root.string());
    }
    ConnectorStore store;
    store.root = root;
    store.display = root.string();
    while (store.display.size() > 1 && store.display.back() == '/') store.display.pop_back();
    list_folder(root, store.display, Queue::root, store, log, options);

    // Queue folders, matched case-insensitively (the store lives on a Windows volume).
    std::vector<std::pair<Queue, fs::path>> found;
    for (fs::directory_iterator it(root, error), end; !error && it != end; it.increment(error)) {
        std::error_code type_error;
        if (!it->is_directory(type_error)) continue;
        if (auto queue = queue_of_folder(it->path().filename().string())) {
            found.emplace_back(*queue, it->path());
        }
    }
    std::sort(found.begin(), found.end());
    for (Queue queue : {Queue::submit, Queue::import, Queue::export_, Queue::bad, Queue::import_bak,
                        Queue::export_bak}) {
        bool any = false;
        for (const auto& [q, path] : found) {
            if (q != queue) continue;
            any = true;
            list_folder(path, store.display + "/" + path.filename().string(), queue, store, log,
                        options);
        }
        if (!any) {
            store.missing_queues.push_back(queue);
            log.add(events::queue_missing, store.display, 0,
                    fmt::format("no {} folder (the connector creates it at start; a copy may "
                                "leave out empty folders)",
                                to_string(queue)));
        }
    }
    return store;
}

}  // namespace ccsalvage::flow
