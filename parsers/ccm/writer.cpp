#include "parsers/ccm/writer.hpp"

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ccsalvage::ccm {

namespace {

constexpr std::string_view kCrLf = "\r\n";

// Builds the byte text of one message, counting the characters the target code page lacks.
class MessageBuilder {
  public:
    explicit MessageBuilder(const WriterOptions& options) : options_(options) {}

    // UTF-8 model text in the target code page.
    std::string encode(std::string_view utf8) {
        EncodedText encoded = encode_from_utf8(utf8, options_.code_page);
        unmappable_ += encoded.unmappable_offsets.size();
        return std::move(encoded.bytes);
    }

    // "Keyword: value", or "Keyword:" with no trailing blank when the value is empty.
    std::string keyword_line(std::string_view keyword, std::string_view value) {
        std::string line = encode(keyword);
        line += ':';
        if (!value.empty()) {
            line += ' ';
            line += encode(value);
        }
        line += kCrLf;
        return line;
    }

    // Text item bytes are in the code page they were read in; file bytes are never touched.
    std::string item_data(const Item& item) {
        if (item.kind != ItemKind::text || options_.source_code_page == options_.code_page) {
            return std::string(item.data);
        }
        // Bytes the source page cannot decode become U+FFFD, which no target page holds: they
        // are written as the substitution character and counted as unmappable.
        const DecodedText decoded = decode_to_utf8(item.data, options_.source_code_page);
        return encode(decoded.utf8);
    }

    std::uint64_t unmappable() const { return unmappable_; }

  private:
    const WriterOptions& options_;
    std::uint64_t unmappable_ = 0;
};

std::string join_raw(const std::vector<Address>& addresses) {
    std::string joined;
    for (const auto& address : addresses) {
        if (!joined.empty()) joined += ", ";
        joined += address.raw;
    }
    return joined;
}

// The header lines as written: the recorded ones when the reader kept them, otherwise made up
// from the structured fields in the order Export writes them.
std::vector<HeaderField> header_fields(const Message& message) {
    if (!message.headers.empty()) return message.headers;
    std::vector<HeaderField> fields;
    const auto add = [&fields](std::string keyword, std::string value) {
        HeaderField field;
        field.keyword = std::move(keyword);
        field.value = std::move(value);
        fields.push_back(std::move(field));
    };
    add("From", join_raw(message.from));
    if (message.date) add("Date", message.date->raw);
    add("To", join_raw(message.to));
    if (!message.cc.empty()) add("Cc", join_raw(message.cc));
    if (!message.bcc.empty()) add("Bcc", join_raw(message.bcc));
    add("Subject", message.subject);
    if (message.receipt_requested) add("RRT", "");
    return fields;
}

std::string_view default_keyword(ItemKind kind) {
    switch (kind) {
        case ItemKind::text:
            return "Text item";
        case ItemKind::file:
            return "File item";
        case ItemKind::other:
        case ItemKind::unclaimed:
            break;
    }
    return "Unknown item";
}

// The rest of an item's keyword line: the title, or for a file item without a recorded line,
// the name and the sender's stamp.
std::string item_title(const Item& item) {
    if (!item.title.empty() || item.kind != ItemKind::file) return item.title;
    std::string title = item.file_name;
    if (!item.file_stamp.empty()) {
        if (!title.empty()) title += ' ';
        title += item.file_stamp;
    }
    return title;
}

void append_size(std::string& out, std::uint64_t size) {
    out += std::to_string(size);
    out += kCrLf;
}

}  // namespace

WriteResult write_ccm_message(const Message& message, const WriterOptions& options) {
    MessageBuilder builder(options);
    const bool sized = options.item_sizes;

    // Contents: everything after the Contents: size line. Unclaimed items are damage found
    // between items; they are not written back.
    //
    // Without sizes (the unsized form) an item ends only where the next keyword line starts, so
    // binary file data cannot be delimited: a reader may take bytes inside it for a keyword.
    // Callers must keep item_sizes on whenever a message holds file items.
    std::string contents;
    for (const auto& item : message.items) {
        if (item.kind == ItemKind::unclaimed) continue;
        const std::string keyword =
            item.keyword.empty() ? std::string(default_keyword(item.kind)) : item.keyword;
        contents += builder.keyword_line(keyword, item_title(item));
        const std::string data = builder.item_data(item);
        if (sized) append_size(contents, data.size());  // the data only, not the CR LF after it
        contents += data;
        contents += kCrLf;
    }

    // Message: everything after the Message: size line, Contents: line and its size included.
    std::string body;
    for (const auto& field : header_fields(message)) {
        body += builder.keyword_line(field.keyword, field.value);
    }
    body += "Contents:";
    body += kCrLf;
    if (sized) append_size(body, contents.size());
    body += contents;

    WriteResult result;
    result.bytes = "Message:";
    result.bytes += kCrLf;
    if (sized) append_size(result.bytes, body.size());
    result.bytes += body;
    result.unmappable_characters = builder.unmappable();
    return result;
}

}  // namespace ccsalvage::ccm
