#include "parsers/nfterror/vocabulary.hpp"

#include <array>

namespace ccsalvage::nfterror {

namespace {

// Which files a structure lives in, as bits: post-office.md section 5 gives the model's layout.
enum FileBits : unsigned { kClandata = 1u, kMlandata = 2u, kMailbox = 4u, kAll = 7u };

struct StructureInfo {
    std::string_view name;
    unsigned files;
};

constexpr std::array kStructures = {
    StructureInfo{"HEADER", kAll},        StructureInfo{"NFT", kAll},
    StructureInfo{"DIRENT", kClandata},   StructureInfo{"DIRIDX", kClandata},
    StructureInfo{"DIRCHAIN", kClandata}, StructureInfo{"MSGHDR", kClandata},
    StructureInfo{"MSGIDX", kClandata},   StructureInfo{"EXTENT", kMlandata},
    StructureInfo{"FOLDERS", kMailbox},   StructureInfo{"FOLDER", kMailbox},
};

struct CodeInfo {
    std::string_view code;
    std::string_view po_events;
};

constexpr std::array kCodes = {
    CodeInfo{"SIG", "PO-009"},
    CodeInfo{"CRC", "PO-011"},
    CodeInfo{"CHN", "PO-012, PO-043"},
    CodeInfo{"TXT", "PO-014, PO-015"},
    CodeInfo{"ALC", "PO-017 - PO-021"},
    CodeInfo{"IDX", "PO-022 - PO-025, PO-041, PO-042"},
    CodeInfo{"CNT", "PO-040, PO-047"},
    CodeInfo{"REF", "PO-033 - PO-035"},
    CodeInfo{"LEN", "PO-016, PO-028, PO-029"},
};

bool is_mailbox_file(std::string_view file) {
    if (file.size() != 8 || file.substr(0, 3) != "USR") return false;
    for (const char c : file.substr(3)) {
        if (c < '0' || c > '9') return false;
    }
    return true;
}

unsigned file_bit(std::string_view file) {
    if (file == "CLANDATA") return kClandata;
    if (file == "MLANDATA") return kMlandata;
    if (is_mailbox_file(file)) return kMailbox;
    return 0;
}

}  // namespace

std::string upper_case(std::string_view name) {
    std::string out(name);
    for (auto& c : out) {
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    }
    return out;
}

bool is_known_file(std::string_view file) { return file_bit(file) != 0; }

bool is_known_structure(std::string_view structure) {
    for (const auto& s : kStructures) {
        if (s.name == structure) return true;
    }
    return false;
}

bool is_known_code(std::string_view code) { return !po_events_for_code(code).empty(); }

bool structure_expected_in(std::string_view structure, std::string_view file) {
    const unsigned bit = file_bit(file);
    for (const auto& s : kStructures) {
        if (s.name == structure) return (s.files & bit) != 0;
    }
    return false;
}

std::string_view po_events_for_code(std::string_view code) {
    for (const auto& c : kCodes) {
        if (c.code == code) return c.po_events;
    }
    return {};
}

}  // namespace ccsalvage::nfterror
