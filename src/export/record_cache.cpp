#include "export/record_cache.hpp"

namespace ccsalvage::exporting {

std::size_t held_bytes(const PreparedRecord& prepared) {
    // The fixed part of the structures and the allocations' headers, about.
    std::size_t bytes = 512;
    const Placement& p = prepared.placement;
    bytes += p.source_file.size() + p.repair_status.size() + p.damage.size();
    bytes += prepared.identity.size() + prepared.sender.size();
    for (const auto& name : prepared.attachments) bytes += name.size() + 32;
    if (prepared.framed) bytes += prepared.framed->capacity();
    if (prepared.composed) {
        bytes += prepared.composed->bytes.capacity() + prepared.composed->message_id.size();
        for (const auto& warning : prepared.composed->warnings) bytes += warning.size() + 32;
    }
    return bytes;
}

void RecordCache::keep(std::uint64_t record, std::uint64_t next,
                       std::shared_ptr<const PreparedRecord> prepared) {
    if (auto it = entries_.find(record); it != entries_.end()) drop(it);
    const std::size_t bytes = held_bytes(*prepared);
    if (bytes > budget_) return;
    entries_.emplace(record, Entry{next, bytes, std::move(prepared)});
    by_next_.emplace(next, record);
    bytes_ += bytes;
    while (bytes_ > budget_) drop(entries_.find(by_next_.rbegin()->second));
}

std::shared_ptr<const PreparedRecord> RecordCache::take(std::uint64_t record) {
    const auto it = entries_.find(record);
    if (it == entries_.end()) return nullptr;
    auto prepared = std::move(it->second.prepared);
    drop(it);
    return prepared;
}

void RecordCache::clear() {
    entries_.clear();
    by_next_.clear();
    bytes_ = 0;
}

void RecordCache::drop(std::unordered_map<std::uint64_t, Entry>::iterator it) {
    by_next_.erase({it->second.next, it->first});
    bytes_ -= it->second.bytes;
    entries_.erase(it);
}

}  // namespace ccsalvage::exporting
