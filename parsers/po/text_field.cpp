#include "parsers/po/text_field.hpp"

#include <stdexcept>

#include "parsers/po/scramble.hpp"

namespace ccsalvage::po {

bool read_text16(LeReader& payload, std::uint32_t seed, Text16& field) {
    field = Text16{};
    const std::uint16_t length = payload.u16();
    if (!payload.ok()) return false;
    field.stored = length;
    field.offset = static_cast<std::uint32_t>(payload.position());
    std::size_t take = length;
    if (payload.remaining() < take) {
        take = payload.remaining();
        field.cut = true;
    }
    field.text = scramble(payload.take(take), seed, field.offset);
    return !field.cut;
}

void append_text16(std::string& payload, std::string_view text, std::uint32_t seed) {
    if (text.size() > 0xFFFF) throw std::length_error("po writer: text16 longer than 65535 bytes");
    append_u16(payload, static_cast<std::uint16_t>(text.size()));
    payload += scramble(text, seed, static_cast<std::uint32_t>(payload.size()));
}

Slot decode_slot(std::string_view slot, std::uint32_t seed, std::uint32_t position) {
    Slot out;
    if (slot.empty()) {
        out.length_invalid = true;
        return out;
    }
    std::size_t n = byte_at(slot, 0);
    if (n > slot.size() - 1) {
        out.length_invalid = true;
        n = slot.size() - 1;
    }
    out.text = scramble(slot.substr(1, n), seed, position + 1);
    for (std::size_t i = 1 + n; i < slot.size(); ++i) {
        if (slot[i] != '\0') {
            out.padding_fault = i;
            break;
        }
    }
    return out;
}

void put_slot(std::string& out, std::size_t offset, std::size_t size, std::string_view text,
              std::uint32_t seed, std::uint32_t position) {
    if (size == 0 || text.size() > size - 1 || text.size() > 0xFF) {
        throw std::length_error("po writer: text does not fit its slot");
    }
    put_u8(out, offset, static_cast<std::uint8_t>(text.size()));
    put_bytes(out, offset + 1, scramble(text, seed, position + 1));
    put_bytes(out, offset + 1 + text.size(), std::string(size - 1 - text.size(), '\0'));
}

std::string fold_name(std::string_view name) {
    std::string out(name);
    for (char& c : out) {
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    }
    return out;
}

}  // namespace ccsalvage::po
