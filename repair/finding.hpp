#pragma once
// What a detector reports: one damaged thing in one file, at an exact offset, with the
// structure and field of the post office model it lies in (docs/repair.md, section 2).
// Findings that follow from another (a checksum that fails because console text was written
// into the block, the extents of a message whose header was destroyed) name their cause, so a
// report counts causes, not cascades.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ccsalvage::repair {

struct Finding {
    std::string detector;      // "console-output", "record-damage"
    std::string code;          // catalogue id (PO-015, ...) or "console" for the scan
    std::string file;          // display name, as in events
    std::uint64_t offset = 0;  // first damaged byte
    std::uint64_t length = 0;  // bytes concerned (0 when the finding is about a value)
    std::uint32_t block = 0;   // block holding `offset` (0 when not block-addressed)
    std::string structure;     // "message header", "message index", "allocation table", ...
    std::string field;         // "sender", "crc32", "state", ... ("" when unknown)
    std::uint32_t key = 0;     // message number, entry id or mailbox number (0 when none)
    std::string detail;
    std::optional<std::size_t> cause;  // index of the finding this one follows from
};

using Findings = std::vector<Finding>;

// The findings that are causes (no cause of their own).
std::size_t count_causes(const Findings& findings);

}  // namespace ccsalvage::repair
