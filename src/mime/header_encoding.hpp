#pragma once
// Header fields written straight into the message text: RFC 2047 encoded words from GMime
// (g_mime_utils_header_encode_text / _phrase), folding at 78 columns (GMime's unstructured
// folder; mailbox lists folded between mailboxes the way GMime's address writer does), CR LF
// line ends.
#include <string>
#include <string_view>
#include <vector>

namespace ccsalvage::mime {

// Unstructured text (Subject, X-CCMail-*, Content-Description) as GMime encodes it: encoded
// words for non-ASCII words, blanks at both ends dropped. Text GMime would leave as it is is
// returned without asking GMime (the common case: short printable ASCII).
std::string encode_unstructured(std::string_view utf8);

// A display name as an RFC 5322 phrase: quoted when it holds specials, encoded words when not
// ASCII (GMime).
std::string encode_phrase(std::string_view utf8);

// "Name: value CR LF" for unstructured text from evidence: made header-safe, encoded, folded.
void append_unstructured_header(std::string& out, std::string_view name, std::string_view utf8);

// "Name: value CR LF" for a value that is ASCII and needs no encoding (Message-Id, MIME-Version).
void append_plain_header(std::string& out, std::string_view name, std::string_view value);

// One mailbox ready for a header: the encoded phrase (empty: none) and the ASCII addr-spec.
struct EncodedMailbox {
    std::string phrase;
    std::string addr_spec;
};

// "Name: mailbox, mailbox CR LF", folded between mailboxes (and inside a phrase too long for a
// line) at 78 columns. Nothing when the list is empty.
void append_mailbox_header(std::string& out, std::string_view name,
                           const std::vector<const EncodedMailbox*>& mailboxes);

// Appends `text`, whose line ends are LF, with CR LF line ends.
void append_lf_as_crlf(std::string& out, std::string_view text);

}  // namespace ccsalvage::mime
