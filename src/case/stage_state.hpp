#pragma once
// What the runner keeps of a stage between runs (docs/case-folder.md, "Resume and
// determinism"): its saved result stages/<stage>.json, the key it was computed for (tool build,
// options that change results, hashes of the inputs), and the test of whether an earlier run's
// result may be reused.
#include <map>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "case/case_folder.hpp"
#include "case/stage.hpp"
#include "report/model.hpp"

namespace ccsalvage::casefolder {

// "version (git describe)" of this build.
std::string tool_build();

// What makes a stage's earlier result reusable: the build, the options that change what
// stages find, and the hashes of what it reads. Not --jobs or --fsync: they change neither.
nlohmann::json stage_key(const Stage& stage, const RescueOptions& options,
                         const EvidenceSet& evidence);

// stages/<stage>.json
std::string state_path(const Stage& stage);

// path -> SHA-256 of the outputs the last manifest recorded.
using Recorded = std::map<std::string, std::string>;
Recorded recorded_outputs(const nlohmann::json& manifest);

// A stage's saved result is reused only when it is the file the manifest recorded (a file
// edited since, or left by a run that did not finish, is not) and was computed for the same key.
std::optional<report::Contribution> earlier_result(const CaseFolder& folder, const Stage& stage,
                                                   const nlohmann::json& key,
                                                   const Recorded& recorded);

// JSON as the case folder writes it: two-space indent, invalid UTF-8 replaced, final newline.
std::string dump_json(const nlohmann::json& j);

}  // namespace ccsalvage::casefolder
