#pragma once
// Bounds-checked little-endian access to evidence bytes (docs/formats/post-office.md, section 2).
// Every integer of the post office model is little-endian and decoded byte by byte; nothing
// casts a struct onto a buffer, so alignment, padding and host byte order never matter.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ccsalvage::po {

// Single reads: std::nullopt when the field does not fit in `bytes`.
std::optional<std::uint8_t> get_u8(std::string_view bytes, std::size_t offset);
std::optional<std::uint16_t> get_u16(std::string_view bytes, std::size_t offset);
std::optional<std::uint32_t> get_u32(std::string_view bytes, std::size_t offset);

// A cursor for parsing a record field after field. A read past the end latches the reader into
// the failed state and returns 0 (or an empty view), so a parser can read a run of fields and
// check ok() once; the offset where the first failed read started is kept for the event.
class LeReader {
  public:
    explicit LeReader(std::string_view bytes, std::size_t position = 0)
        : bytes_(bytes), position_(position) {}

    std::uint8_t u8();
    std::uint16_t u16();
    std::uint32_t u32();
    // The next n bytes; an empty view (and the failed state) when fewer remain.
    std::string_view take(std::size_t n);
    void skip(std::size_t n) { take(n); }

    bool ok() const { return ok_; }
    std::size_t position() const { return position_; }
    std::size_t remaining() const {
        return position_ < bytes_.size() ? bytes_.size() - position_ : 0;
    }
    // Where the first read that did not fit started (meaningful when !ok()).
    std::size_t failed_at() const { return failed_at_; }

  private:
    bool need(std::size_t n);
    std::string_view bytes_;
    std::size_t position_;
    bool ok_ = true;
    std::size_t failed_at_ = 0;
};

// Writers for the encoder side. put_* overwrite bytes of a buffer the caller sized; a write that
// does not fit is a bug in the writer, not damage, and throws std::out_of_range.
void put_u8(std::string& out, std::size_t offset, std::uint8_t value);
void put_u16(std::string& out, std::size_t offset, std::uint16_t value);
void put_u32(std::string& out, std::size_t offset, std::uint32_t value);
void put_bytes(std::string& out, std::size_t offset, std::string_view bytes);
void append_u8(std::string& out, std::uint8_t value);
void append_u16(std::string& out, std::uint16_t value);
void append_u32(std::string& out, std::uint32_t value);

// Byte value of a char without sign extension.
inline std::uint8_t byte_at(std::string_view bytes, std::size_t offset) {
    return static_cast<std::uint8_t>(bytes[offset]);
}

}  // namespace ccsalvage::po
