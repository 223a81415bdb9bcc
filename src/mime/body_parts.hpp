#pragma once
// The body parts of an exported message. A part is prepared (text decoded, encoding chosen)
// before anything is written, because the multipart boundary is chosen knowing every text that
// goes out as it is; it is then written straight into the message text.
#include <string>
#include <string_view>
#include <vector>

#include "mime/body_encoding.hpp"
#include "mime/eml_composer.hpp"

namespace ccsalvage::mime {

struct BodyPart {
    enum class Kind { text, attachment, message };
    Kind kind = Kind::text;
    // text: the UTF-8 text with CR LF line ends; message: the whole composed message.
    std::string content;
    std::string_view data;  // attachment: the item bytes (a view into the message)
    TransferEncoding encoding = TransferEncoding::seven_bit;
    std::string file_name;       // attachment, header-safe
    std::string_view mime_type;  // attachment: "application/pdf", ...
    std::string description;     // Content-Description; empty: none
};

// A text item decoded from the message's code page into UTF-8 text/plain. `whole_body`: the
// part is the message's only body part, whose text always ends with CR LF (one is added when
// the item had none), so that it decodes the same whichever encoding is chosen.
BodyPart text_part(const ccm::Item& item, std::size_t number, const ComposeOptions& options,
                   bool whole_body, std::vector<std::string>& warnings);

// An attachment, base64, typed by the file name's extension.
BodyPart attachment_part(std::string_view bytes, std::string file_name, std::string description);

// A message embedded as message/rfc822.
BodyPart message_part(std::string composed, std::string description);

// The attachment's name as the sender gave it; control characters (never part of a real DOS
// or Windows name) become '_'; "attachment-N.bin" with a warning when the item has none.
std::string attachment_name(const ccm::Item& item, std::size_t number,
                            std::vector<std::string>& warnings);

// The part's MIME headers, the blank line and its encoded body.
void write_part(std::string& out, const BodyPart& part);

}  // namespace ccsalvage::mime
