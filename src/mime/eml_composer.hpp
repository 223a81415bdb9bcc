#pragma once
// Composing one RFC 5322 / MIME message (.eml) from a salvaged cc:Mail message. The message text
// is written straight into one string; GMime 3 does the encoding (encoded words, folding, base64,
// quoted-printable, the choice of transfer encoding). Same message and options, same bytes.
//
// What goes where:
//   From/To/Cc/Bcc   mapped mailboxes (address_mapping.hpp); the original cc:Mail text is kept
//                    in X-CCMail-From / X-CCMail-To / X-CCMail-Cc / X-CCMail-Bcc
//   Subject          UTF-8, RFC 2047 encoded when not ASCII
//   Date             the cc:Mail local time placed in ComposeOptions::time_zone; absent when the
//                    date is missing or invalid (the raw text is always in X-CCMail-Date)
//   Message-ID       ComposeOptions::message_id when given (export gives
//                    message_id_for_identity(flow::message_identity(m))), else
//                    synthetic_message_id(): both stable for the same message content
//   text items       text/plain; charset=utf-8 parts (title in Content-Description), line
//                    ends made CR LF; a message whose only content is one text item gets a
//                    single-part body, whose text always ends with CR LF (one is added when
//                    the item had none; inside a multipart the text is exact)
//   file items       attachments under their original file name (RFC 2231 when not ASCII)
//   forwarded items  ("Forwarded item") message/rfc822 when the bytes read as one whole
//                    Import/Export message, else text/plain with a warning
//   other items      application/octet-stream attachments "<keyword>.bin"
//   unclaimed bytes  not exported; counted in X-CCSalvage-Unclaimed-Bytes and in a warning
// The output has CR LF line ends throughout.
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/codepage.hpp"
#include "mime/address_mapping.hpp"
#include "parsers/ccm/message.hpp"

namespace ccsalvage::mime {

struct ComposeOptions {
    // The code page the message's text item bytes are in (headers are UTF-8 in the model).
    CodePage code_page = CodePage::cp850;
    // IANA zone the post office clock ran in; cc:Mail dates carry no zone. An unknown name
    // falls back to UTC with a warning.
    std::string time_zone = "UTC";
    AddressMapping addresses;
    std::string source_file;  // evidence file the message came from (X-CCSalvage-Source)
    std::string post_office;  // X-CCSalvage-Post-Office, when set
    // The Message-ID to write (without angle brackets); empty: synthetic_message_id().
    std::string message_id;
    // More provenance headers, in order (X-CCSalvage-Record, X-CCSalvage-Repair-Status, ...).
    std::vector<std::pair<std::string, std::string>> provenance;
};

struct ComposedMessage {
    std::string bytes;       // the whole message, CR LF line ends
    std::string message_id;  // without angle brackets: "<hex>@ccsalvage.invalid" minus "<>"
    std::vector<std::string> warnings;  // what could not be carried over faithfully
};

ComposedMessage compose_eml(const ccm::Message& message, const ComposeOptions& options = {});

// "<32 hex digits>@ccsalvage.invalid" without the angle brackets: the first 128 bits of a
// SHA-256 over the whitespace-normalised From, Date (raw), To, Cc and Subject and the SHA-256 of
// every item's data (unclaimed bytes excluded). Offsets are not part of it, so the same message
// found in two files, or twice in one file, gets the same id.
std::string synthetic_message_id(const ccm::Message& message);

// "<first 32 hex digits of the identity>@ccsalvage.invalid": the Message-ID export writes,
// derived from flow::message_identity so that every copy of a message gets the same one.
std::string message_id_for_identity(std::string_view identity_hex);

}  // namespace ccsalvage::mime
