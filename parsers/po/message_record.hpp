#pragma once
// CLANDATA message structures (docs/formats/post-office.md, sections 6.5-6.6): the message
// header record H with its recipient list and item table, and the message index record I.
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/scratch_array.hpp"
#include "parsers/po/field_map.hpp"
#include "parsers/po/structures.hpp"

namespace ccsalvage::po {

// `payload` is the whole record payload; `seed` its head block. Counts beyond the reader bounds
// (255 items) are read up to the bound and reported in `map.bound`.
MessageHeader decode_message_header(std::string_view payload, std::uint32_t seed, FieldMap& map);
// Writes item_count and recipient_count from the vectors.
std::string encode_message_header(const MessageHeader& header, std::uint32_t seed);

MessageIndex decode_message_index(std::string_view payload, FieldMap& map);

// The message index decoded as its chain is followed (follow_chain's PayloadSink): its entries
// go straight into an array, in the scratch space when one is given, and its payload is never
// held whole (the payload and a vector of its entries were 8 bytes a message each on the heap,
// 4 MiB between them at 250,000 messages). decode_message_index() is this decoder over a whole
// payload, so both report the same problems at the same offsets.
class MessageIndexDecoder {
  public:
    struct Counts {
        std::uint32_t entry_count = 0;  // as stored
        std::uint32_t highest_number = 0;
    };

    // Keeps at most `most_entries` entries (the caller's bound, the number a payload of its file
    // could hold: no chain is longer than its file), in `space` when not nullptr.
    MessageIndexDecoder(std::size_t most_entries, ScratchSpace* space)
        : most_entries_(most_entries), space_(space) {}
    void feed(std::string_view part);
    // After the last piece: the counts as stored, with the problems in `map`.
    Counts finish(FieldMap& map) const;
    // The entries read (at most entry_count of them), in payload order.
    ScratchArray<MessageIndexEntry>& entries() { return entries_; }

  private:
    void take_header();
    std::size_t most_entries_ = 0;
    ScratchSpace* space_ = nullptr;
    ScratchArray<MessageIndexEntry> entries_;
    std::array<char, 8> pending_{};  // a header or entry that straddles two blocks
    std::size_t pending_size_ = 0;
    std::uint64_t payload_bytes_ = 0;
    std::uint64_t entries_read_ = 0;  // kept or not
    Counts counts_;
    bool header_read_ = false;
};
// Writes entry_count from the vector and highest_number as stored in `index`.
std::string encode_message_index(const MessageIndex& index);

// Payload offset of entry i of a message index or of a directory index (for events).
std::uint32_t message_index_entry_offset(std::size_t i);
std::uint32_t directory_index_entry_offset(std::size_t i);

}  // namespace ccsalvage::po
