#pragma once
// JSON forms of the report model's parts, shared by the per-stage state files (model.cpp) and
// the JSON rendering (render_json.cpp), so both spell every field the same way.
#include <nlohmann/json.hpp>

#include "report/model.hpp"

namespace ccsalvage::report {

NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(Finding, pattern, code, severity, title, file, offset, detail,
                                   hex, stage)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(Cascade, cause, consequences)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(UndGrowth, file, size, entries, entry_index, entry_offset, loop)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(TimeSeries, name, source, when, count)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(Explanation, kind, id, title, meaning, causes, remedy, kb,
                                   cited_by)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(LedgerRow, outcome, count, note)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(Ledger, total, rows)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(Fact, key, value)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(ModelNote, part, status, doc)

// Attempts carry an optional result code: null in JSON when the entry gave none.
inline void to_json(nlohmann::json& j, const LoopAttempt& a) {
    j = {{"index", a.index},
         {"offset", a.offset},
         {"rejected_at", a.rejected_at},
         {"reason", a.reason},
         {"result_code", a.result_code ? nlohmann::json(*a.result_code) : nlohmann::json()}};
}
inline void from_json(const nlohmann::json& j, LoopAttempt& a) {
    j.at("index").get_to(a.index);
    j.at("offset").get_to(a.offset);
    j.at("rejected_at").get_to(a.rejected_at);
    j.at("reason").get_to(a.reason);
    if (j.contains("result_code") && !j.at("result_code").is_null()) {
        a.result_code = j.at("result_code").get<int>();
    }
}
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(ImportLoop, file, subject, identity, attempts, shown)

}  // namespace ccsalvage::report
