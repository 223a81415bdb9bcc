#include "parsers/po/bytes.hpp"

#include <stdexcept>

namespace ccsalvage::po {

std::optional<std::uint8_t> get_u8(std::string_view bytes, std::size_t offset) {
    if (offset >= bytes.size()) return std::nullopt;
    return byte_at(bytes, offset);
}

std::optional<std::uint16_t> get_u16(std::string_view bytes, std::size_t offset) {
    if (offset > bytes.size() || bytes.size() - offset < 2) return std::nullopt;
    return static_cast<std::uint16_t>(byte_at(bytes, offset) | byte_at(bytes, offset + 1) << 8);
}

std::optional<std::uint32_t> get_u32(std::string_view bytes, std::size_t offset) {
    if (offset > bytes.size() || bytes.size() - offset < 4) return std::nullopt;
    return static_cast<std::uint32_t>(byte_at(bytes, offset)) |
           static_cast<std::uint32_t>(byte_at(bytes, offset + 1)) << 8 |
           static_cast<std::uint32_t>(byte_at(bytes, offset + 2)) << 16 |
           static_cast<std::uint32_t>(byte_at(bytes, offset + 3)) << 24;
}

bool LeReader::need(std::size_t n) {
    if (!ok_) return false;
    if (position_ > bytes_.size() || bytes_.size() - position_ < n) {
        ok_ = false;
        failed_at_ = position_;
        return false;
    }
    return true;
}

std::uint8_t LeReader::u8() {
    if (!need(1)) return 0;
    return byte_at(bytes_, position_++);
}

std::uint16_t LeReader::u16() {
    if (!need(2)) return 0;
    const auto value = *get_u16(bytes_, position_);
    position_ += 2;
    return value;
}

std::uint32_t LeReader::u32() {
    if (!need(4)) return 0;
    const auto value = *get_u32(bytes_, position_);
    position_ += 4;
    return value;
}

std::string_view LeReader::take(std::size_t n) {
    if (!need(n)) return {};
    const auto view = bytes_.substr(position_, n);
    position_ += n;
    return view;
}

namespace {
void check_fits(const std::string& out, std::size_t offset, std::size_t n) {
    if (offset > out.size() || out.size() - offset < n) {
        throw std::out_of_range("po writer: field outside its buffer");
    }
}
}  // namespace

void put_u8(std::string& out, std::size_t offset, std::uint8_t value) {
    check_fits(out, offset, 1);
    out[offset] = static_cast<char>(value);
}

void put_u16(std::string& out, std::size_t offset, std::uint16_t value) {
    check_fits(out, offset, 2);
    out[offset] = static_cast<char>(value & 0xFFu);
    out[offset + 1] = static_cast<char>(value >> 8);
}

void put_u32(std::string& out, std::size_t offset, std::uint32_t value) {
    check_fits(out, offset, 4);
    for (std::size_t i = 0; i < 4; ++i)
        out[offset + i] = static_cast<char>((value >> (8 * i)) & 0xFFu);
}

void put_bytes(std::string& out, std::size_t offset, std::string_view bytes) {
    check_fits(out, offset, bytes.size());
    out.replace(offset, bytes.size(), bytes);
}

void append_u8(std::string& out, std::uint8_t value) { out.push_back(static_cast<char>(value)); }

void append_u16(std::string& out, std::uint16_t value) {
    out.push_back(static_cast<char>(value & 0xFFu));
    out.push_back(static_cast<char>(value >> 8));
}

void append_u32(std::string& out, std::uint32_t value) {
    for (std::size_t i = 0; i < 4; ++i)
        out.push_back(static_cast<char>((value >> (8 * i)) & 0xFFu));
}

}  // namespace ccsalvage::po
