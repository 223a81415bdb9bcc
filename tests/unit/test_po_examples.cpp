// The worked examples of docs/formats/post-office.md, byte for byte: the CLANDATA header of
// HUBPO2 (6.1.1), message 179 (6.5.1), its item extent (7.2), the message index (6.6) and the
// folder list (8.3). The post office of those examples is assembled here block by block, in the
// document's (not the writer's canonical) layout, and must read back with no event.
#include <gtest/gtest.h>

#include "parsers/po/block.hpp"
#include "parsers/po/chain.hpp"
#include "parsers/po/crc32.hpp"
#include "parsers/po/directory_record.hpp"
#include "parsers/po/extent.hpp"
#include "parsers/po/file_header.hpp"
#include "parsers/po/mailbox_record.hpp"
#include "parsers/po/message_record.hpp"
#include "parsers/po/nft.hpp"
#include "parsers/po/reader.hpp"
#include "parsers/po/text_field.hpp"
#include "support/po_block_size.hpp"

namespace ccsalvage::po {
namespace {

constexpr std::uint32_t kSerial = 42;

std::string unhex(std::string_view text) {
    std::string out;
    int nibble = -1;
    for (const char c : text) {
        int v = -1;
        if (c >= '0' && c <= '9') v = c - '0';
        if (c >= 'A' && c <= 'F') v = c - 'A' + 10;
        if (v < 0) continue;
        if (nibble < 0) {
            nibble = v;
        } else {
            out.push_back(static_cast<char>(nibble << 4 | v));
            nibble = -1;
        }
    }
    return out;
}

CommonHeader common(FileKind kind, std::uint32_t total, std::uint32_t free_blocks) {
    CommonHeader c;
    c.write_serial = kSerial;
    c.file_kind = file_kind_byte(kind);
    c.generation = 6;
    c.block_size = B;
    c.po_id = 0x3A7F19C2;
    c.total_blocks = total;
    c.free_blocks = free_blocks;
    c.nft_block = 2;
    c.code_page = 850;
    c.model_version = 1;
    c.created = pack(1997, 1, 15, 9, 0, 0);
    c.modified = pack(1998, 6, 2, 8, 40, 10);
    return c;
}

ClandataHeader hubpo2_header() {
    ClandataHeader h;
    h.common = common(FileKind::clandata, 16, 7);
    h.message_count = 1;
    h.next_message_number = 180;
    h.directory_entry_count = 3;
    h.next_directory_id = 4;
    h.message_index_block = 5;
    h.directory_index_block = 4;
    h.mailbox_count = 2;
    h.next_mailbox_number = 3;
    h.po_name = "HUBPO2";
    h.chains[0] = {7, 7, 1};  // P
    h.chains[2] = {3, 3, 1};  // L
    h.chains[3] = {8, 8, 1};  // l
    return h;
}

MessageHeader message_179() {
    MessageHeader m;
    m.message_number = 179;
    m.date = pack(1998, 6, 2, 8, 39, 0);
    m.flags = 1;
    m.reference_count = 1;
    m.sender_entry_id = 3;
    m.total_item_bytes = 24;
    m.arrival = pack(1998, 6, 2, 8, 40, 10);
    m.sender = "Grewal, Jeff at Hub";
    m.subject = "Another message";
    m.recipients = {{1, 0, 1, "Admin at HUBPO2"}};
    m.items = {{1, 0, {}, 24, 3, crc32("This is the message body"), ""}};
    return m;
}

std::string with_nft(std::uint32_t blocks, const std::vector<std::uint8_t>& states) {
    std::string file(std::size_t{blocks} * B, '\0');
    write_chain(file, B, 'N', 0, {2}, encode_nft(states), kSerial);
    return file;
}

DirectoryEntry entry(std::uint32_t id, char type, std::uint32_t mailbox, std::uint32_t po,
                     std::string name) {
    DirectoryEntry e;
    e.entry_id = id;
    e.type_code = type;
    e.flags = mailbox != 0 ? 1 : 0;
    e.mailbox_number = mailbox;
    e.po_entry_id = po;
    e.name = std::move(name);
    return e;
}

struct Hubpo2 {
    std::string clandata, mlandata, usr1, usr2;
};

Hubpo2 build_hubpo2() {
    Hubpo2 p;
    // CLANDATA: 0 header, 1 copy, 2 NFT, 3 D Admin, 4 K, 5 I, 6 H 179, 7 D Hub, 8 D Grewal.
    p.clandata = with_nft(16, {1, 2, 3, 4, 5, 7, 6, 4, 4, 0, 0, 0, 0, 0, 0, 0});
    const DirectoryEntry admin = entry(1, 'L', 1, 0, "Admin");
    const DirectoryEntry hub = entry(2, 'P', 2, 0, "Hub");
    const DirectoryEntry jeff = entry(3, 'l', 0, 2, "Grewal, Jeff");
    write_chain(p.clandata, B, 'D', 1, {3}, encode_directory_entry(admin, 3), kSerial);
    write_chain(p.clandata, B, 'D', 2, {7}, encode_directory_entry(hub, 7), kSerial);
    write_chain(p.clandata, B, 'D', 3, {8}, encode_directory_entry(jeff, 8), kSerial);
    DirectoryIndex index;  // sorted: ADMIN, GREWAL, JEFF, HUB
    const std::vector<std::pair<const DirectoryEntry*, std::uint32_t>> order = {
        {&admin, 3}, {&jeff, 8}, {&hub, 7}};
    for (std::size_t i = 0; i < order.size(); ++i) {
        const DirectoryEntry& e = *order[i].first;
        index.entries.push_back({index_key(e.name, 4, i), e.entry_id, order[i].second,
                                 crc32(fold_name(e.name)), e.type_code});
    }
    write_chain(p.clandata, B, 'K', 0, {4}, encode_directory_index(index), kSerial);
    write_chain(p.clandata, B, 'I', 0, {5}, encode_message_index({1, 179, {{179, 6}}}), kSerial);
    write_chain(p.clandata, B, 'H', 179, {6}, encode_message_header(message_179(), 6), kSerial);
    p.clandata.replace(0, B, encode_clandata_header(hubpo2_header(), 0, B));
    p.clandata.replace(B, B, encode_clandata_header(hubpo2_header(), 1, B));
    // MLANDATA: 0, 1, 2 NFT, 3 the extent.
    p.mlandata = with_nft(4, {1, 2, 3, 8});
    write_extent(p.mlandata, B, 3, 179, 0, "This is the message body", kSerial);
    MlandataHeader mh;
    mh.common = common(FileKind::mlandata, 4, 0);
    mh.extent_count = 1;
    mh.item_count = 1;
    mh.po_name = "HUBPO2";
    p.mlandata.replace(0, B, encode_mlandata_header(mh, 0, B));
    p.mlandata.replace(B, B, encode_mlandata_header(mh, 1, B));
    // USR00001 (Admin): 3 folder table, 4 the Inbox list of 8.3.
    p.usr1 = with_nft(5, {1, 2, 3, 9, 10});
    FolderTable table;
    table.folders.push_back({1, 0, 0, 1, 1, 4, pack(1997, 1, 15, 9, 0, 0), "Inbox"});
    write_chain(p.usr1, B, 'T', 1, {3}, encode_folder_table(table, 3), kSerial);
    FolderList list;
    list.folder_id = 1;
    list.entries.push_back({179, pack(1998, 6, 2, 8, 40, 10), 0});
    write_chain(p.usr1, B, 'L', 1, {4}, encode_folder_list(list), kSerial);
    UsrHeader uh;
    uh.common = common(FileKind::usr, 5, 0);
    uh.mailbox_number = 1;
    uh.owner_entry_id = 1;
    uh.folder_table_block = 3;
    uh.folder_count = 1;
    uh.entry_count = 1;
    uh.unread_count = 1;
    uh.owner_name = "Admin";
    p.usr1.replace(0, B, encode_usr_header(uh, 0, B));
    p.usr1.replace(B, B, encode_usr_header(uh, 1, B));
    // USR00002 (Hub): its queue, empty.
    p.usr2 = with_nft(4, {1, 2, 3, 9});
    FolderTable queue;
    queue.folders.push_back({1, 6, 0, 0, 0, 0, pack(1997, 1, 15, 9, 0, 0), "Queue"});
    write_chain(p.usr2, B, 'T', 2, {3}, encode_folder_table(queue, 3), kSerial);
    UsrHeader qh;
    qh.common = common(FileKind::usr, 4, 0);
    qh.mailbox_number = 2;
    qh.owner_entry_id = 2;
    qh.folder_table_block = 3;
    qh.folder_count = 1;
    qh.owner_name = "Hub";
    p.usr2.replace(0, B, encode_usr_header(qh, 0, B));
    p.usr2.replace(B, B, encode_usr_header(qh, 1, B));
    return p;
}

TEST(PoExamples, ClandataHeaderOfSection611) {
    const std::string expected = unhex(R"(
        CC 46 B9 1A 00 00 00 00  00 00 00 00 00 00 00 00
        00 00 00 00 00 00 FC 00  2A 00 00 00 58 67 74 49
        43 06 00 02 C2 19 7F 3A  10 00 00 00 07 00 00 00
        02 00 00 00 00 00 52 03  00 01 2F 22 00 48 C2 24
        05 45 00 00 01 00 00 00  B4 00 00 00 03 00 00 00
        04 00 00 00 05 00 00 00  04 00 00 00 02 00 00 00
        03 00 00 00 06 F5 C0 AD  F7 AE F4 00 00 00 00 00)");
    const std::string block = encode_clandata_header(hubpo2_header(), 0, B);
    ASSERT_EQ(block.size(), B);
    EXPECT_EQ(block.substr(0, expected.size()), expected);
    EXPECT_EQ(block.substr(0xA0, 0x40), unhex(R"(
        00 00 00 00 07 00 00 00  07 00 00 00 01 00 00 00
        00 00 00 00 00 00 00 00  00 00 00 00 03 00 00 00
        03 00 00 00 01 00 00 00  08 00 00 00 08 00 00 00
        01 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00)"));
    EXPECT_EQ(block.find_first_not_of('\0', 0xD4), std::string::npos);
    EXPECT_EQ(compute_block_crc(block), 0x49746758u);
    // And back.
    FieldMap map;
    const ClandataHeader h = decode_clandata_header(block, 0, map);
    EXPECT_EQ(h.po_name, "HUBPO2");
    EXPECT_EQ(h.common.po_id, 0x3A7F19C2u);
    EXPECT_EQ(h.chains[3].head, 8u);
    EXPECT_FALSE(map.malformed);
}

TEST(PoExamples, MessageHeaderOfSection651) {
    const std::string expected = unhex(R"(
        CC 48 B7 1A 06 00 00 00  06 00 00 00 00 00 00 00
        B3 00 00 00 00 00 71 00  2A 00 00 00 9C 6C 01 AE
        B3 00 00 00 C2 24 E0 44  01 00 01 00 01 00 00 00
        01 00 00 00 03 00 00 00  18 00 00 00 C2 24 05 45
        13 00 E6 B4 D7 91 D3 DD  88 80 D3 CD CE B3 DB BE
        F7 BC 8F B6 EE 0F 00 A9  C2 A3 FA A8 F7 B2 CA D2
        C3 92 DD A4 8C 8C 01 00  01 00 00 00 0F 00 A9 BE
        F2 8C 9D B7 8C E4 C6 89  92 D9 FB BB CA 01 00 00
        00 00 00 18 00 00 00 03  00 00 00 F0 5D 7B C6 00
        00 00 00 00)");
    std::string file(7 * B, '\0');
    const std::string payload = encode_message_header(message_179(), 6);
    EXPECT_EQ(payload.size(), 113u);
    write_chain(file, B, 'H', 179, {6}, payload, kSerial);
    const std::string block = file.substr(6 * B, B);
    EXPECT_EQ(block.substr(0, expected.size()), expected);
    EXPECT_EQ(block.find_first_not_of('\0', 32 + 113), std::string::npos);
    FieldMap map;
    const MessageHeader back = decode_message_header(payload, 6, map);
    EXPECT_FALSE(map.malformed);
    EXPECT_EQ(back.sender, "Grewal, Jeff at Hub");
    EXPECT_EQ(back.recipients.at(0).address, "Admin at HUBPO2");
    EXPECT_EQ(back.items.at(0).data_crc, 0xC67B5DF0u);
}

TEST(PoExamples, ItemExtentOfSection72) {
    const std::string expected = unhex(R"(
        CC 45 BA 1A 03 00 00 00  03 00 00 00 00 00 00 00
        B3 00 00 00 00 00 10 00  2A 00 00 00 20 16 37 48
        00 00 01 00 18 00 00 00  00 00 00 00 DE AB 1F 72
        AA 9D AB CC 9D AB 85 9D  85 E9 92 96 C4 CD 93 9D
        BE 94 DC 96 DF ED DB 8E  00 00 00 00 00 00 00 00)");
    std::string file(4 * B, '\0');
    write_extent(file, B, 3, 179, 0, "This is the message body", kSerial);
    EXPECT_EQ(file.substr(3 * B, expected.size()), expected);
    ItemRequest request{B, 4, 179, 0, true};
    const ItemRead item = read_item(file, message_179().items[0], request);
    EXPECT_TRUE(item.crc_ok);
    EXPECT_TRUE(item.complete);
    EXPECT_TRUE(item.problems.empty());
    EXPECT_EQ(item.data, "This is the message body");
}

TEST(PoExamples, MessageIndexOfSection66AndFolderListOfSection83) {
    EXPECT_EQ(encode_message_index({1, 179, {{179, 6}}}),
              unhex("01 00 00 00  B3 00 00 00  B3 00 00 00  06 00 00 00"));
    FolderList list;
    list.folder_id = 1;
    list.entries.push_back({179, pack(1998, 6, 2, 8, 40, 10), 0});
    EXPECT_EQ(encode_folder_list(list), unhex("01 00 01 00 B3 00 00 00 C2 24 05 45 00 00 00 00"));
}

TEST(PoExamples, TheDocumentsPostOfficeReadsBackClean) {
    const Hubpo2 p = build_hubpo2();
    PostOfficeSource source;
    source.files = {{"CLANDATA", "", p.clandata},
                    {"MLANDATA", "", p.mlandata},
                    {"USR00001", "", p.usr1},
                    {"USR00002", "", p.usr2}};
    EventLog log;
    const PostOffice po = read_post_office(source, ReadOptions{}, log);
    std::string dump;
    for (const auto& e : log.events())
        dump += e.code + " @" + std::to_string(e.offset) + " " + e.detail + "\n";
    EXPECT_EQ(log.total(), 0u) << dump;
    ASSERT_EQ(po.messages.size(), 1u);
    EXPECT_EQ(po.messages[0].place.blocks, po::BlockList{6});
    EXPECT_EQ(po.directory.size(), 3u);
    EXPECT_EQ(po.directory[1].entry.name, "Grewal, Jeff");  // index order
    EXPECT_EQ(read_message_item(source, po, po.messages[0], 0).data, "This is the message body");
    EXPECT_EQ(po.mailboxes.at(0).folders.at(0).entries.at(0).message_number, 179u);
    // The block images of the document.
    EXPECT_EQ(p.clandata.substr(0, B), encode_clandata_header(hubpo2_header(), 0, B));
}

}  // namespace
}  // namespace ccsalvage::po
