#pragma once
// Internal to the reader and load_message(): a message record made compact once the reader
// has checked it (MessageDetail::compact), and its header decoded again from its blocks.
#include <cstdint>
#include <string_view>

#include "parsers/po/chain.hpp"
#include "parsers/po/model.hpp"

namespace ccsalvage::po::detail {

// Drops the header's sender, subject, recipients and item table and the items' extent_blocks,
// releasing their memory; the fixed fields, place, provenance and item states stay.
void make_compact(MessageRecord& record);

// The header of `record` decoded again from `file` (the bytes of record.file, with its block
// size): the same payload (its blocks, cut at payload_bytes) through the same decoder. Records
// the reader could not decode keep the header they have.
MessageHeader decode_header_again(std::string_view file, std::uint32_t block_size,
                                  const MessageRecord& record);
// The same with the blocks got from `block_at` (chain.hpp's record_payload).
MessageHeader decode_header_again(const BlockAt& block_at, const MessageRecord& record);

}  // namespace ccsalvage::po::detail
