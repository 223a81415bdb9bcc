#include "case/evidence_set.hpp"

#include <algorithm>
#include <cctype>

#include "case/parallel_for.hpp"
#include "core/errors.hpp"

namespace ccsalvage::casefolder {

namespace fs = std::filesystem;

bool is_und_file(const fs::path& path) {
    auto ext = path.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return ext == ".und";
}

EvidenceSet EvidenceSet::open(const fs::path& post_office, const std::optional<fs::path>& connector,
                              const std::vector<fs::path>& event_logs, unsigned threads) {
    EvidenceSet set(po::PostOfficeFolder::open(post_office));
    // Every file is listed first (in items() order), then hashed: files are independent, so
    // they are hashed at the same time, each result in its own place. A file the set keeps
    // open is hashed through its mapping; any other is opened by the thread that hashes it and
    // closed again, so at most `threads` of them are open at once.
    std::vector<const EvidenceFile*> files;  // null: hash items_[i].file by path
    for (const auto& file : set.post_office_.evidence()) {
        set.items_.push_back({file.display_name(), "post office", file.size(), {}});
        files.push_back(&file);
    }
    if (connector) {
        std::error_code ec;
        if (!fs::is_directory(*connector, ec)) {
            throw IoError(connector->string() + ": not a folder");
        }
        std::vector<fs::path> paths;
        // Links are neither followed into folders nor read as files: evidence is what was
        // copied, not what a link points at.
        for (auto it = fs::recursive_directory_iterator(*connector, ec);
             !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
            if (it->is_symlink(ec)) continue;
            if (it->is_regular_file(ec)) paths.push_back(it->path());
        }
        if (ec) throw IoError(connector->string() + ": cannot list: " + ec.message());
        std::sort(paths.begin(), paths.end());
        for (const auto& path : paths) {
            if (is_und_file(path)) set.und_.push_back(EvidenceFile::open(path));
        }
        auto und = set.und_.begin();
        for (const auto& path : paths) {
            if (und != set.und_.end() && und->path() == path) {
                set.items_.push_back({und->display_name(), "connector", und->size(), {}});
                files.push_back(&*und);
                ++und;
            } else {
                set.items_.push_back({path.string(), "connector", 0, {}});
                files.push_back(nullptr);
            }
        }
    }
    for (const auto& path : event_logs) set.event_logs_.push_back(EvidenceFile::open(path));
    for (const auto& file : set.event_logs_) {
        set.items_.push_back({file.display_name(), "event log", file.size(), {}});
        files.push_back(&file);
    }
    // An IoError on a worker thread is carried to this one by parallel_for (the run stops, as
    // it does when a file cannot be opened above).
    const auto order =
        largest_first(set.items_.size(), [&set](std::size_t i) { return set.items_[i].size; });
    parallel_for_in_order(order, threads, [&](std::size_t i) {
        if (files[i] != nullptr) {
            set.items_[i].sha256 = files[i]->sha256();
            return;
        }
        const auto file = EvidenceFile::open(set.items_[i].file);
        set.items_[i].size = file.size();
        set.items_[i].sha256 = file.sha256();
    });
    return set;
}

const EvidenceItem* EvidenceSet::find(std::string_view file) const {
    for (const auto& item : items_) {
        if (item.file == file) return &item;
    }
    return nullptr;
}

std::vector<std::string> EvidenceSet::post_office_files() const {
    std::vector<std::string> out;
    for (const auto& file : post_office_.evidence()) out.push_back(file.display_name());
    return out;
}

std::vector<std::string> EvidenceSet::all_files() const {
    std::vector<std::string> out;
    for (const auto& item : items_) out.push_back(item.file);
    return out;
}

EvidenceItem EvidenceSet::rehash_item(std::size_t i) const {
    EvidenceItem again = items_.at(i);
    try {
        const auto file = EvidenceFile::open(again.file);
        again.size = file.size();
        again.sha256 = file.sha256();
    } catch (const IoError&) {
        again.size = 0;
        again.sha256.clear();
    }
    return again;
}

std::vector<EvidenceItem> EvidenceSet::rehash(unsigned threads) const {
    std::vector<EvidenceItem> out(items_.size());
    const auto order =
        largest_first(items_.size(), [this](std::size_t i) { return items_[i].size; });
    parallel_for_in_order(order, threads, [this, &out](std::size_t i) { out[i] = rehash_item(i); });
    return out;
}

}  // namespace ccsalvage::casefolder
