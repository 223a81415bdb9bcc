#include "mime/body_parts.hpp"

#include <array>

#include "core/codepage.hpp"
#include "mime/content_parameters.hpp"
#include "mime/header_encoding.hpp"
#include "mime/header_text.hpp"

namespace ccsalvage::mime {

namespace {

// A few extensions seen on cc:Mail attachments; everything else is application/octet-stream.
std::string_view content_type_for(std::string_view file_name) {
    struct Entry {
        std::string_view extension;
        std::string_view type;
    };
    static constexpr std::array<Entry, 12> kTypes = {{
        {"txt", "text/plain"},
        {"pdf", "application/pdf"},
        {"doc", "application/msword"},
        {"xls", "application/vnd.ms-excel"},
        {"wk4", "application/vnd.lotus-1-2-3"},
        {"wk1", "application/vnd.lotus-1-2-3"},
        {"zip", "application/zip"},
        {"gif", "image/gif"},
        {"jpg", "image/jpeg"},
        {"bmp", "image/bmp"},
        {"pcx", "image/x-pcx"},
        {"wpd", "application/vnd.wordperfect"},
    }};
    const auto dot = file_name.rfind('.');
    if (dot != std::string_view::npos) {
        const auto extension = file_name.substr(dot + 1);
        for (const auto& entry : kTypes) {
            if (iequals(extension, entry.extension)) return entry.type;
        }
    }
    return "application/octet-stream";
}

}  // namespace

BodyPart text_part(const ccm::Item& item, std::size_t number, const ComposeOptions& options,
                   bool whole_body, std::vector<std::string>& warnings) {
    bool lone_cr = false;
    BodyPart part;
    part.kind = BodyPart::Kind::text;
    const DecodedText decoded = decode_to_utf8(item.data, options.code_page);
    if (!decoded.undecodable_offsets.empty()) {
        warnings.push_back(
            "item " + std::to_string(number) + ": " +
            std::to_string(decoded.undecodable_offsets.size()) + " byte sequence(s) not valid in " +
            std::string(code_page_name(options.code_page)) + " were replaced by U+FFFD");
    }
    part.content = canonical_line_ends(decoded.utf8, lone_cr);
    if (whole_body && !part.content.empty() && !part.content.ends_with("\r\n")) {
        part.content += "\r\n";
    }
    part.encoding = best_text_encoding(part.content, lone_cr);
    if (!item.title.empty()) part.description = header_safe(item.title);
    return part;
}

BodyPart attachment_part(std::string_view bytes, std::string file_name, std::string description) {
    BodyPart part;
    part.kind = BodyPart::Kind::attachment;
    part.data = bytes;
    part.encoding = TransferEncoding::base64;
    part.mime_type = content_type_for(file_name);
    part.file_name = std::move(file_name);
    part.description = std::move(description);
    return part;
}

BodyPart message_part(std::string composed, std::string description) {
    BodyPart part;
    part.kind = BodyPart::Kind::message;
    part.content = std::move(composed);
    part.description = std::move(description);
    return part;
}

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

void write_part(std::string& out, const BodyPart& part) {
    switch (part.kind) {
        case BodyPart::Kind::text:
            append_content_header(out, "Content-Type", "text/plain", {{"charset", "utf-8"}});
            append_plain_header(out, "Content-Transfer-Encoding",
                                transfer_encoding_name(part.encoding));
            break;
        case BodyPart::Kind::attachment:
            append_content_header(out, "Content-Type", part.mime_type, {{"name", part.file_name}});
            append_plain_header(out, "Content-Transfer-Encoding",
                                transfer_encoding_name(part.encoding));
            append_content_header(out, "Content-Disposition", "attachment",
                                  {{"filename", part.file_name}});
            break;
        case BodyPart::Kind::message:
            append_plain_header(out, "Content-Type", "message/rfc822");
            append_plain_header(out, "Content-Disposition", "inline");
            break;
    }
    if (!part.description.empty()) {
        append_unstructured_header(out, "Content-Description", part.description);
    }
    out += "\r\n";
    switch (part.kind) {
        case BodyPart::Kind::text:
            append_encoded(out, part.content, part.encoding);
            break;
        case BodyPart::Kind::attachment:
            append_encoded(out, part.data, part.encoding);
            break;
        case BodyPart::Kind::message:
            out += part.content;
            break;
    }
}

}  // namespace ccsalvage::mime
