#pragma once
// A small but varied post office for the po tests: the HUBPO2 of the format document's worked
// examples (Admin, Hub, Grewal, Jeff and message 179), plus enough to exercise every structure:
// chained records, file and empty items, several folders and mailboxes, a list, an alias, a
// bulletin board.
#include <string>
#include <string_view>
#include <vector>

#include "core/event.hpp"
#include "parsers/po/reader.hpp"
#include "parsers/po/writer.hpp"

namespace ccsalvage::testing {

inline po::DosDateTime dos(int y, int mo, int d, int h, int mi, int s) {
    return po::pack(y, mo, d, h, mi, s);
}

inline po::PostOfficeSpec sample_spec() {
    using namespace po;
    PostOfficeSpec s;
    s.name = "HUBPO2";
    s.generation = 6;
    s.code_page = 850;
    s.po_id = 0x3A7F19C2;
    s.created = dos(1997, 1, 15, 9, 0, 0);
    s.modified = dos(1998, 6, 2, 8, 40, 10);
    s.previous_write_serial = 41;
    s.directory = {
        {1, 'L', 1, 0, 0, dos(1997, 1, 15, 9, 0, 0), "Admin", "", "", "", {}},
        {2, 'P', 2, 0, 0, dos(1997, 1, 15, 9, 5, 0), "Hub", "HUB", "", "", {}},
        {3, 'l', 0, 2, 0, dos(1997, 2, 1, 10, 0, 0), "Grewal, Jeff", "", "", "", {}},
        {4, 'L', 3, 0, 0, dos(1997, 2, 3, 11, 0, 0), "M\x81ller, J\x94rg", "", "", "JMULLER", {}},
        {5, 'G', 0, 0, 0, dos(1997, 3, 1, 12, 0, 0), "Everyone", "", "public list", "", {1, 4}},
        {6, 'A', 0, 0, 1, dos(1997, 3, 2, 12, 0, 0), "Postmaster", "", "", "", {}},
        {7, 'B', 4, 0, 0, dos(1997, 3, 3, 12, 0, 0), "Sales", "", "", "", {}},
        {8,
         'l',
         0,
         2,
         0,
         dos(1997, 3, 4, 12, 0, 0),
         "administrator",
         "",
         "MSExchangeCCMC SRV1",
         "",
         {}},
    };
    MessageSpec m179;
    m179.message_number = 179;
    m179.date = dos(1998, 6, 2, 8, 39, 0);
    m179.arrival = dos(1998, 6, 2, 8, 40, 10);
    m179.flags = 1;
    m179.sender_entry_id = 3;
    m179.sender = "Grewal, Jeff at Hub";
    m179.subject = "Another message";
    m179.recipients = {{1, 1, "Admin at HUBPO2"}};
    m179.items = {{1, 0, {}, "", "This is the message body", {}}};
    MessageSpec m180;
    m180.message_number = 180;
    m180.date = dos(1998, 6, 3, 9, 0, 0);
    m180.arrival = dos(1998, 6, 3, 9, 0, 2);
    m180.sender_entry_id = 1;
    m180.sender = "Admin";
    m180.subject = "Quarterly report and a subject that is long enough to matter";
    for (int i = 0; i < 40; ++i) {
        m180.recipients.push_back({static_cast<std::uint8_t>(1 + i % 3), i % 2 == 0 ? 4u : 0u,
                                   "Recipient number " + std::to_string(i) + " at SOMEWHERE"});
    }
    std::string file_data;
    for (int i = 0; i < 3000; ++i) file_data.push_back(static_cast<char>((i * 7919) & 0xFF));
    m180.items = {{1, 0, {}, "Note", std::string(700, 'x'), {}},
                  {2, 0, dos(1998, 5, 30, 17, 12, 4), "REPORT.XLS", file_data, {}},
                  {1, 0, {}, "", "", {}}};
    MessageSpec m181;
    m181.message_number = 181;
    m181.date = dos(1998, 6, 4, 10, 0, 0);
    m181.arrival = dos(1998, 6, 4, 10, 0, 0);
    m181.flags = 0x20;
    m181.sender = "Admin";
    m181.subject = "Board posting";
    m181.recipients = {{1, 7, "#Sales"}};
    m181.items = {{1, 0, {}, "", "For sale: one cc:Mail post office.", {}}};
    s.messages = {m179, m180, m181};
    s.mailboxes = {
        {1,
         {{1, 0, dos(1997, 1, 15, 9, 0, 0), "Inbox", {{179, dos(1998, 6, 2, 8, 40, 10), 0}}},
          {2, 1, dos(1997, 1, 15, 9, 0, 0), "Message Log", {{180, dos(1998, 6, 3, 9, 0, 0), 3}}},
          {3, 3, dos(1997, 1, 15, 9, 0, 0), "Trash", {}},
          {4, 4, dos(1997, 5, 1, 9, 0, 0), "Projects", {{179, dos(1998, 6, 2, 9, 0, 0), 1}}}}},
        {2, {{1, 6, dos(1997, 1, 15, 9, 5, 0), "Queue", {{180, dos(1998, 6, 3, 9, 0, 2), 0}}}}},
        {3, {{1, 0, dos(1997, 2, 3, 11, 0, 0), "Inbox", {{180, dos(1998, 6, 3, 9, 0, 2), 1}}}}},
        {4, {{1, 5, dos(1997, 3, 3, 12, 0, 0), "Sales", {{181, dos(1998, 6, 4, 10, 0, 0), 0}}}}},
    };
    return s;
}

// Views into `files`, named as a folder names them.
inline po::PostOfficeSource source_of(const po::PostOfficeFiles& files) {
    po::PostOfficeSource source;
    source.files.push_back({"CLANDATA", "", files.clandata});
    source.files.push_back({"MLANDATA", "", files.mlandata});
    for (const auto& [name, bytes] : files.mailboxes) source.files.push_back({name, "", bytes});
    return source;
}

struct PoRead {
    po::PostOffice po;
    EventLog log;

    bool has(std::string_view code) const {
        for (const auto& e : log.events())
            if (e.code == code) return true;
        return false;
    }
    bool has_at(std::string_view code, std::string_view file, std::uint64_t offset) const {
        for (const auto& e : log.events())
            if (e.code == code && e.file == file && e.offset == offset) return true;
        return false;
    }
    std::string dump() const {
        std::string out;
        for (const auto& e : log.events()) {
            out += e.code + " " + e.file + " @" + std::to_string(e.offset) + ": " + e.detail + "\n";
        }
        return out;
    }
};

inline PoRead read_files(const po::PostOfficeFiles& files) {
    PoRead r;
    r.po = po::read_post_office(source_of(files), po::ReadOptions{}, r.log);
    return r;
}

}  // namespace ccsalvage::testing
