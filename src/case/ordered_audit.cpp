#include "case/ordered_audit.hpp"

namespace ccsalvage::casefolder {

OrderedAudit::OrderedAudit(CaseFolder& folder, std::size_t slots)
    : folder_(folder), slots_(slots) {}

void OrderedAudit::record(std::size_t slot, std::string_view event, nlohmann::json fields) {
    const std::lock_guard lock(mutex_);
    if (slot == head_) {
        folder_.audit(event, std::move(fields));
        return;
    }
    slots_.at(slot).held.push_back({std::string(event), std::move(fields), utc_now()});
}

void OrderedAudit::finish(std::size_t slot) {
    const std::lock_guard lock(mutex_);
    slots_.at(slot).finished = true;
    write_head();
}

void OrderedAudit::flush_all() {
    const std::lock_guard lock(mutex_);
    for (auto& slot : slots_) slot.finished = true;
    write_head();
}

void OrderedAudit::write_head() {
    while (head_ < slots_.size()) {
        auto& slot = slots_[head_];
        // A record leaves `held` only once written: if a write throws, the rest stays for a
        // later finish() or flush_all().
        while (!slot.held.empty()) {
            const auto& first = slot.held.front();
            folder_.audit(first.event, first.fields, first.time);
            slot.held.pop_front();
        }
        if (!slot.finished) return;  // it writes through from now on
        ++head_;
    }
}

}  // namespace ccsalvage::casefolder
