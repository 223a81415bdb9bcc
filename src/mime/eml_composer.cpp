#include "mime/eml_composer.hpp"

#include <gmime/gmime.h>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/blanks.hpp"
#include "core/sha256.hpp"
#include "mime/gmime_support.hpp"
#include "mime/header_text.hpp"
#include "mime/header_writer.hpp"
#include "parsers/ccm/reader.hpp"

namespace ccsalvage::mime {

void ensure_gmime_initialized() {
    static const bool initialized = [] {
        g_mime_init();
        return true;
    }();
    (void)initialized;
}

namespace {

std::string item_sha256(const ccm::Item& item) {
    return item.sha256.empty() ? sha256_hex(item.data) : item.sha256;
}

// Text item content in canonical MIME form: every line end CR LF. A lone CR is kept as it is
// (it may be damage, and quoted-printable can carry it); `lone_cr` tells the caller.
std::string canonical_line_ends(std::string_view text, bool& lone_cr) {
    std::string out;
    out.reserve(text.size() + text.size() / 32);
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '\r') {
            if (i + 1 < text.size() && text[i + 1] == '\n') {
                out += "\r\n";
                ++i;
            } else {
                lone_cr = true;
                out.push_back('\r');
            }
        } else if (c == '\n') {
            out += "\r\n";
        } else {
            out.push_back(c);
        }
    }
    return out;
}

// ---------------------------------------------------------------------------------------------
// Parts.

// A few extensions seen on cc:Mail attachments; everything else is application/octet-stream.
std::pair<const char*, const char*> content_type_for(std::string_view file_name) {
    struct Entry {
        std::string_view extension;
        const char* type;
        const char* subtype;
    };
    static constexpr std::array<Entry, 12> kTypes = {{
        {"txt", "text", "plain"},
        {"pdf", "application", "pdf"},
        {"doc", "application", "msword"},
        {"xls", "application", "vnd.ms-excel"},
        {"wk4", "application", "vnd.lotus-1-2-3"},
        {"wk1", "application", "vnd.lotus-1-2-3"},
        {"zip", "application", "zip"},
        {"gif", "image", "gif"},
        {"jpg", "image", "jpeg"},
        {"bmp", "image", "bmp"},
        {"pcx", "image", "x-pcx"},
        {"wpd", "application", "vnd.wordperfect"},
    }};
    const auto dot = file_name.rfind('.');
    if (dot != std::string_view::npos) {
        const auto extension = file_name.substr(dot + 1);
        for (const auto& entry : kTypes) {
            if (iequals(extension, entry.extension)) return {entry.type, entry.subtype};
        }
    }
    return {"application", "octet-stream"};
}

void set_content(GMimePart* part, std::string_view bytes) {
    GObjectPtr<GMimeStream> stream(g_mime_stream_mem_new_with_buffer(bytes.data(), bytes.size()));
    GObjectPtr<GMimeDataWrapper> wrapper(
        g_mime_data_wrapper_new_with_stream(stream.get(), GMIME_CONTENT_ENCODING_DEFAULT));
    g_mime_part_set_content(part, wrapper.get());
}

void set_description(GMimePart* part, const std::string& description) {
    if (description.empty()) return;
    g_mime_object_set_header(as<GMimeObject>(part), "Content-Description",
                             header_safe(description).c_str(), "utf-8");
}

// Non-ASCII parameter values go out as RFC 2231 (filename*=utf-8''...), which mail readers
// decode; RFC 2047 words inside parameters are not standard.
void use_rfc2231(GMimeParamList* parameters, const char* name) {
    if (parameters == nullptr) return;
    if (GMimeParam* param = g_mime_param_list_get_parameter(parameters, name)) {
        g_mime_param_set_charset(param, "utf-8");
        g_mime_param_set_encoding_method(param, GMIME_PARAM_ENCODING_METHOD_RFC2231);
    }
}

bool is_attribute_char(unsigned char c) {
    // RFC 2231 / RFC 5987 attr-char: what may stand unescaped in an extended value.
    return g_ascii_isalnum(static_cast<gchar>(c)) != 0 ||
           std::string_view("!#$&+-.^_`|~").find(static_cast<char>(c)) != std::string_view::npos;
}

std::size_t utf8_sequence_length(unsigned char lead) {
    if (lead >= 0xF0) return 4;
    if (lead >= 0xE0) return 3;
    if (lead >= 0xC0) return 2;
    return 1;
}

// One RFC 2231 parameter ("filename*=utf-8''%C3%9Cbersicht.wk4"), cut into continuations
// (filename*0*=..., filename*1*=...) when long. GMime cuts its continuations at fixed byte
// counts, which can split the bytes of one character between two segments; strict readers
// (Python's email package) decode each segment on its own and report that as damage, so the
// segments are cut here between characters only.
std::vector<std::string> rfc2231_parameter(std::string_view name, std::string_view utf8) {
    constexpr std::size_t kMaxSegment = 60;  // encoded characters per continuation line
    std::vector<std::string> segments(1, "utf-8''");
    for (std::size_t i = 0; i < utf8.size();) {
        const std::size_t length =
            std::min(utf8_sequence_length(static_cast<unsigned char>(utf8[i])), utf8.size() - i);
        std::string encoded;
        for (std::size_t k = i; k < i + length; ++k) {
            const auto c = static_cast<unsigned char>(utf8[k]);
            if (is_attribute_char(c)) {
                encoded.push_back(static_cast<char>(c));
            } else {
                constexpr std::string_view kHex = "0123456789ABCDEF";
                encoded += '%';
                encoded += kHex[c >> 4];
                encoded += kHex[c & 0x0F];
            }
        }
        if (segments.back().size() + encoded.size() > kMaxSegment) segments.emplace_back();
        segments.back() += encoded;
        i += length;
    }
    std::vector<std::string> parameters;
    for (std::size_t n = 0; n < segments.size(); ++n) {
        const std::string label = segments.size() == 1
                                      ? std::string(name) + "*="
                                      : std::string(name) + "*" + std::to_string(n) + "*=";
        parameters.push_back(label + segments[n]);
    }
    return parameters;
}

// Replaces the value GMime would write for a Content-Type or Content-Disposition header with
// "<value>;" and one RFC 2231 parameter per continuation line. Used for non-ASCII names only.
void set_rfc2231_header(GMimeObject* object, const char* header, const std::string& value,
                        std::string_view parameter, std::string_view utf8) {
    GMimeHeader* field =
        g_mime_header_list_get_header(g_mime_object_get_header_list(object), header);
    if (field == nullptr) return;
    std::string raw = " " + value;
    for (const auto& line : rfc2231_parameter(parameter, utf8)) raw += ";\r\n\t" + line;
    raw += "\r\n";
    g_mime_header_set_raw_value(field, raw.c_str());
}

bool is_ascii(std::string_view text) {
    return std::all_of(text.begin(), text.end(),
                       [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

// `whole_body`: the part is the message's only body part. Such a body runs to the end of the
// file, and GMime ends it with a line end for 7bit and quoted-printable text but not for base64;
// the text is given a final CR LF here so that it decodes the same whichever encoding is chosen.
GObjectPtr<GMimePart> text_part(const ccm::Item& item, std::size_t number,
                                const ComposeOptions& options, bool whole_body,
                                std::vector<std::string>& warnings,
                                std::vector<std::string>& texts) {
    const DecodedText decoded = decode_to_utf8(item.data, options.code_page);
    if (!decoded.undecodable_offsets.empty()) {
        warnings.push_back(
            "item " + std::to_string(number) + ": " +
            std::to_string(decoded.undecodable_offsets.size()) + " byte sequence(s) not valid in " +
            std::string(code_page_name(options.code_page)) + " were replaced by U+FFFD");
    }
    bool lone_cr = false;
    std::string text = canonical_line_ends(decoded.utf8, lone_cr);
    if (whole_body && !text.empty() && !text.ends_with("\r\n")) text += "\r\n";

    GObjectPtr<GMimePart> part(as<GMimePart>(g_mime_text_part_new_with_subtype("plain")));
    g_mime_text_part_set_charset(as<GMimeTextPart>(part.get()), "utf-8");
    set_content(part.get(), text);
    // 7bit when the text allows it, else quoted-printable or base64, whichever is smaller;
    // quoted-printable always when a lone CR must survive.
    GMimeContentEncoding encoding =
        lone_cr ? GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE
                : g_mime_part_get_best_content_encoding(part.get(), GMIME_ENCODING_CONSTRAINT_7BIT);
    // GMime answers "default" for plain ASCII; say 7bit, so the header states it.
    if (encoding == GMIME_CONTENT_ENCODING_DEFAULT) encoding = GMIME_CONTENT_ENCODING_7BIT;
    g_mime_part_set_content_encoding(part.get(), encoding);
    set_description(part.get(), item.title);
    texts.push_back(text);
    return part;
}

GObjectPtr<GMimePart> attachment_part(std::string_view bytes, const std::string& file_name,
                                      const std::string& description) {
    const auto [type, subtype] = content_type_for(file_name);
    GObjectPtr<GMimePart> part(g_mime_part_new_with_type(type, subtype));
    set_content(part.get(), bytes);
    g_mime_part_set_content_encoding(part.get(), GMIME_CONTENT_ENCODING_BASE64);
    GMimeObject* object = as<GMimeObject>(part.get());
    g_mime_object_set_disposition(object, "attachment");
    g_mime_part_set_filename(part.get(), file_name.c_str());
    use_rfc2231(
        g_mime_content_disposition_get_parameters(g_mime_object_get_content_disposition(object)),
        "filename");
    use_rfc2231(g_mime_content_type_get_parameters(g_mime_object_get_content_type(object)), "name");
    if (!is_ascii(file_name)) {
        set_rfc2231_header(object, "Content-Type", std::string(type) + "/" + subtype, "name",
                           file_name);
        set_rfc2231_header(object, "Content-Disposition", "attachment", "filename", file_name);
    }
    set_description(part.get(), description);
    return part;
}

// The attachment's name as the sender gave it; control characters (never part of a real DOS
// or Windows name) become '_'.
std::string attachment_name(const ccm::Item& item, std::size_t number,
                            std::vector<std::string>& warnings) {
    std::string name = item.file_name.empty() ? item.title : item.file_name;
    if (name.empty()) {
        name = "attachment-" + std::to_string(number) + ".bin";
        warnings.push_back("item " + std::to_string(number) + ": file item without a name, " +
                           "exported as " + name);
        return name;
    }
    for (char& c : name) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u == 0x7F) c = '_';
    }
    return header_safe(name);
}

template <typename T>
GObjectPtr<GMimeObject> as_object(GObjectPtr<T> part) {
    return GObjectPtr<GMimeObject>(as<GMimeObject>(part.release()));
}

ComposedMessage compose(const ccm::Message& source, const ComposeOptions& options, bool nested,
                        unsigned depth, GObjectPtr<GMimeMessage>* keep);

// Forwarded messages (keyword "Forwarded item", post office item kind 5). The Exchange
// connector's generator and ccsalvage's model carry them as the forwarded message in
// Import/Export text (docs/export.md, "Forwarded items"); such bytes are read back with the
// .ccm reader and embedded as message/rfc822. Bytes that do not read as exactly one whole
// message without errors are attached as text, with a warning: nothing is invented.
GObjectPtr<GMimeObject> forwarded_part(const ccm::Item& item, std::size_t number,
                                       const ComposeOptions& options, unsigned depth,
                                       std::vector<std::string>& warnings,
                                       std::vector<std::string>& texts) {
    constexpr unsigned kMaxDepth = 4;  // a forward of a forward of ...: bounded
    EventLog log;
    std::vector<ccm::Message> found;
    if (depth < kMaxDepth) {
        ccm::ReaderOptions reader;
        reader.code_page = options.code_page;
        ccm::read_ccm(item.data, "forwarded item", reader, log, [&found](const ccm::Message& m) {
            if (found.size() < 2) found.push_back(m);
        });
    }
    const bool parsed = found.size() == 1 && found.front().has_contents && !found.front().partial &&
                        log.count(Severity::error) == 0;
    if (parsed) {
        GObjectPtr<GMimeMessage> inner;
        auto composed = compose(found.front(), options, true, depth + 1, &inner);
        for (auto& warning : composed.warnings) {
            warnings.push_back("item " + std::to_string(number) + " (forwarded): " + warning);
        }
        GObjectPtr<GMimeMessagePart> part(
            g_mime_message_part_new_with_message("rfc822", inner.get()));
        GMimeObject* object = as<GMimeObject>(part.get());
        g_mime_object_set_disposition(object, "inline");
        if (!item.title.empty()) {
            g_mime_object_set_header(object, "Content-Description", header_safe(item.title).c_str(),
                                     "utf-8");
        }
        return as_object(std::move(part));
    }
    warnings.push_back("item " + std::to_string(number) +
                       " (forwarded): the bytes are not one readable Import/Export message; "
                       "attached as text");
    ccm::Item as_text = item;
    as_text.kind = ccm::ItemKind::text;
    return as_object(text_part(as_text, number, options, false, warnings, texts));
}

GObjectPtr<GMimeObject> item_part(const ccm::Item& item, std::size_t number,
                                  const ComposeOptions& options, bool whole_body, unsigned depth,
                                  std::vector<std::string>& warnings,
                                  std::vector<std::string>& texts) {
    if (item.truncated) {
        warnings.push_back("item " + std::to_string(number) + " (" + item.keyword +
                           "): the file ended inside its data; " +
                           std::to_string(item.data.size()) + " byte(s) exported");
    }
    switch (item.kind) {
        case ccm::ItemKind::text:
            return as_object(text_part(item, number, options, whole_body, warnings, texts));
        case ccm::ItemKind::file:
            return as_object(
                attachment_part(item.data, attachment_name(item, number, warnings), item.title));
        case ccm::ItemKind::other:
        case ccm::ItemKind::unclaimed:
            break;
    }
    if (iequals(item.keyword, "Forwarded item")) {
        return forwarded_part(item, number, options, depth, warnings, texts);
    }
    const std::string keyword = item.keyword.empty() ? std::string("item") : item.keyword;
    std::string description = keyword;
    if (!item.title.empty()) description += ": " + item.title;
    warnings.push_back("item " + std::to_string(number) + ": undocumented item kind \"" + keyword +
                       "\" exported as an opaque attachment");
    return as_object(attachment_part(item.data, header_safe(keyword) + ".bin", description));
}

// A boundary that depends only on the message, so that composing twice gives the same bytes.
// Base64 and quoted-printable output cannot contain it; the text parts are checked in case
// one went out as 7bit.
std::string boundary_for(const std::string& message_id, const std::vector<std::string>& texts) {
    const std::string base = "=-ccsalvage-" + message_id.substr(0, 24);
    for (int attempt = 0;; ++attempt) {
        const std::string boundary = attempt == 0 ? base : base + "-" + std::to_string(attempt);
        const bool clash = std::any_of(texts.begin(), texts.end(), [&](const std::string& text) {
            return text.find(boundary) != std::string::npos;
        });
        if (!clash) return boundary;
    }
}

std::string serialise(GMimeMessage* msg) {
    std::unique_ptr<GMimeFormatOptions, FormatOptionsFree> format(g_mime_format_options_new());
    g_mime_format_options_set_newline_format(format.get(), GMIME_NEWLINE_FORMAT_DOS);
    g_mime_format_options_set_param_encoding_method(format.get(),
                                                    GMIME_PARAM_ENCODING_METHOD_RFC2231);
    GObjectPtr<GMimeStream> stream(g_mime_stream_mem_new());
    g_mime_object_write_to_stream(as<GMimeObject>(msg), format.get(), stream.get());
    const GByteArray* bytes = g_mime_stream_mem_get_byte_array(as<GMimeStreamMem>(stream.get()));
    std::string out;
    if (bytes != nullptr && bytes->len > 0) {
        out.assign(reinterpret_cast<const char*>(bytes->data), bytes->len);
    }
    // GMime ends a multipart with its close-delimiter and no line end; end every file with one.
    if (!out.ends_with("\r\n")) out += "\r\n";
    return out;
}

// Builds the message; serialises it unless `keep` is given, which then receives the GMime
// object (to be embedded in another message).
ComposedMessage compose(const ccm::Message& source, const ComposeOptions& options, bool nested,
                        unsigned depth, GObjectPtr<GMimeMessage>* keep) {
    ComposedMessage result;
    result.message_id =
        !nested && !options.message_id.empty() ? options.message_id : synthetic_message_id(source);
    GObjectPtr<GMimeMessage> message(g_mime_message_new(FALSE));
    GMimeMessage* msg = message.get();
    write_headers(msg, source, options, result.message_id, !nested, result.warnings);
    if (!source.has_contents) result.warnings.push_back("the message has no Contents: section");

    // Body parts: every item but the unclaimed bytes, which are damage and only counted. One
    // text item and nothing else (or no item at all) makes a single-part text/plain body.
    std::size_t exported_items = 0;
    bool only_text = true;
    std::uint64_t unclaimed_bytes = 0;
    for (const auto& item : source.items) {
        if (item.kind == ccm::ItemKind::unclaimed) {
            unclaimed_bytes += item.data.size();
        } else {
            ++exported_items;
            only_text = only_text && item.kind == ccm::ItemKind::text;
        }
    }
    const bool single_part = exported_items <= 1 && only_text;

    std::vector<GObjectPtr<GMimeObject>> parts;
    std::vector<std::string> texts;  // text part contents, for the boundary check
    for (std::size_t i = 0; i < source.items.size(); ++i) {
        const ccm::Item& item = source.items[i];
        if (item.kind == ccm::ItemKind::unclaimed) continue;
        parts.push_back(
            item_part(item, i + 1, options, single_part, depth, result.warnings, texts));
    }
    if (unclaimed_bytes > 0) {
        g_mime_object_append_header(as<GMimeObject>(msg), "X-CCSalvage-Unclaimed-Bytes",
                                    std::to_string(unclaimed_bytes).c_str(), nullptr);
        result.warnings.push_back(std::to_string(unclaimed_bytes) +
                                  " byte(s) inside Contents: belong to no item; not exported");
    }

    if (single_part) {
        if (parts.empty()) {
            const ccm::Item empty;
            parts.push_back(as_object(text_part(empty, 0, options, true, result.warnings, texts)));
        }
        g_mime_message_set_mime_part(msg, parts.front().get());
    } else {
        GObjectPtr<GMimeMultipart> mixed(g_mime_multipart_new_with_subtype("mixed"));
        g_mime_multipart_set_boundary(mixed.get(), boundary_for(result.message_id, texts).c_str());
        for (const auto& part : parts) g_mime_multipart_add(mixed.get(), part.get());
        g_mime_message_set_mime_part(msg, as<GMimeObject>(mixed.get()));
    }
    if (keep != nullptr) {
        *keep = std::move(message);
    } else {
        result.bytes = serialise(msg);
    }
    return result;
}

}  // namespace

std::string synthetic_message_id(const ccm::Message& message) {
    Sha256 hash;
    const auto field = [&hash](std::string_view label, std::string_view value) {
        hash.update(label);
        hash.update("\x1f");
        hash.update(collapse_blanks(value));
        hash.update("\x1e");
    };
    field("from", raw_addresses(message, message.from, "From"));
    field("date", raw_date(message));
    field("to", raw_addresses(message, message.to, "To"));
    field("cc", raw_addresses(message, message.cc, "Cc"));
    field("subject", subject_of(message));
    for (const auto& item : message.items) {
        if (item.kind == ccm::ItemKind::unclaimed) continue;  // damage, not content
        field("item", item_sha256(item));
    }
    return hash.hex_digest().substr(0, 32) + "@ccsalvage.invalid";
}

std::string message_id_for_identity(std::string_view identity_hex) {
    return std::string(identity_hex.substr(0, 32)) + "@ccsalvage.invalid";
}

ComposedMessage compose_eml(const ccm::Message& source, const ComposeOptions& options) {
    ensure_gmime_initialized();
    return compose(source, options, false, 0, nullptr);
}

}  // namespace ccsalvage::mime
