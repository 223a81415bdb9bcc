#pragma once
// The message records of a post office read for export, copied once, in list order, into the
// scratch file, and read back one at a time with positioned reads, with their lookup by message
// number. Why: the export's folder walk visits the records in folder order, which is a random
// order in the message list, and each record touched through the list's mapping brought the
// kernel's fault-around window (64 KiB) around it into the resident set until the next release:
// at 4 GiB up to 3.6 MiB of the list and 1.3 MiB of its lookup were resident between two
// releases, more as the list grows (docs/performance.md, "Session 18"). A record read back with
// pread maps nothing, as the exported keys are (seen_keys.hpp).
//
// Only compact records are copied (the export reads compact: po::MessageDetail::compact): what
// a compact record keeps (the header's fixed fields, where its blocks are, its provenance and its
// item states) is the copy's image below; a record read back is equal to the one copied, its
// lists on the heap.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "core/scratch_array.hpp"
#include "parsers/po/model.hpp"

namespace ccsalvage::exporting {

class RecordStore {
  public:
    // Lookup entries read at once by position_of (a page of them).
    static constexpr std::size_t kLookupEntriesPerRead = 512;

    // A copy of the records of `office` (messages, then recovered messages) in its message
    // list's scratch space. None when the lists are not in a scratch space (they are on the
    // heap, and a copy would only double them there), when a record is not compact, or when the
    // lookup by number no longer matches the list. `entries_per_read` is for the tests.
    static std::optional<RecordStore> copy_of(const po::PostOffice& office,
                                              std::size_t entries_per_read = kLookupEntriesPerRead);

    // Records copied: office.messages.size() + office.recovered_messages.size().
    std::size_t size() const { return offsets_.empty() ? 0 : offsets_.size() - 1; }
    std::size_t messages() const { return messages_; }

    // The record at `position` (messages first, then recovered), read back; its lists on the
    // heap, so that it outlives the post office.
    po::MessageRecord read(std::size_t position) const;

    // The position of the first message (in list order) with this number, as
    // PostOffice::find_message finds it: a binary search in the samples kept in memory, then one
    // read of entries_per_read entries.
    std::optional<std::size_t> position_of(std::uint32_t message_number) const;

  private:
    struct LookupEntry {
        std::uint32_t number = 0;
        std::uint32_t position = 0;
    };
    RecordStore() = default;

    std::size_t messages_ = 0;
    std::size_t entries_per_read_ = kLookupEntriesPerRead;
    ScratchArray<std::uint64_t> offsets_;  // record i is bytes_[offsets_[i], offsets_[i + 1])
    ScratchArray<std::uint8_t> bytes_;     // the records' images, in list order
    ScratchArray<LookupEntry> lookup_;     // (number, position), sorted as the office's
    std::vector<LookupEntry> samples_;     // every entries_per_read-th entry of lookup_
};

}  // namespace ccsalvage::exporting
