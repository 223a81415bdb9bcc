#pragma once
// ground-truth.json: everything a run put into its output, for tests and for checking what
// analyze and repair find (schema: docs/generator.md, "Ground truth"). Written message by
// message, so a run of millions of messages never holds the whole document in memory.
#include <cstdint>
#include <map>
#include <string>

#include "core/output_folder.hpp"
#include "run.hpp"

namespace ccsalvage::generator {

inline constexpr const char* kGroundTruthName = "ground-truth.json";
inline constexpr int kGroundTruthSchemaVersion = 1;
// Bumped whenever the same seed and options would produce different bytes.
inline constexpr int kGeneratorVersion = 2;

struct Totals {
    std::uint64_t messages = 0;
    std::map<std::string, std::uint64_t> by_status;  // sums to messages
    std::map<std::string, std::uint64_t> by_flow;    // sums to messages
    std::uint64_t post_office_records = 0;           // message header records, all post offices
    std::uint64_t duplicate_records = 0;             // of which second deliveries (Q184524)
    std::uint64_t folder_entries = 0;
    std::uint64_t ccm_copies = 0;
    std::uint64_t incomplete_ccm_copies = 0;
    std::uint64_t und_entries = 0;
    std::uint64_t items = 0;
    std::uint64_t item_bytes = 0;  // of distinct messages (each message's items once)
    std::uint64_t damage = 0;
    std::map<std::string, std::uint64_t> damage_by_kind;
    std::uint64_t files = 0;
    std::uint64_t file_bytes = 0;  // every output file but the ground truth itself
};

Totals compute_totals(const Run& run);

// Writes ground-truth.json into `out` and returns its SHA-256.
std::string write_ground_truth(const Run& run, const OutputFolder& out);

}  // namespace ccsalvage::generator
