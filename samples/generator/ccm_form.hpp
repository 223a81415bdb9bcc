#pragma once
// A model message in the Import/Export text format: what EXPORT writes into Export\ and what
// the connector writes into Submit\ (docs/formats/ccm.md). The items are generated into memory
// for the time it takes to write one message; --max-item-bytes bounds them.
#include <string>
#include <vector>

#include "model.hpp"
#include "parsers/ccm/message.hpp"

namespace ccsalvage::generator {

// The message with its item data; `data` owns the bytes the items' views point into.
struct CcmForm {
    ccm::Message message;
    std::vector<std::string> data;
};

CcmForm ccm_form(const World& world, const MessageSpec& spec);

// The message written by ccm::write_ccm_message (sized form, CR LF, CP850).
std::string ccm_bytes(const World& world, const MessageSpec& spec);

}  // namespace ccsalvage::generator
