#include "flow/citations.hpp"

namespace ccsalvage::flow {

Citation cite_event_code(std::string_view id) {
    if (id == "CONN-002") return {{"Q202178", "Q295812"}, {}, {}};
    if (id == "CONN-003") return {{"Q223772", "Q168680"}, {59}, {1}};
    if (id == "CONN-004") return {{"Q234745", "Q168556"}, {87}, {}};
    if (id == "CONN-005") return {{"Q202240", "Q212759"}, {54}, {}};
    if (id == "CONN-006" || id == "CONN-007") return {{"Q179072"}, {}, {}};
    if (id == "CONN-008") return {{"Q223772", "Q212788", "Q168680"}, {59, 63}, {1, 5}};
    if (id == "CONN-009") return {{"Q223772"}, {59}, {1}};
    if (id == "CONN-016") return {{"Q295753"}, {}, {}};
    return {};
}

Citation cite_line(const LedgerLine& line) {
    switch (line.state) {
        case LedgerState::duplicate:
            return {{"Q184524"}, {}, {}};
        case LedgerState::missing_from_post_office:
        case LedgerState::record_missing:
            return {{"Q157684"}, {}, {}};
        case LedgerState::undeliverable: {
            std::optional<int> code;
            for (const Copy& c : line.copies) {
                if (c.kind == CopyKind::und_entry && c.result_code) {
                    code = c.result_code;
                    break;
                }
            }
            if (code && *code == 5) return {{"Q180641"}, {63}, {5}};
            return {{"Q223772"}, {59}, {1}};
        }
        case LedgerState::stuck_in_queue:
            if (line.reason.starts_with("Bad")) return {{"Q202240", "Q212759"}, {54}, {}};
            if (line.reason.starts_with("Submit")) return {{"Q202178"}, {}, {}};
            if (line.reason.starts_with("Import")) return {{"Q223772"}, {59}, {1}};
            return {};
        default:
            return {};
    }
}

}  // namespace ccsalvage::flow
