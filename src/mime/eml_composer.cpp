#include "mime/eml_composer.hpp"

#include <gmime/gmime.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/blanks.hpp"
#include "core/sha256.hpp"
#include "mime/body_parts.hpp"
#include "mime/content_parameters.hpp"
#include "mime/gmime_support.hpp"
#include "mime/header_encoding.hpp"
#include "mime/header_text.hpp"
#include "mime/header_writer.hpp"
#include "mime/mailbox_cache.hpp"
#include "parsers/ccm/reader.hpp"

namespace ccsalvage::mime {

namespace {

std::string item_sha256(const ccm::Item& item) {
    return item.sha256.empty() ? sha256_hex(item.data) : item.sha256;
}

ComposedMessage compose(const ccm::Message& source, const ComposeOptions& options, bool nested,
                        unsigned depth);

// Forwarded messages (keyword "Forwarded item", post office item kind 5). The Exchange
// connector's generator and ccsalvage's model carry them as the forwarded message in
// Import/Export text (docs/export.md, "Forwarded items"); such bytes are read back with the
// .ccm reader and embedded as message/rfc822. Bytes that do not read as exactly one whole
// message without errors are attached as text, with a warning: nothing is invented.
BodyPart forwarded_part(const ccm::Item& item, std::size_t number, const ComposeOptions& options,
                        unsigned depth, std::vector<std::string>& warnings) {
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
        ComposedMessage inner = compose(found.front(), options, true, depth + 1);
        for (auto& warning : inner.warnings) {
            warnings.push_back("item " + std::to_string(number) + " (forwarded): " + warning);
        }
        return message_part(std::move(inner.bytes), item.title);
    }
    warnings.push_back("item " + std::to_string(number) +
                       " (forwarded): the bytes are not one readable Import/Export message; "
                       "attached as text");
    ccm::Item as_text = item;
    as_text.kind = ccm::ItemKind::text;
    return text_part(as_text, number, options, false, warnings);
}

BodyPart item_part(const ccm::Item& item, std::size_t number, const ComposeOptions& options,
                   bool whole_body, unsigned depth, std::vector<std::string>& warnings) {
    if (item.truncated) {
        warnings.push_back("item " + std::to_string(number) + " (" + item.keyword +
                           "): the file ended inside its data; " +
                           std::to_string(item.data.size()) + " byte(s) exported");
    }
    switch (item.kind) {
        case ccm::ItemKind::text:
            return text_part(item, number, options, whole_body, warnings);
        case ccm::ItemKind::file:
            return attachment_part(item.data, attachment_name(item, number, warnings), item.title);
        case ccm::ItemKind::other:
        case ccm::ItemKind::unclaimed:
            break;
    }
    if (iequals(item.keyword, "Forwarded item")) {
        return forwarded_part(item, number, options, depth, warnings);
    }
    const std::string keyword = item.keyword.empty() ? std::string("item") : item.keyword;
    std::string description = keyword;
    if (!item.title.empty()) description += ": " + item.title;
    warnings.push_back("item " + std::to_string(number) + ": undocumented item kind \"" + keyword +
                       "\" exported as an opaque attachment");
    return attachment_part(item.data, header_safe(keyword) + ".bin", std::move(description));
}

// A boundary that depends only on the message, so that composing twice gives the same bytes.
// Base64 and quoted-printable output cannot contain it; the parts that go out as they are
// (7bit text, embedded messages) are checked.
std::string boundary_for(const std::string& message_id, const std::vector<BodyPart>& parts) {
    const std::string base = "=-ccsalvage-" + message_id.substr(0, 24);
    for (int attempt = 0;; ++attempt) {
        const std::string boundary = attempt == 0 ? base : base + "-" + std::to_string(attempt);
        const bool clash = std::any_of(parts.begin(), parts.end(), [&](const BodyPart& part) {
            return part.kind != BodyPart::Kind::attachment &&
                   part.content.find(boundary) != std::string::npos;
        });
        if (!clash) return boundary;
    }
}

// Appends the message (headers, then body) to result.bytes.
ComposedMessage compose(const ccm::Message& source, const ComposeOptions& options, bool nested,
                        unsigned depth) {
    ComposedMessage result;
    result.message_id =
        !nested && !options.message_id.empty() ? options.message_id : synthetic_message_id(source);
    std::string& out = result.bytes;
    // Reserved once for the usual case (text in quoted-printable or base64, attachments in
    // base64); a part that needs more only makes the string grow.
    std::size_t expected_size = 4096;
    for (const auto& item : source.items) expected_size += item.data.size() * 3 / 2 + 512;
    out.reserve(expected_size);
    write_headers(out, source, options, result.message_id, !nested, result.warnings);
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
    if (unclaimed_bytes > 0) {
        append_plain_header(out, "X-CCSalvage-Unclaimed-Bytes", std::to_string(unclaimed_bytes));
    }

    std::vector<BodyPart> parts;
    parts.reserve(exported_items);
    for (std::size_t i = 0; i < source.items.size(); ++i) {
        const ccm::Item& item = source.items[i];
        if (item.kind == ccm::ItemKind::unclaimed) continue;
        parts.push_back(item_part(item, i + 1, options, single_part, depth, result.warnings));
    }
    if (unclaimed_bytes > 0) {
        result.warnings.push_back(std::to_string(unclaimed_bytes) +
                                  " byte(s) inside Contents: belong to no item; not exported");
    }
    if (single_part && parts.empty()) {
        const ccm::Item empty;
        parts.push_back(text_part(empty, 0, options, true, result.warnings));
    }

    append_plain_header(out, "MIME-Version", "1.0");
    if (single_part) {
        write_part(out, parts.front());
    } else {
        // The layout GMime writes: each part after "--boundary", a line end before the next
        // delimiter, the close-delimiter last.
        const std::string boundary = boundary_for(result.message_id, parts);
        append_content_header(out, "Content-Type", "multipart/mixed", {{"boundary", boundary}});
        out += "\r\n";
        for (const auto& part : parts) {
            out += "--";
            out += boundary;
            out += "\r\n";
            write_part(out, part);
            out += "\r\n";
        }
        out += "--";
        out += boundary;
        out += "--";
    }
    // Every message ends with a line end, an embedded one too (GMime's layout: a multipart's
    // close-delimiter, then CR LF, then the outer delimiter's own CR LF).
    if (!out.ends_with("\r\n")) out += "\r\n";
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
    forget_mailboxes_if_full();
    return compose(source, options, false, 0);
}

}  // namespace ccsalvage::mime
