#pragma once
// Import loops (Q223772): when IMPORT fails on a .ccm with code 1 it may leave the file in
// place; the connector hands it over again every cycle and each failure appends one more entry
// to the .und file. Here, entries are grouped by the identity of their message, so that N
// entries of one message read as one loop of N attempts (docs/formats/und.md section 4).
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/event.hpp"
#include "parsers/ccm/message.hpp"
#include "parsers/und/und.hpp"

namespace ccsalvage::und {

// What makes two entries the same message. Never offsets or rejection lines: those differ
// from attempt to attempt.
struct MessageIdentity {
    // Normalised: blanks trimmed, runs of blanks made one space; addresses also in lower case
    // (cc:Mail names are not case-sensitive). Address lists joined with ", ".
    std::string from, to, cc, bcc;
    std::string subject;
    std::string date;                      // the Date: text as written, normalised
    std::vector<std::string> item_sha256;  // in order; unclaimed bytes (damage) left out
    std::string key;                       // SHA-256 of all of the above: what groups compare
};

MessageIdentity identify(const ccm::Message& message);

struct LoopAttempt {
    std::uint64_t offset = 0;  // of the entry's Message: line
    std::uint64_t index = 0;   // 0-based position of the entry in the file
    std::string rejected_at;   // raw
    std::string reason;
    std::optional<int> result_code;
    std::string source_file;
};

struct LoopGroup {
    MessageIdentity identity;
    std::string subject;                // as written (for reports), from the first attempt
    std::uint64_t attempt_count = 0;    // exact, even past the bound on kept attempts
    std::vector<LoopAttempt> attempts;  // in file order; at most LoopFinder's bound
};

// Collects entries one by one (memory grows with distinct messages, not with the file), so it
// can sit behind read_und's handler.
class LoopFinder {
  public:
    // A looping message can leave millions of entries; past this many a group only counts.
    explicit LoopFinder(std::size_t max_attempts_kept = 100000)
        : max_attempts_kept_(max_attempts_kept) {}

    void add(const UndEntry& entry);

    // Groups of at least `min_attempts` attempts, in the order their message first appeared.
    std::vector<LoopGroup> groups(std::uint64_t min_attempts = 2) const;

  private:
    std::size_t max_attempts_kept_;
    std::vector<LoopGroup> groups_;
    std::unordered_map<std::string, std::size_t> by_key_;
};

// The same over entries already in memory.
std::vector<LoopGroup> group_import_loops(std::span<const UndEntry> entries,
                                          std::uint64_t min_attempts = 2);

// One UND-008 per group of two or more attempts, at the first attempt's offset.
void report_import_loops(std::span<const LoopGroup> groups, std::string_view file_name,
                         EventLog& log);

}  // namespace ccsalvage::und
