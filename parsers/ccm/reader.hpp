#pragma once
#include <cstdint>
#include <functional>
#include <string_view>

#include "core/codepage.hpp"
#include "core/event.hpp"
#include "parsers/ccm/date.hpp"
#include "parsers/ccm/message.hpp"

namespace ccsalvage {
class EvidenceFile;
}

namespace ccsalvage::ccm {

struct ReaderOptions {
    CodePage code_page = CodePage::cp850;
    DateOptions dates;
    // Bounds on what evidence may make the reader do; exceeding one is an event, not a failure.
    std::uint32_t max_items_per_message = 1000;  // cc:Mail itself allows 20
    std::uint32_t max_header_lines = 20000;      // 160 KB headers of short lines
    // Called now and then with the offset reached, for progress displays.
    std::function<void(std::uint64_t)> on_progress;
};

struct ReadSummary {
    std::uint64_t messages = 0;
    std::uint64_t partial_messages = 0;
    std::uint64_t items = 0;
    std::uint64_t bytes = 0;
    std::uint64_t sized_messages = 0;  // written with /ITEMSIZE
};

using MessageHandler = std::function<void(const Message&)>;

// Reads every message of an Import/Export file in one pass, handing each to `on_message` as
// soon as it is complete (item data are views into `bytes`, valid while `bytes` is). Damage
// never stops the reader: it is reported to `log` with the byte offset and the reader
// resynchronises at the next keyword line.
ReadSummary read_ccm(std::string_view bytes, std::string_view file_name,
                     const ReaderOptions& options, EventLog& log, const MessageHandler& on_message);

// The same over a mapped evidence file; pages already read are released as the reader goes,
// so memory does not grow with the file.
ReadSummary read_ccm(const EvidenceFile& file, const ReaderOptions& options, EventLog& log,
                     const MessageHandler& on_message);

}  // namespace ccsalvage::ccm
