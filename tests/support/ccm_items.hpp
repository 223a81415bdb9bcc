#pragma once
// A cc:Mail text item as the tests build it: the keyword IMPORT writes, an optional title.
#include <string>
#include <string_view>
#include <utility>

#include "parsers/ccm/message.hpp"

namespace ccsalvage::testing {

inline ccm::Item text_item(std::string_view data, std::string title = {}) {
    ccm::Item item;
    item.kind = ccm::ItemKind::text;
    item.keyword = "Text item";
    item.title = std::move(title);
    item.data = data;
    return item;
}

}  // namespace ccsalvage::testing
