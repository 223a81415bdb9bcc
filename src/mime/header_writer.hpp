#pragma once
// The header block of an exported message, appended to the message text: mapped addresses,
// RFC 2047 subject, the date in the user's zone, the Message-ID, the original cc:Mail text
// (X-CCMail-*) and where the message came from (X-CCSalvage-*).
#include <string>
#include <vector>

#include "mime/eml_composer.hpp"

namespace ccsalvage::mime {

// `provenance`: false for a message embedded in another (a forwarded item), which has no
// record or file of its own. The MIME headers (MIME-Version, Content-*) are the caller's.
void write_headers(std::string& out, const ccm::Message& source, const ComposeOptions& options,
                   const std::string& message_id, bool provenance,
                   std::vector<std::string>& warnings);

}  // namespace ccsalvage::mime
