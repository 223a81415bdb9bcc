// Compact message records (MessageDetail::compact) and load_message(), which makes one whole
// again. The header is decoded from the same bytes by the same decoder as in the reader, so
// the record equals the one a full read keeps; the field map is thrown away because the reader
// already reported what it says.
#include "parsers/po/compact_record.hpp"

#include <string>
#include <vector>

#include "parsers/po/block.hpp"
#include "parsers/po/chain.hpp"
#include "parsers/po/message_record.hpp"
#include "parsers/po/reader.hpp"

namespace ccsalvage::po {

namespace detail {

void make_compact(MessageRecord& record) {
    record.compact = true;
    // Swapped with empty ones rather than cleared: clear() keeps the capacity.
    std::string().swap(record.header.sender);
    std::string().swap(record.header.subject);
    std::vector<Recipient>().swap(record.header.recipients);
    std::vector<ItemEntry>().swap(record.header.items);
    for (ItemState& item : record.items) std::vector<std::uint32_t>().swap(item.extent_blocks);
}

MessageHeader decode_header_again(std::string_view file, std::uint32_t block_size,
                                  const MessageRecord& record) {
    return decode_header_again(
        [file, block_size](std::uint32_t n) { return block_view(file, n, block_size); }, record);
}

MessageHeader decode_header_again(const BlockAt& block_at, const MessageRecord& record) {
    if (!record.place.readable || record.place.blocks.empty()) return record.header;
    const std::string payload = record_payload(block_at, record.place.blocks, record.payload_bytes);
    FieldMap ignored;
    return decode_message_header(payload, record.place.head(), ignored);
}

}  // namespace detail

MessageRecord load_message(const PostOfficeSource& source, const PostOffice& post_office,
                           const MessageRecord& record, const PositionedRead& record_reads) {
    MessageRecord out = record;
    if (!record.compact) return out;
    const FileInfo* info = post_office.file(record.file);
    if (info == nullptr || info->block_size == 0 || info->source_index >= source.files.size()) {
        return out;
    }
    const std::uint32_t block_size = info->block_size;
    if (record_reads) {
        // A block read whole or not at all, as a view of the mapping is.
        std::string buffer(block_size, '\0');
        out.header = detail::decode_header_again(
            [&](std::uint32_t n) {
                const std::size_t got =
                    record_reads(std::uint64_t{n} * block_size, buffer.data(), block_size);
                return got == block_size ? std::string_view(buffer) : std::string_view();
            },
            record);
    } else {
        out.header =
            detail::decode_header_again(source.files[info->source_index].bytes, block_size, record);
    }
    out.compact = false;
    return out;
}

}  // namespace ccsalvage::po
