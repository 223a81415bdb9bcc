#pragma once
// One placement's line of manifest.jsonl, and the `entry` of its done record in the journal:
// a plain struct written as JSON text, byte for byte as the nlohmann object it replaced was
// dumped (keys in std::map order, nlohmann's escaping and its U+FFFD for invalid UTF-8), so
// journals and manifests of earlier versions and of this one are the same bytes.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ccsalvage::exporting {

struct ManifestEntry {
    std::uint64_t sequence = 0;
    std::string source;
    std::uint64_t offset = 0;
    std::uint64_t number = 0;
    std::string post_office;
    std::string mailbox;
    std::string folder;
    std::string repair_status;
    std::optional<std::string> identity;   // absent when the record could not be read at all
    std::vector<std::string> attachments;  // names as read; written only when there are some
    std::optional<std::string> reason;     // quarantined: why
    std::optional<std::string> duplicate_of;
    std::optional<std::string> message_id;
    std::vector<std::string> warnings;  // written only when there are some
    std::optional<std::string> target;
    std::optional<std::string> sha256;
    std::optional<std::string> damage;  // exported although damaged (--export-damaged)
};

// The entry as JSON text (the done record's `entry`), and where the manifest line puts its
// "outcome" member (keys sorted: after "offset"). Written once per placement, used twice.
struct EntryText {
    std::string json;
    std::size_t outcome_at = 0;
};
void write_entry_json(EntryText& text, const ManifestEntry& entry);

// The manifest line (without its line end): the entry with its outcome.
void append_manifest_line(std::string& out, const EntryText& entry, std::string_view outcome);

// The journal's done record: {"end":..,"entry":{..},"key":..,"outcome":..,"record":"done",
// "sequence":..}, `end` only for appended files.
void append_done_json(std::string& out, const EntryText& entry, std::uint64_t sequence,
                      std::string_view key, std::string_view outcome,
                      std::optional<std::uint64_t> end);

}  // namespace ccsalvage::exporting
