#pragma once
#include <string_view>
#include <vector>

#include "parsers/ccm/message.hpp"

namespace ccsalvage::ccm {

struct AddressList {
    std::vector<Address> addresses;
    // True when the split was a guess: names without " at PO" joined by ", " cannot be told
    // apart from "Last, First" names. The raw line is always kept by the caller.
    bool ambiguous = false;
};

// Splits one header value ("Grewal, Jeff at Hub, Admin at HUBPO2") into addresses.
// Never fails: text it cannot classify becomes a local_name address with the raw text.
AddressList parse_address_list(std::string_view value_utf8);

// Classifies one address ("#Sales at HQ", "user@x.com at GW", "Admin").
Address parse_address(std::string_view one_address_utf8);

}  // namespace ccsalvage::ccm
