#pragma once
// The connector store's copies of messages (docs/repair.md, section 3): every message of the
// Import/Export files in Ccmcdata's queue and backup folders (Export.bak, Import.bak, Export,
// Import, Submit, Bad) and of CCMAIL.UND, indexed by what a post office record keeps of it
// after damage: its item lengths and CRCs, and its date to the minute (.ccm dates carry no
// seconds). Item data stay in the files and are read on demand: each file is mapped only while
// it is indexed and again for a read_item() call, so a store of thousands of files holds
// neither thousands of descriptors nor their pages.
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/evidence.hpp"
#include "parsers/po/dos_time.hpp"

namespace ccsalvage::repair {

struct ConnectorItem {
    std::uint8_t kind =
        1;  // post office item kind (6.5): 1 text, 2 file, 3 fax, 4 graphics, 5 forwarded
    std::string title;  // code-page bytes: text item title or file name
    po::DosDateTime file_stamp;
    std::uint32_t length = 0;
    std::uint32_t crc = 0;          // CRC-32 of the data
    std::size_t file = 0;           // index into the store's files
    std::uint64_t data_offset = 0;  // in that file
};

struct ConnectorMessage {
    std::string file;  // display name of the file holding it
    std::uint64_t offset = 0;
    std::optional<po::DosDateTime> date;  // to the minute
    bool receipt_requested = false;
    std::string from;  // code-page bytes, as written ("Name at PO")
    std::vector<std::pair<std::uint8_t, std::string>> recipients;  // role, address (code page)
    std::string subject;                                           // code-page bytes
    std::vector<ConnectorItem> items;
};

class ConnectorStore {
  public:
    // Reads every .ccm file of the known folders and CCMAIL.UND under `ccmcdata`. A file that
    // cannot be opened is skipped (the connector store is a source of copies, not the evidence
    // being repaired); damage inside a file is the readers' business.
    static ConnectorStore open(const std::filesystem::path& ccmcdata);

    // The copies whose item lengths and CRCs are `signature` and, when given, whose date
    // equals `date` to the minute.
    std::vector<const ConnectorMessage*> find(
        const std::vector<std::pair<std::uint32_t, std::uint32_t>>& signature,
        const std::optional<po::DosDateTime>& date) const;

    // The item's data, read again from its file (empty when it cannot be opened any more or is
    // shorter now). The file was closed after indexing, so callers check the indexed length and
    // CRC before using the bytes, as salvage does.
    std::string read_item(const ConnectorItem& item) const;
    std::size_t messages() const { return messages_.size(); }
    const std::vector<ConnectorMessage>& all() const { return messages_; }

  private:
    std::vector<std::filesystem::path> files_;
    std::vector<ConnectorMessage> messages_;
    std::multimap<std::vector<std::pair<std::uint32_t, std::uint32_t>>, std::size_t> index_;
};

// "6/29/97 3:01PM" (US order, as the generator and Import/Export 5.x write file stamps) to a
// DOS date and time; nullopt when it does not parse.
std::optional<po::DosDateTime> parse_file_stamp(std::string_view stamp);

}  // namespace ccsalvage::repair
