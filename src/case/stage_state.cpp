#include "case/stage_state.hpp"

#include <ccsalvage/build_info.hpp>

#include <fmt/format.h>

#include "core/sha256.hpp"

namespace ccsalvage::casefolder {

std::string tool_build() {
    return fmt::format("{} ({})", build_info::version, build_info::git_describe);
}

nlohmann::json stage_key(const Stage& stage, const RescueOptions& options,
                         const EvidenceSet& evidence) {
    nlohmann::json inputs = nlohmann::json::object();
    for (const auto& name : stage.inputs(options, evidence)) {
        const auto* item = evidence.find(name);
        inputs[name] = item != nullptr ? item->sha256 : "";
    }
    return {{"tool", tool_build()},
            {"code_page", std::string(code_page_name(options.code_page))},
            {"hex_context", options.hex_context},
            {"export", options.export_formats},
            {"inputs", inputs}};
}

std::string state_path(const Stage& stage) { return fmt::format("stages/{}.json", stage.name()); }

Recorded recorded_outputs(const nlohmann::json& manifest) {
    Recorded out;
    if (!manifest.is_object() || !manifest.contains("outputs")) return out;
    for (const auto& o : manifest["outputs"]) {
        if (o.is_object() && o.contains("path") && o.contains("sha256") && o["path"].is_string() &&
            o["sha256"].is_string()) {
            out[o["path"].get<std::string>()] = o["sha256"].get<std::string>();
        }
    }
    return out;
}

std::optional<report::Contribution> earlier_result(const CaseFolder& folder, const Stage& stage,
                                                   const nlohmann::json& key,
                                                   const Recorded& recorded) {
    const auto text = folder.read(state_path(stage));
    if (!text) return std::nullopt;
    const auto it = recorded.find(state_path(stage));
    if (it == recorded.end() || it->second != sha256_hex(*text)) return std::nullopt;
    const auto state = nlohmann::json::parse(*text, nullptr, false);
    if (state.is_discarded() || !state.is_object() || state.value("key", nlohmann::json()) != key) {
        return std::nullopt;
    }
    try {
        return state.at("contribution").get<report::Contribution>();
    } catch (const nlohmann::json::exception&) {
        return std::nullopt;  // an unreadable state is run again, never trusted
    }
}

std::string dump_json(const nlohmann::json& j) {
    return j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace ccsalvage::casefolder
