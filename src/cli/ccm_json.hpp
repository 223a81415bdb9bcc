#pragma once
// The JSON form of what the .ccm reader found, shared by every command that prints it
// (inspect --json today; the ledger and the report later).
#include <nlohmann/json.hpp>

#include "core/event.hpp"
#include "parsers/ccm/message.hpp"
#include "parsers/ccm/reader.hpp"

namespace ccsalvage::cli {

nlohmann::json to_json(const ccm::Address& address);
nlohmann::json to_json(const ccm::Item& item);
nlohmann::json to_json(const ccm::Message& message);
nlohmann::json to_json(const Event& event);
nlohmann::json to_json(const ccm::ReadSummary& summary);
std::string_view to_string(ccm::ItemKind kind);
std::string_view to_string(ccm::AddressKind kind);

}  // namespace ccsalvage::cli
