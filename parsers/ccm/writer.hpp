#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/codepage.hpp"
#include "parsers/ccm/message.hpp"

namespace ccsalvage::ccm {

struct WriterOptions {
    CodePage code_page = CodePage::cp850;
    // Text items are stored in `source_code_page` (the code page they were read in) and are
    // converted when it differs from code_page. File item bytes are never changed.
    CodePage source_code_page = CodePage::cp850;
    bool item_sizes = true;  // write /ITEMSIZE sizes (what the Exchange connector uses)
};

struct WriteResult {
    std::string bytes;
    // Header or text characters the target code page cannot hold (written as '?').
    std::uint64_t unmappable_characters = 0;
};

// Writes one message in the Import/Export format, CR LF line ends, sizes by ccsalvage's
// convention (docs/formats/ccm.md): an item size counts the data bytes only, not the CR LF
// written after them; Message: and Contents: sizes count every byte after their size line up
// to the end of the message.
WriteResult write_ccm_message(const Message& message, const WriterOptions& options = {});

}  // namespace ccsalvage::ccm
