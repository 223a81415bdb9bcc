#pragma once
// Everything one generator run produced, which the ground truth describes.
#include <cstdint>
#include <string>
#include <vector>

#include "damage.hpp"
#include "model.hpp"
#include "options.hpp"

namespace ccsalvage::generator {

struct OutputFile {
    std::string path;  // relative to the output root
    std::uint64_t size = 0;
    std::string sha256;
    std::string role;  // "ccm", "und", "tmp", "ini", "post-office", "nfterror"
};

// A post office as written, for the ground truth (directory entry ids are the writer's input,
// chosen by po_spec.cpp).
struct WrittenDirectoryEntry {
    std::uint32_t entry_id = 0;
    char type_code = 'L';
    std::string name;  // UTF-8
    std::uint32_t mailbox_number = 0;
};

struct WrittenPostOffice {
    std::string name;
    std::string folder;  // relative to the output root
    std::uint32_t block_size = 0;
    std::uint64_t message_records = 0;
    // Events the post office reader reported on the healthy files, before any damage: 0
    // unless the writer and the reader disagree (a defect the tests catch).
    std::uint64_t healthy_read_events = 0;
    std::vector<std::string> files;
    std::vector<WrittenDirectoryEntry> directory;
};

struct Run {
    Options options;
    Capabilities capabilities;
    World world;
    std::vector<DamageRecord> damage;
    std::vector<OutputFile> files;
    bool post_offices_written = false;
    std::vector<WrittenPostOffice> written_post_offices;
    std::string post_office_note;  // why they were not, when they were not
};

// Where the connector's working store goes under the output root.
inline constexpr const char* kStoreRoot = "Ccmcdata";

}  // namespace ccsalvage::generator
