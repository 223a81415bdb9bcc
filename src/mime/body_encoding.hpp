#pragma once
// Part bodies in their Content-Transfer-Encoding, appended straight to the message being
// composed. GMime does the encoding (its base64 and quoted-printable encoders) and chooses the
// best encoding for text (its GMimeFilterBest); this unit only turns GMime's LF line ends into
// the CR LF every exported message uses.
#include <string>
#include <string_view>

namespace ccsalvage::mime {

enum class TransferEncoding { seven_bit, quoted_printable, base64 };

// The Content-Transfer-Encoding header value: "7bit", "quoted-printable", "base64".
std::string_view transfer_encoding_name(TransferEncoding encoding);

// Text content in canonical MIME form: every line end CR LF. A lone CR is kept as it is (it may
// be damage, and quoted-printable can carry it); `lone_cr` tells the caller.
std::string canonical_line_ends(std::string_view text, bool& lone_cr);

// The encoding GMime finds best for text under the 7bit constraint: 7bit when the text allows
// it, else quoted-printable or base64, whichever is smaller (GMime's rule); quoted-printable
// always when a lone CR must survive (7bit cannot carry one).
TransferEncoding best_text_encoding(std::string_view canonical_text, bool lone_cr);

// Appends `bytes` encoded; 7bit bytes are appended as they are (the caller made them canonical).
// Base64 output ends with a line end; quoted-printable output ends with one exactly when the
// input did.
void append_encoded(std::string& out, std::string_view bytes, TransferEncoding encoding);

}  // namespace ccsalvage::mime
