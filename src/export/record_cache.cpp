#include "export/record_cache.hpp"

namespace ccsalvage::exporting {

namespace {

// A string's own allocation (none while it fits in the object, 15 bytes in libstdc++).
std::size_t heap_of(const std::string& text) {
    return text.capacity() > 15 ? text.capacity() + 1 : 0;
}

}  // namespace

std::size_t held_bytes(const PreparedRecord& prepared) {
    // The record and its shared block, and the cache's two nodes for it (about).
    std::size_t bytes = sizeof(PreparedRecord) + 16 + 64 + 48;
    const Placement& p = prepared.placement;
    bytes += heap_of(p.source_file) + heap_of(p.repair_status) + heap_of(p.damage);
    bytes += heap_of(p.destination.source_label) + heap_of(p.destination.post_office) +
             heap_of(p.destination.mailbox) + heap_of(p.destination.folder);
    bytes += heap_of(prepared.identity) + heap_of(prepared.sender);
    for (const auto& name : prepared.attachments) bytes += sizeof(std::string) + heap_of(name);
    if (prepared.stored)
        bytes += heap_of(prepared.stored->target) + heap_of(prepared.stored->sha256);
    if (prepared.framed) bytes += sizeof(std::string) + 16 + heap_of(*prepared.framed);
    if (prepared.composed) {
        const mime::ComposedMessage& composed = *prepared.composed;
        bytes += sizeof(mime::ComposedMessage) + 16 + heap_of(composed.bytes) +
                 heap_of(composed.message_id);
        for (const auto& warning : composed.warnings) {
            bytes += sizeof(std::string) + heap_of(warning);
        }
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
    announced_ = 0;
}

void RecordCache::drop(std::unordered_map<std::uint64_t, Entry>::iterator it) {
    by_next_.erase({it->second.next, it->first});
    bytes_ -= it->second.bytes;
    entries_.erase(it);
}

}  // namespace ccsalvage::exporting
