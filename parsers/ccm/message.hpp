#pragma once
// The cc:Mail Import/Export message as ccsalvage models it (docs/formats/ccm.md).
// Text is UTF-8 (decoded from the post office code page); item data stays raw bytes, exactly
// as they stand in the evidence, so hashes and exports are byte-faithful.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ccsalvage::ccm {

enum class AddressKind {
    post_office_user,  // "Grewal, Jeff at Hub"
    local_name,        // "Admin": no post office, resolved by ANR on import
    bulletin_board,    // "#Sales" or "#Sales at HQ"
    internet,          // "user@example.com at SMTPGW" or ",User [SMTP:user@example.com] at Site"
};

struct Address {
    std::string raw;  // the text of this one address, as written (UTF-8)
    AddressKind kind = AddressKind::local_name;
    std::string name;         // "Grewal, Jeff", "Sales" (without '#'), "user@example.com"
    std::string post_office;  // "Hub"; empty for local names
    std::string internet;     // "user@example.com" when the address carries one
};

// Day order of numeric dates; follows the post office locale (Q180641).
enum class DateOrder { us_mdy, european_dmy, japanese_ymd };

struct Date {
    std::string raw;     // exactly as written, always kept
    bool valid = false;  // false: could not be parsed or is impossible (2/31/99)
    int year = 0;        // four digits, after the two-digit-year pivot
    int month = 0;
    int day = 0;
    int hour = 0;  // 0-23
    int minute = 0;
    int second = 0;
};

// text and file items are documented; other is an item keyword nobody documented (fax,
// graphics, forwarded message) kept with its bytes; unclaimed holds bytes inside Contents:
// that belong to no item (damage), kept so that nothing read is lost.
enum class ItemKind { text, file, other, unclaimed };

// "text", "file", "other", "unclaimed": the names reports and identities use.
constexpr std::string_view item_kind_name(ItemKind kind) {
    switch (kind) {
        case ItemKind::text:
            return "text";
        case ItemKind::file:
            return "file";
        case ItemKind::other:
            return "other";
        case ItemKind::unclaimed:
            return "unclaimed";
    }
    return "other";
}

struct Item {
    ItemKind kind = ItemKind::text;
    std::string keyword;     // "Text item", "File item", "Fax item", ... as written (no ':')
    std::string title;       // rest of the keyword line, decoded (text item title, raw file line)
    std::string file_name;   // file items: the name, with the date/time stamp split off
    std::string file_stamp;  // file items: "5/6/97 3:10PM", empty when absent
    std::optional<std::uint64_t> declared_size;  // the /ITEMSIZE value, when one was given
    std::uint64_t keyword_offset = 0;            // byte offset of the keyword line in the file
    std::uint64_t data_offset = 0;               // byte offset of the first data byte
    std::string_view data;  // raw bytes; a view into the evidence (or the caller's buffer)
    // How the declared size was read (docs/formats/ccm.md, "Sizes"): the size counted the data
    // only, or the data plus the line end after it; or the size was absent/wrong and the data
    // was delimited by the next keyword line instead.
    enum class SizeFit { unsized, data_only, includes_line_end, resynchronised };
    SizeFit size_fit = SizeFit::unsized;
    bool truncated = false;  // the file ended inside the data
    std::string sha256;      // of data
};

struct HeaderField {
    std::string keyword;  // as written, without ':' ("From", "Subject", "X-Unknown")
    std::string value;    // decoded, without the leading blank
    std::uint64_t offset = 0;
    bool known = true;  // false for keywords nobody documented (kept, reported)
};

struct Message {
    std::uint64_t index = 0;       // 0-based position in the file
    std::uint64_t offset = 0;      // offset of the "Message:" line
    std::uint64_t end_offset = 0;  // one past the last byte that belongs to the message
    bool sized = false;            // written with /ITEMSIZE
    std::optional<std::uint64_t> declared_size;           // after "Message:"
    std::optional<std::uint64_t> contents_declared_size;  // after "Contents:"

    std::vector<HeaderField> headers;  // every header line in order, known or not
    std::vector<Address> from, to, cc, bcc;
    std::optional<Date> date;
    std::string subject;
    bool receipt_requested = false;  // an "RRT:" token was present

    bool has_contents = false;  // "Contents:" was found
    bool partial = false;       // the file ended inside this message
    std::vector<Item> items;
};

}  // namespace ccsalvage::ccm
