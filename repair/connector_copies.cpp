#include "repair/connector_copies.hpp"

#include <algorithm>
#include <optional>
#include <regex>

#include "core/codepage.hpp"
#include "core/errors.hpp"
#include "parsers/ccm/reader.hpp"
#include "parsers/po/crc32.hpp"
#include "parsers/und/und.hpp"

namespace ccsalvage::repair {

namespace {

namespace fs = std::filesystem;

constexpr std::uint16_t kMinuteMask = 0xFFE0;  // a DOS time word without its seconds

std::string code_page_bytes(const std::string& utf8) {
    return encode_from_utf8(utf8, CodePage::cp850).bytes;
}

std::uint8_t kind_of(const ccm::Item& item) {
    switch (item.kind) {
        case ccm::ItemKind::text:
            return 1;
        case ccm::ItemKind::file:
            return 2;
        default:
            break;
    }
    std::string k = item.keyword;
    std::transform(k.begin(), k.end(), k.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (k.rfind("fax", 0) == 0) return 3;
    if (k.rfind("graphics", 0) == 0) return 4;
    if (k.rfind("forward", 0) == 0) return 5;
    return 2;
}

std::string joined(const std::vector<ccm::Address>& addresses) {
    std::string out;
    for (const auto& a : addresses) out += (out.empty() ? "" : ", ") + a.raw;
    return out;
}

}  // namespace

std::optional<po::DosDateTime> parse_file_stamp(std::string_view stamp) {
    static const std::regex pattern(
        R"(^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{2,4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?\s*$)");
    std::cmatch m;
    if (!std::regex_match(stamp.data(), stamp.data() + stamp.size(), m, pattern))
        return std::nullopt;
    int year = std::stoi(m[3].str());
    if (year < 100) year += year < 80 ? 2000 : 1900;
    int hour = std::stoi(m[4].str());
    if (m[7].matched) {
        const bool pm = m[7].str()[0] == 'P' || m[7].str()[0] == 'p';
        hour = hour % 12 + (pm ? 12 : 0);
    }
    const int second = m[6].matched ? std::stoi(m[6].str()) : 0;
    return po::pack(year, std::stoi(m[1].str()), std::stoi(m[2].str()), hour, std::stoi(m[5].str()),
                    second);
}

ConnectorStore ConnectorStore::open(const fs::path& ccmcdata) {
    ConnectorStore store;
    std::vector<fs::path> paths;
    std::error_code ec;
    for (const char* folder : {"Export.bak", "Import.bak", "Export", "Import", "Submit", "Bad"}) {
        for (const auto& e : fs::directory_iterator(ccmcdata / folder, ec)) {
            std::string ext = e.path().extension().string();
            std::transform(ext.begin(), ext.end(), ext.begin(),
                           [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
            if (e.is_regular_file(ec) && ext == ".CCM") paths.push_back(e.path());
        }
    }
    std::sort(paths.begin(), paths.end());
    const fs::path und = ccmcdata / "CCMAIL.UND";
    if (fs::is_regular_file(und, ec)) paths.push_back(und);

    for (const auto& path : paths) {
        std::optional<EvidenceFile> opened;
        try {
            opened.emplace(EvidenceFile::open(path));
        } catch (const IoError&) {
            continue;
        }
        const std::size_t f = store.files_.size();
        store.files_.push_back(path);
        const EvidenceFile& file = *opened;
        const std::string name = file.display_name();
        const auto add = [&](const ccm::Message& message) {
            ConnectorMessage c;
            c.file = name;
            c.offset = message.offset;
            if (message.date && message.date->valid) {
                const po::DosDateTime d =
                    po::pack(message.date->year, message.date->month, message.date->day,
                             message.date->hour, message.date->minute, 0);
                c.date = po::DosDateTime{d.date, static_cast<std::uint16_t>(d.time & kMinuteMask)};
            }
            c.receipt_requested = message.receipt_requested;
            c.from = code_page_bytes(joined(message.from));
            for (const auto& a : message.to) c.recipients.emplace_back(1, code_page_bytes(a.raw));
            for (const auto& a : message.cc) c.recipients.emplace_back(2, code_page_bytes(a.raw));
            for (const auto& a : message.bcc) c.recipients.emplace_back(3, code_page_bytes(a.raw));
            c.subject = code_page_bytes(message.subject);
            std::vector<std::pair<std::uint32_t, std::uint32_t>> signature;
            for (const auto& item : message.items) {
                if (item.kind == ccm::ItemKind::unclaimed || item.truncated) return;
                if (item.data.size() > 0xFFFFFFFFu) return;
                ConnectorItem ci;
                ci.kind = kind_of(item);
                ci.title =
                    code_page_bytes(item.kind == ccm::ItemKind::file ? item.file_name : item.title);
                if (const auto stamp = parse_file_stamp(item.file_stamp)) ci.file_stamp = *stamp;
                ci.length = static_cast<std::uint32_t>(item.data.size());
                ci.crc = po::crc32(item.data);
                ci.file = f;
                ci.data_offset = item.data_offset;
                signature.emplace_back(ci.length, ci.crc);
                c.items.push_back(std::move(ci));
            }
            if (message.partial) return;
            store.index_.emplace(std::move(signature), store.messages_.size());
            store.messages_.push_back(std::move(c));
        };
        EventLog ignored;  // the connector store's own damage is issue 5's report, not repair's
        if (name.size() >= 4 &&
            (name.substr(name.size() - 4) == ".UND" || name.substr(name.size() - 4) == ".und")) {
            und::read_und(file, {}, ignored, [&](const und::UndEntry& e) { add(e.message); });
        } else {
            ccm::read_ccm(file, {}, ignored, add);
        }
    }
    return store;
}

std::vector<const ConnectorMessage*> ConnectorStore::find(
    const std::vector<std::pair<std::uint32_t, std::uint32_t>>& signature,
    const std::optional<po::DosDateTime>& date) const {
    std::vector<const ConnectorMessage*> out;
    const auto [first, last] = index_.equal_range(signature);
    for (auto it = first; it != last; ++it) {
        const ConnectorMessage& m = messages_[it->second];
        if (date &&
            (!m.date || m.date->date != date->date || m.date->time != (date->time & kMinuteMask)))
            continue;
        out.push_back(&m);
    }
    return out;
}

std::string ConnectorStore::read_item(const ConnectorItem& item) const {
    if (item.file >= files_.size()) return {};
    try {
        const EvidenceFile file = EvidenceFile::open(files_[item.file]);
        const std::string_view bytes = file.bytes();
        if (item.data_offset > bytes.size() || bytes.size() - item.data_offset < item.length) {
            return {};
        }
        return std::string(bytes.substr(item.data_offset, item.length));
    } catch (const IoError&) {
        return {};
    }
}

}  // namespace ccsalvage::repair
