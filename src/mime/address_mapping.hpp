#pragma once
// Turning cc:Mail addresses ("Grewal, Jeff at Hub", "#Sales", "user@x.com at SMTPGW") into
// RFC 5322 mailboxes for exported mail. cc:Mail names are not Internet addresses: the mapping
// invents addr-specs under reserved .invalid domains (RFC 2606) so that nothing exported can
// ever be delivered by mistake, and the original text is kept by the composer in X-CCMail-*
// headers.
#include <string>
#include <string_view>

#include "parsers/ccm/message.hpp"

namespace ccsalvage::mime {

struct AddressMapping {
    // Domain of post office users; "{po}" stands for the post office name made DNS-safe
    // (ASCII-folded, lower case, [a-z0-9-]).
    std::string domain_template = "{po}.ccmail.invalid";
    // Domain of local names (no post office: resolved by ANR on the original system).
    std::string local_domain = "local.ccmail.invalid";
};

struct MappedAddress {
    std::string display_name;  // UTF-8, unquoted; the composer encodes it
    std::string addr_spec;     // ASCII local@domain
};

// "Grewal, Jeff" at "Hub"  -> "Grewal, Jeff" <jeff.grewal@hub.ccmail.invalid>
// "Admin" (local name)     -> "Admin" <admin@local.ccmail.invalid>
// "#Sales" at "HQ"         -> "#Sales" <bb.sales@hq.ccmail.invalid>
// "user@example.com at GW" -> <user@example.com>
MappedAddress map_address(const ccm::Address& address, const AddressMapping& mapping = {});

// The local part made from a cc:Mail name: "Last, First" becomes "first.last", other names have
// their words joined by '.'; accents are folded to ASCII, the result is lower case and holds
// only [a-z0-9._-]; "unknown" when nothing is left.
std::string local_part_for_name(std::string_view name_utf8);

// One DNS label made from a post office name: ASCII-folded, lower case, [a-z0-9-], at most 63
// characters; "unknown" when nothing is left.
std::string dns_label_for_post_office(std::string_view post_office_utf8);

// The mapping's domain for a post office ("" = a local name).
std::string domain_for_post_office(std::string_view post_office_utf8,
                                   const AddressMapping& mapping);

}  // namespace ccsalvage::mime
