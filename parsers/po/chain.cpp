#include "parsers/po/chain.hpp"

#include <algorithm>
#include <iterator>
#include <stdexcept>

#include "parsers/po/block.hpp"
#include "parsers/po/census.hpp"
#include "parsers/po/layout_block.hpp"

namespace ccsalvage::po {

namespace lb = layout::block;

std::uint64_t Record::absolute(std::uint32_t payload_offset, std::uint32_t block_size) const {
    // The links' payloads follow one another (payload_start never decreases), so the one that
    // can hold the offset is the last that starts at or before it: a search, not a scan (the
    // message walk asks once per index entry, and the index has thousands of links).
    const auto after = std::upper_bound(
        links.begin(), links.end(), payload_offset,
        [](std::uint32_t offset, const ChainLink& link) { return offset < link.payload_start; });
    if (after != links.begin()) {
        const ChainLink& link = *std::prev(after);
        if (payload_offset < std::uint64_t{link.payload_start} + link.header.payload_length) {
            return std::uint64_t{link.block} * block_size + lb::kHeaderSize +
                   (payload_offset - link.payload_start);
        }
    }
    if (links.empty()) return 0;
    const auto& last = links.back();
    return std::uint64_t{last.block} * block_size + lb::kHeaderSize + last.header.payload_length;
}

namespace {

struct Expectation {
    char type;
    std::uint32_t owner;
    std::uint32_t first_block;
    std::uint16_t chain_index;
};

// Why `check` cannot be the next block of the chain, or an empty string when it can.
std::string mismatch(const BlockCheck& check, const Expectation& want) {
    if (!check.structural) return check.problem;
    const BlockHeader& h = check.header;
    if (h.type != want.type) return std::string("block of type '") + h.type + "'";
    if (h.first_block != want.first_block) return "block of another record (first_block)";
    if (h.owner != want.owner) return "block of another owner";
    if (h.chain_index != want.chain_index) return "chain_index out of sequence";
    return {};
}

// Whether `block`, checked as `check`, is already one of the record's links. Every link's
// chain_index is its position in the record (the head's is 0, each next one's one more: the
// follower accepts no other), so one look answers what a set of the visited blocks did (a
// hash node per block, 1.6 MiB for the message index of an 8 GiB post office).
bool already_linked(const Record& record, std::uint32_t block, const BlockCheck& check) {
    if (!check.structural) return false;  // every link was
    const std::size_t position = check.header.chain_index;
    return position < record.links.size() && record.links[position].block == block;
}

// The best relinking candidate of 4.5: highest write_serial, then intact, then lowest block.
std::optional<std::uint32_t> relink(const BlockAt& block_at, std::uint32_t block_size,
                                    FileKind kind, const Census& census, const Expectation& want,
                                    const Record& record) {
    std::optional<std::uint32_t> best;
    BlockCheck best_check;
    for (const std::uint32_t n : census.candidates(want.first_block, want.chain_index)) {
        const BlockCheck check = check_block(block_at(n), n, block_size, kind);
        if (already_linked(record, n, check) || !mismatch(check, want).empty()) continue;
        const bool better = !best || check.header.write_serial > best_check.header.write_serial ||
                            (check.header.write_serial == best_check.header.write_serial &&
                             check.intact && !best_check.intact);
        if (better) {
            best = n;
            best_check = check;
        }
    }
    return best;
}

}  // namespace

Record follow_chain(std::string_view file, std::uint32_t block_size, FileKind kind,
                    const ChainRequest& request, const Census* census, const PayloadSink& sink) {
    return follow_chain(
        [file, block_size](std::uint32_t n) { return block_view(file, n, block_size); }, block_size,
        kind, request, census, sink);
}

Record follow_chain(const BlockAt& block_at, std::uint32_t block_size, FileKind kind,
                    const ChainRequest& request, const Census* census, const PayloadSink& sink) {
    // No view of a block is used after the next call of block_at, whose views may share one
    // buffer.
    Record record;
    record.links = Record::Links(ScratchAllocator<ChainLink>(request.scratch));
    const std::uint32_t capacity = block_size - static_cast<std::uint32_t>(lb::kHeaderSize);
    std::uint32_t current = request.head;
    BlockCheck check = check_block(block_at(current), current, block_size, kind);
    if (!check.structural || check.header.type != request.type || check.header.chain_index != 0) {
        return record;
    }
    const Expectation base{request.type, check.header.owner, request.head, 0};
    const std::uint64_t block_bound = std::min<std::uint64_t>(
        lb::kMaxChainBlocks, std::max<std::uint32_t>(request.total_blocks, 1));

    while (true) {
        const BlockHeader& h = check.header;
        const std::string_view block = block_at(current);
        record.links.push_back(
            {current, h, check.intact, static_cast<std::uint32_t>(record.payload_bytes)});
        record.intact = record.intact && check.intact;
        std::size_t take = h.payload_length;
        if (request.max_payload != 0 && record.payload_bytes + take > request.max_payload) {
            take = request.max_payload - record.payload_bytes;
            record.bound_reached = true;
        }
        const std::string_view part = block.substr(lb::kHeaderSize, take);
        if (sink) {
            sink(part);
        } else {
            record.payload.append(part);
        }
        record.payload_bytes += part.size();
        if (record.bound_reached) break;
        if (h.next_block == 0) {
            record.complete = true;
            break;
        }
        if (h.payload_length != capacity) {
            // Continuation offsets assume full blocks (4.5); keep going, but say so.
            record.faults.push_back(
                {current, h.next_block, "block not full but the chain continues", {}});
        }
        if (record.links.size() >= block_bound) {
            record.bound_reached = true;
            break;
        }
        const Expectation want{base.type, base.owner, base.first_block,
                               static_cast<std::uint16_t>(h.chain_index + 1)};
        std::string why;
        BlockCheck next;
        if (h.chain_index == 0xFFFF) {
            why = "chain_index overflow";
        } else if (h.next_block >= request.total_blocks) {
            why = "next_block out of range";
        } else {
            const std::string_view next_view = block_at(h.next_block);
            if (next_view.empty()) {
                why = "next_block beyond the end of the file";
            } else {
                next = check_block(next_view, h.next_block, block_size, kind);
                why = already_linked(record, h.next_block, next) ? "loop" : mismatch(next, want);
            }
        }
        if (why.empty()) {
            current = h.next_block;
            check = next;
            continue;
        }
        ChainFault fault{current, h.next_block, why, {}};
        if (census != nullptr && h.chain_index != 0xFFFF) {
            fault.relinked_to = relink(block_at, block_size, kind, *census, want, record);
        }
        record.faults.push_back(fault);
        if (!fault.relinked_to) break;
        current = *fault.relinked_to;
        check = check_block(block_at(current), current, block_size, kind);
    }
    return record;
}

std::string record_payload(std::string_view file, std::uint32_t block_size,
                           std::span<const std::uint32_t> blocks, std::size_t length) {
    return record_payload(
        [file, block_size](std::uint32_t n) { return block_view(file, n, block_size); }, blocks,
        length);
}

std::string record_payload(const BlockAt& block_at, std::span<const std::uint32_t> blocks,
                           std::size_t length) {
    std::string payload;
    payload.reserve(length);
    for (const std::uint32_t n : blocks) {
        if (payload.size() >= length) break;
        const std::string_view block = block_at(n);
        const auto header = decode_block_header(block);
        if (!header) break;
        const std::size_t take =
            std::min<std::size_t>(header->payload_length, length - payload.size());
        payload.append(block.substr(lb::kHeaderSize, take));
    }
    return payload;
}

std::uint32_t chain_blocks_needed(std::size_t length, std::uint32_t block_size) {
    const std::size_t capacity = block_size - lb::kHeaderSize;
    if (length == 0) return 1;
    return static_cast<std::uint32_t>((length + capacity - 1) / capacity);
}

namespace {

// The record's blocks written where `offset_of(i)` says the i-th block lies in `file`.
template <class OffsetOf>
void write_chain_blocks(std::string& file, std::uint32_t block_size, char type, std::uint32_t owner,
                        const std::vector<std::uint32_t>& blocks, std::string_view payload,
                        std::uint32_t write_serial, OffsetOf offset_of) {
    const std::size_t capacity = block_size - lb::kHeaderSize;
    if (blocks.size() != chain_blocks_needed(payload.size(), block_size) || payload.empty()) {
        throw std::logic_error("po writer: wrong number of blocks for a record");
    }
    for (std::size_t i = 0; i < blocks.size(); ++i) {
        const std::size_t offset = offset_of(i);
        const std::string_view part = payload.substr(i * capacity, capacity);
        BlockHeader h;
        h.type = type;
        h.block_number = blocks[i];
        h.first_block = blocks.front();
        h.next_block = i + 1 < blocks.size() ? blocks[i + 1] : 0;
        h.owner = owner;
        h.chain_index = static_cast<std::uint16_t>(i);
        h.payload_length = static_cast<std::uint16_t>(part.size());
        h.write_serial = write_serial;
        encode_block_header(file, offset, h);
        file.replace(offset + lb::kHeaderSize, part.size(), part);
        std::fill_n(
            file.begin() + static_cast<std::ptrdiff_t>(offset + lb::kHeaderSize + part.size()),
            block_size - lb::kHeaderSize - part.size(), '\0');
        seal_block(file, offset, block_size);
    }
}

}  // namespace

void write_chain(std::string& file, std::uint32_t block_size, char type, std::uint32_t owner,
                 const std::vector<std::uint32_t>& blocks, std::string_view payload,
                 std::uint32_t write_serial) {
    write_chain_blocks(file, block_size, type, owner, blocks, payload, write_serial,
                       [&](std::size_t i) { return std::size_t{blocks[i]} * block_size; });
}

void write_chain_at(std::string& buffer, std::size_t offset, std::uint32_t block_size, char type,
                    std::uint32_t owner, const std::vector<std::uint32_t>& blocks,
                    std::string_view payload, std::uint32_t write_serial) {
    if (offset > buffer.size()) throw std::out_of_range("write_chain_at: offset past the end");
    const std::size_t end = offset + blocks.size() * block_size;
    if (buffer.size() < end) buffer.resize(end, '\0');
    write_chain_blocks(buffer, block_size, type, owner, blocks, payload, write_serial,
                       [&](std::size_t i) { return offset + i * block_size; });
}

}  // namespace ccsalvage::po
