#pragma once
// The per-record work of an export (identity, manifest fields, Message-ID, the mbox From
// line's sender and date, where its bytes were written), kept for the record's next
// placement. In folder targets a record is placed once per folder holding it (2.5 times per
// record in the generated sets) and that work does not depend on the folder; doing it again
// (loading the message, hashing its items, composing its MIME) cost about half of each
// repeated placement (docs/performance.md). The message's bytes are not kept: the next
// placement reads them back from the output (Writer::read_back), since a record's placements
// are far apart (a fifth of the output at the median in the generated sets). The cache is
// bounded in bytes, so memory does not grow with the number of messages; when it is full it
// drops the record whose next placement comes last (the sources say where each record shows
// next, so this is the optimal choice for its size).
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "export/sources.hpp"
#include "mime/eml_composer.hpp"

namespace ccsalvage::exporting {

// Also the per-record part of a placement being exported (the exporter's Offered::work), so
// that keeping and reusing it are whole copies.
struct PreparedRecord {
    Placement placement;    // destination and read are those of the placement that made it;
                            // in the cache the message is not kept (null)
    bool readable = false;  // the message could be loaded
    std::string identity;
    std::vector<std::string> attachments;                   // names as read
    std::shared_ptr<const mime::ComposedMessage> composed;  // null: not composed
    // The writer's frame of the MIME (Writer::frame), when it frames.
    std::shared_ptr<const std::string> framed;
    std::optional<std::int64_t> utc_seconds;  // of the From line
    std::string sender;
    // Where a placement of the record wrote its bytes (target and range), for the next one to
    // read back; in the cache `composed` keeps only the Message-ID and the warnings.
    std::optional<WriteOutcome> stored;
};

// Bytes a prepared record holds, roughly (its strings and MIME): what the budget counts.
std::size_t held_bytes(const PreparedRecord& prepared);

class RecordCache {
  public:
    explicit RecordCache(std::size_t budget_bytes) : budget_(budget_bytes) {}

    // Keeps `prepared` for the record's placement at position `next`, dropping whatever is
    // needed last while over the budget (possibly this record).
    void keep(std::uint64_t record, std::uint64_t next,
              std::shared_ptr<const PreparedRecord> prepared);

    // The record's prepared work, removed from the cache (the caller keeps it again for the
    // placement after this one); null when it is not there.
    std::shared_ptr<const PreparedRecord> take(std::uint64_t record);

    // Calls `soon(prepared)` for each record kept whose next placement is at or before
    // `position`, in the order of those placements, once per record (a record kept after its
    // position was passed is not announced: its next placement is close, its bytes recent):
    // the exporter asks the writer to read those records' bytes ahead.
    template <class Soon>
    void each_due(std::uint64_t position, Soon&& soon) {
        if (position < announced_) return;
        for (auto it = by_next_.lower_bound({announced_, 0});
             it != by_next_.end() && it->first <= position; ++it) {
            soon(*entries_.at(it->second).prepared);
        }
        announced_ = position + 1;
    }

    void clear();
    std::size_t bytes() const { return bytes_; }
    std::size_t size() const { return entries_.size(); }

  private:
    struct Entry {
        std::uint64_t next = 0;
        std::size_t bytes = 0;
        std::shared_ptr<const PreparedRecord> prepared;
    };
    void drop(std::unordered_map<std::uint64_t, Entry>::iterator it);

    std::size_t budget_;
    std::size_t bytes_ = 0;
    std::unordered_map<std::uint64_t, Entry> entries_;
    std::set<std::pair<std::uint64_t, std::uint64_t>> by_next_;  // (next, record)
    std::uint64_t announced_ = 0;  // each_due has announced the positions before this
};

}  // namespace ccsalvage::exporting
