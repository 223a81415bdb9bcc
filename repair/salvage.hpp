#pragma once
// Salvage (docs/repair.md, section 3): from the read post office, the detectors' findings and
// the other copies the case holds, the primary data of a repaired post office (a
// po::PostOfficeSpec the writer derives everything else from), plus what was cut out
// (quarantine), what could not be put back (lost-and-found) and which source filled which
// field. Nothing is dropped: every record the input holds ends in the spec or in the
// lost-and-found, with the reason.
#include <cstdint>
#include <string>
#include <vector>

#include "parsers/po/model.hpp"
#include "parsers/po/reader.hpp"
#include "parsers/po/writer.hpp"
#include "repair/finding.hpp"

namespace ccsalvage::repair {

// Another post office of the same case, read (its model and its bytes).
struct OtherCopy {
    std::string name;  // folder name, for the field sources
    const po::PostOfficeSource* source = nullptr;
    const po::PostOffice* post_office = nullptr;
};

// Foreign bytes cut out of a record, kept verbatim.
struct QuarantineEntry {
    std::string file;
    std::uint64_t offset = 0;
    std::uint64_t length = 0;
    std::string bytes;
    std::string structure;
    std::string field;
    std::uint32_t key = 0;
    std::string reason;
};

// A record (or part of one) that is not in the repaired post office, with why.
struct LostEntry {
    std::string kind;  // "message", "message fields", "item", "folder entry", "directory entry"
    std::uint32_t key = 0;
    std::string provenance;  // "reached", "lost", "stale"
    std::string reason;
    std::vector<std::pair<std::string, std::string>> data;  // {name, bytes}: item data kept
};

// Which source filled a field of a restored record.
struct FieldSource {
    std::uint32_t message_number = 0;
    std::string field;
    std::string source;  // "record", "MLANDATA extent at block 3", "copy MUNICH message 445", ...
};

struct Salvage {
    po::PostOfficeSpec spec;
    std::vector<QuarantineEntry> quarantine;
    std::vector<LostEntry> lost_and_found;
    std::vector<FieldSource> sources;
    std::uint32_t messages_restored = 0;  // damaged messages put back (fully or in part)
};

class ConnectorStore;

// `connector` may be null (no connector store in the case).
Salvage salvage_post_office(const po::PostOfficeSource& source, const po::PostOffice& post_office,
                            const Findings& findings, const std::vector<OtherCopy>& others,
                            const ConnectorStore* connector = nullptr);

}  // namespace ccsalvage::repair
