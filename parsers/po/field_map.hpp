#pragma once
// What a decoder learned about where things are in a payload, so that checks which apply to
// every structure (plain text in scrambled fields, non-zero padding and reserved bytes, dates,
// code-page decoding) are written once in the reader instead of in each decoder.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "parsers/po/dos_time.hpp"

namespace ccsalvage::po {

enum class SpanKind {
    text,     // scrambled text bytes (section 4.8 rule 1)
    nonzero,  // padding or reserved bytes that must be 00 and are not (PO-013)
    exempt,   // bytes that may honestly be printable and so end a plain-text run (4.8):
              // allocation states 09/0A; date and time words are exempt too (see dates)
};

struct FieldSpan {
    SpanKind kind;
    std::uint32_t offset;  // payload offset
    std::uint32_t length;
    std::string_view name;  // the field, for event details
};

struct DateField {
    std::uint32_t offset;  // payload offset of the dosdate word
    DosDateTime value;
    std::string_view name;
};

struct TextValue {
    std::uint32_t offset;  // payload offset of the first text byte
    std::string_view name;
    std::string text;  // unscrambled, to be checked against the code page
};

// Where a payload stopped parsing (PO-016), with the reason.
struct Malformed {
    std::uint32_t offset = 0;
    std::string what;
    bool ran_out = false;  // the payload ended before the fields did (a truncation)
};

struct FieldMap {
    std::vector<FieldSpan> spans;
    std::vector<DateField> dates;
    std::vector<TextValue> texts;
    std::optional<Malformed> malformed;
    // A count the reader will not follow to the end (section 11, PO-049): what was read is kept.
    std::optional<Malformed> bound;
    // Payload offsets of the entries of a repeated table, for events about one entry: the item
    // table entries of a message header.
    std::vector<std::uint32_t> entry_offsets;

    void text(std::uint32_t offset, std::string_view name, std::string_view value) {
        if (!value.empty()) {
            spans.push_back(
                {SpanKind::text, offset, static_cast<std::uint32_t>(value.size()), name});
        }
        texts.push_back({offset, name, std::string(value)});
    }
    void nonzero(std::uint32_t offset, std::uint32_t length, std::string_view name) {
        spans.push_back({SpanKind::nonzero, offset, length, name});
    }
    void date(std::uint32_t offset, DosDateTime value, std::string_view name) {
        dates.push_back({offset, value, name});
    }
    // Keeps the first problem only: what follows a malformed field is not trustworthy.
    void malformed_at(std::uint32_t offset, std::string what, bool ran_out = false) {
        if (!malformed) malformed = Malformed{offset, std::move(what), ran_out};
    }
    void bound_at(std::uint32_t offset, std::string what) {
        if (!bound) bound = Malformed{offset, std::move(what), false};
    }
};

}  // namespace ccsalvage::po
