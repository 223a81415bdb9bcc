#include "event.hpp"

#include <algorithm>
#include <mutex>

namespace ccsalvage {

std::string_view to_string(Severity severity) {
    switch (severity) {
        case Severity::note:
            return "note";
        case Severity::warning:
            return "warning";
        case Severity::error:
            return "error";
    }
    return "unknown";
}

void EventLog::add(const EventCode& code, std::string_view file, std::uint64_t offset,
                   std::string detail) {
    ++total_;
    ++by_severity_[static_cast<int>(code.severity)];
    auto& kept = kept_per_code_[std::string(code.id)];
    if (kept >= per_code_cap_) {
        ++suppressed_[std::string(code.id)];
        return;
    }
    ++kept;
    events_.push_back(
        Event{std::string(file), offset, std::string(code.id), code.severity, std::move(detail)});
}

std::vector<Event> EventLog::events_in_file_order() const {
    std::map<std::string, std::size_t> file_rank;
    for (const auto& e : events_) file_rank.emplace(e.file, file_rank.size());
    auto sorted = events_;
    std::stable_sort(sorted.begin(), sorted.end(), [&](const Event& a, const Event& b) {
        const auto ra = file_rank.at(a.file), rb = file_rank.at(b.file);
        return ra != rb ? ra < rb : a.offset < b.offset;
    });
    return sorted;
}

std::uint64_t EventLog::count(Severity severity) const {
    return by_severity_[static_cast<int>(severity)];
}

bool EventLog::has_problems() const {
    return count(Severity::warning) + count(Severity::error) > 0;
}

void EventLog::merge(const EventLog& other) {
    for (const auto& event : other.events_) {
        ++total_;
        ++by_severity_[static_cast<int>(event.severity)];
        auto& kept = kept_per_code_[event.code];
        if (kept >= per_code_cap_) {
            ++suppressed_[event.code];
            continue;
        }
        ++kept;
        events_.push_back(event);
    }
    for (const auto& [code, n] : other.suppressed_) {
        suppressed_[code] += n;
        total_ += n;
        if (const EventCode* entry = find_event_code(code)) {
            by_severity_[static_cast<int>(entry->severity)] += n;
        }
    }
}

namespace {
struct Registry {
    std::mutex mutex;
    std::vector<std::pair<std::string_view, std::span<const EventCode>>> catalogues;
};
Registry& registry() {
    static Registry instance;
    return instance;
}
}  // namespace

void register_catalogue(std::string_view format, std::span<const EventCode> codes) {
    auto& reg = registry();
    std::lock_guard lock(reg.mutex);
    for (const auto& [name, existing] : reg.catalogues) {
        if (name == format) return;
    }
    reg.catalogues.emplace_back(format, codes);
}

const EventCode* find_event_code(std::string_view id) {
    auto& reg = registry();
    std::lock_guard lock(reg.mutex);
    for (const auto& [name, codes] : reg.catalogues) {
        for (const auto& code : codes) {
            if (code.id == id) return &code;
        }
    }
    return nullptr;
}

std::vector<std::pair<std::string_view, std::span<const EventCode>>> all_catalogues() {
    auto& reg = registry();
    std::lock_guard lock(reg.mutex);
    return reg.catalogues;
}

}  // namespace ccsalvage
