#pragma once
// A cc:Mail address as the .ccm reader gives it, for tests that map or compose addresses.
#include <string>
#include <utility>

#include "parsers/ccm/message.hpp"

namespace ccsalvage::testing {

// `raw` is the text cc:Mail writes: "Name at PO", or the name alone for a local name.
inline ccm::Address ccm_address(ccm::AddressKind kind, std::string name,
                                std::string post_office = {}, std::string internet = {}) {
    ccm::Address result;
    result.kind = kind;
    result.name = std::move(name);
    result.post_office = std::move(post_office);
    result.internet = std::move(internet);
    result.raw = result.name + (result.post_office.empty() ? "" : " at " + result.post_office);
    return result;
}

}  // namespace ccsalvage::testing
