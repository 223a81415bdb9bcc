#pragma once
// CLANDATA message structures (docs/formats/post-office.md, sections 6.5-6.6): the message
// header record H with its recipient list and item table, and the message index record I.
#include <cstdint>
#include <string>
#include <string_view>

#include "parsers/po/field_map.hpp"
#include "parsers/po/structures.hpp"

namespace ccsalvage::po {

// `payload` is the whole record payload; `seed` its head block. Counts beyond the reader bounds
// (255 items) are read up to the bound and reported in `map.bound`.
MessageHeader decode_message_header(std::string_view payload, std::uint32_t seed, FieldMap& map);
// Writes item_count and recipient_count from the vectors.
std::string encode_message_header(const MessageHeader& header, std::uint32_t seed);

MessageIndex decode_message_index(std::string_view payload, FieldMap& map);
// Writes entry_count from the vector and highest_number as stored in `index`.
std::string encode_message_index(const MessageIndex& index);

// Payload offset of entry i of a message index or of a directory index (for events).
std::uint32_t message_index_entry_offset(std::size_t i);
std::uint32_t directory_index_entry_offset(std::size_t i);

}  // namespace ccsalvage::po
