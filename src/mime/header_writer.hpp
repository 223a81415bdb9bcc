#pragma once
// The header block of an exported message: mapped addresses, RFC 2047 subject, the date in the
// user's zone, the Message-ID, the original cc:Mail text (X-CCMail-*) and where the message
// came from (X-CCSalvage-*). GMime encodes non-ASCII text per RFC 2047.
#include <gmime/gmime.h>

#include <string>
#include <vector>

#include "mime/eml_composer.hpp"

namespace ccsalvage::mime {

// `provenance`: false for a message embedded in another (a forwarded item), which has no
// record or file of its own.
void write_headers(GMimeMessage* message, const ccm::Message& source, const ComposeOptions& options,
                   const std::string& message_id, bool provenance,
                   std::vector<std::string>& warnings);

}  // namespace ccsalvage::mime
