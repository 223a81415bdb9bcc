#pragma once
// A post office message record in the same model as an Import/Export message (ccm::Message),
// so that everything downstream (identity, duplicates, the ledger, the MIME composer, the .ccm
// writer) handles messages from CLANDATA and from the connector's .ccm files alike.
//
// Mapping (the post office side is ccsalvage's own model, docs/formats/post-office.md):
//   sender, recipients, subject   decoded from the post office code page to UTF-8 and parsed
//                                 with the .ccm address rules; raw text kept in the headers
//   date                          the DOS date/time, written as cc:Mail writes dates
//                                 ("3/24/97 7:13", in the post office's date order)
//   items                         kind 1 text, 2 file, 5 forwarded; 3 fax, 4 graphics and 6 OLE
//                                 are kept as items of their kind (ItemKind::other) with their
//                                 bytes; the data stay raw bytes in the code page
#include <cstdint>
#include <string>
#include <vector>

#include "core/codepage.hpp"
#include "parsers/ccm/message.hpp"
#include "parsers/po/reader.hpp"

namespace ccsalvage::flow {

// Where an item's bytes came from and whether they are whole.
struct PoItemState {
    bool present = false;  // the data could be found at all
    bool intact = false;   // complete, right length, every CRC matched
    std::uint64_t bytes = 0;
};

// A message read from the post office. The ccm::Message's item data are views into
// `item_data`; the struct keeps them valid when moved (std::string storage moves with its
// heap buffer; short strings are copied, so views are re-pointed by the move constructor).
struct PoMessage {
    ccm::Message message;
    std::vector<std::string> item_data;
    std::vector<PoItemState> items;  // parallel to message.items
    std::uint32_t message_number = 0;
    std::string record_file;  // CLANDATA's display name
    std::uint64_t record_offset = 0;

    PoMessage() = default;
    PoMessage(const PoMessage&) = delete;
    PoMessage& operator=(const PoMessage&) = delete;
    PoMessage(PoMessage&& other) noexcept;
    PoMessage& operator=(PoMessage&& other) noexcept;

    // Points each item's data view at its bytes in item_data (after filling or moving).
    void repoint_views();
};

struct PoMessageOptions {
    CodePage code_page = CodePage::cp850;
    ccm::DateOrder date_order = ccm::DateOrder::us_mdy;
    bool read_item_data = true;  // false: item states only (cheap), data views empty
    // MLANDATA read with pread rather than through its mapping (po::ExtentSource): for a pass
    // over every item whose pages should not join the resident set. Empty: the mapping.
    po::PositionedRead item_reads;
    // The same for the message header records of CLANDATA, decoded again from their blocks
    // (po::load_message). Empty: the mapping.
    po::PositionedRead record_reads;
};

// The post office's own code page and date order, from its CLANDATA header when readable.
PoMessageOptions options_for(const po::PostOffice& post_office,
                             CodePage fallback = CodePage::cp850);

// `record` may come from a compact read (po::MessageDetail::compact): its header is then
// decoded again from its blocks (po::load_message), so the message is the same either way.
PoMessage load_po_message(const po::PostOfficeSource& source, const po::PostOffice& post_office,
                          const po::MessageRecord& record, const PoMessageOptions& options);

// "3/24/97 7:13" in the given day order, as cc:Mail writes a message date.
std::string ccmail_date_text(const po::DosDateTime& value, ccm::DateOrder order);
// "1/1/97 2:08PM", as a file item's stamp.
std::string ccmail_file_stamp(const po::DosDateTime& value, ccm::DateOrder order);
// Item keyword for a post office item kind ("Text item", "File item", "Fax item", ...).
std::string item_keyword(std::uint8_t kind);

}  // namespace ccsalvage::flow
