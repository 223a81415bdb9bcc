#include "flow/duplicates.hpp"

#include <algorithm>
#include <map>
#include <string>
#include <string_view>
#include <utility>

namespace ccsalvage::flow {
std::vector<std::size_t> delivery_of_copies(std::span<const Copy* const> copies) {
    std::vector<std::size_t> delivery(copies.size(), 0);

    // Post office records reached, per post office, by message number.
    std::map<std::string_view, std::vector<std::pair<std::uint32_t, std::size_t>>> by_office;
    // Inbound queued files, by name.
    std::map<std::string, std::vector<std::size_t>> by_name;
    for (std::size_t i = 0; i < copies.size(); ++i) {
        const Copy& copy = *copies[i];
        if (copy.kind == CopyKind::po_record && copy.complete) {
            by_office[copy.place].emplace_back(copy.message_number, i);
        } else if (copy.kind == CopyKind::ccm && copy.complete && is_inbound(copy.queue)) {
            by_name[dos_file_name(copy.file)].push_back(i);
        }
    }
    std::map<std::pair<std::string_view, std::uint32_t>, std::size_t> record_delivery;
    for (auto& [office, records] : by_office) {
        std::sort(records.begin(), records.end());
        std::size_t rank = 0;
        for (std::size_t k = 0; k < records.size(); ++k) {
            // Two sightings of one record number (a damaged index listing it twice) are one
            // record, not two deliveries.
            if (k > 0 && records[k].first != records[k - 1].first) ++rank;
            delivery[records[k].second] = rank;
            record_delivery[{office, records[k].first}] = rank;
        }
    }
    // std::map orders MSGxxxx.CCM names by their hex counter (same length, same prefix).
    std::size_t rank = 0;
    for (const auto& [name, members] : by_name) {
        for (std::size_t i : members) delivery[i] = rank;
        ++rank;
    }
    for (std::size_t i = 0; i < copies.size(); ++i) {
        const Copy& copy = *copies[i];
        if (copy.kind != CopyKind::folder_entry) continue;
        const auto it = record_delivery.find({copy.place, copy.message_number});
        if (it != record_delivery.end()) delivery[i] = it->second;
    }
    return delivery;
}

}  // namespace ccsalvage::flow
