// Content identity across copies: every copy the generator wrote of one message (records in
// several post offices, .ccm files in the connector queues) has one identity; different
// messages have different ones; and each part of the identity really takes part in it.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include "core/evidence.hpp"
#include "core/sha256.hpp"
#include "flow/message_identity.hpp"
#include "flow/po_message.hpp"
#include "parsers/ccm/address.hpp"
#include "parsers/ccm/reader.hpp"
#include "parsers/po/reader.hpp"

namespace ccsalvage {
namespace {

const std::filesystem::path kSet =
    std::filesystem::path(CCSALVAGE_SAMPLES_DIR) / "po" / "connector-faults-small";

nlohmann::json ground_truth() {
    std::ifstream in(kSet / "ground-truth.json");
    return nlohmann::json::parse(in);
}

// Identity of every message record reached in one post office folder, by message number.
std::map<std::uint32_t, std::string> post_office_identities(const std::string& folder) {
    auto opened = po::PostOfficeFolder::open(kSet / folder);
    EventLog log;
    const po::PostOffice office = po::read_post_office(opened.source(), {}, log);
    const flow::PoMessageOptions options = flow::options_for(office);
    std::map<std::uint32_t, std::string> out;
    for (const auto& record : office.messages) {
        const flow::PoMessage message =
            flow::load_po_message(opened.source(), office, record, options);
        out[record.header.message_number] = flow::message_identity(message.message);
    }
    return out;
}

// Identities of the messages of one .ccm file, in file order.
std::vector<std::string> ccm_identities(const std::string& relative) {
    const EvidenceFile file = EvidenceFile::open(kSet / relative);
    EventLog log;
    std::vector<std::string> out;
    ccm::read_ccm(file, {}, log, [&](const ccm::Message& message) {
        out.push_back(flow::message_identity(message));
    });
    return out;
}

TEST(MessageIdentity, EveryCopyOfAMessageHasOneIdentityAndMessagesDiffer) {
    const nlohmann::json truth = ground_truth();
    std::map<std::string, std::map<std::uint32_t, std::string>> by_office;
    std::map<int, std::string> identity_of;  // ground-truth id -> identity
    std::size_t compared = 0;
    for (const auto& message : truth["messages"]) {
        std::set<std::string> seen;
        for (const auto& copy : message["copies"]["post_office"]) {
            if (!copy["written"].get<bool>()) continue;
            const std::string office = copy["post_office"];
            if (!by_office.count(office)) by_office[office] = post_office_identities(office);
            const auto number = copy["message_number"].get<std::uint32_t>();
            ASSERT_TRUE(by_office[office].count(number)) << office << " #" << number;
            seen.insert(by_office[office][number]);
            ++compared;
        }
        for (const auto& copy : message["copies"]["ccm"]) {
            if (!copy["complete"].get<bool>()) continue;
            const auto identities = ccm_identities(copy["file"].get<std::string>());
            ASSERT_FALSE(identities.empty()) << copy["file"];
            seen.insert(identities.front());
            ++compared;
        }
        if (seen.empty()) continue;
        EXPECT_EQ(seen.size(), 1U) << "message " << message["id"] << " has copies that differ";
        identity_of[message["id"].get<int>()] = *seen.begin();
    }
    EXPECT_GT(compared, 40U);
    std::set<std::string> distinct;
    for (const auto& [id, identity] : identity_of) distinct.insert(identity);
    EXPECT_EQ(distinct.size(), identity_of.size()) << "two different messages share an identity";
}

TEST(MessageIdentity, IncompleteCopyDiffersFromTheWholeOne) {
    // Message 35: its Export copy was cut short, its Export.bak copy is whole.
    const auto cut = ccm_identities("Ccmcdata/Export/MSG272E.CCM");
    const auto whole = ccm_identities("Ccmcdata/Export.bak/MSG272E.CCM");
    ASSERT_FALSE(cut.empty());
    ASSERT_FALSE(whole.empty());
    EXPECT_NE(cut.back(), whole.back());
}

ccm::Message base_message(std::string_view& body_storage) {
    ccm::Message m;
    m.from = {ccm::parse_address("Grewal, Jeff at Hub")};
    m.to = {ccm::parse_address("Admin at HUBPO2"), ccm::parse_address("Sales at HQ")};
    m.date = ccm::Date{"6/2/98 8:39", true, 1998, 6, 2, 8, 39, 0};
    m.subject = "Another  message";
    ccm::Item text;
    text.kind = ccm::ItemKind::text;
    text.data = body_storage;
    m.items.push_back(text);
    return m;
}

TEST(MessageIdentity, ToleratesWhatASecondDeliveryChanges) {
    std::string_view body = "This is the message body";
    const ccm::Message a = base_message(body);
    ccm::Message b = base_message(body);
    b.to = {ccm::parse_address("sales at hq"), ccm::parse_address("ADMIN at HUBPO2")};
    b.subject = " Another message ";
    b.date->second = 44;
    b.bcc = {ccm::parse_address("Someone at Hub")};
    std::string_view body_crlf = "This is the message body\r\n\x1a";
    b.items[0].data = body_crlf;
    b.items[0].title = "a title only one copy has";
    b.index = 7;
    b.offset = 9000;
    EXPECT_EQ(flow::message_identity(a), flow::message_identity(b))
        << flow::identity_text(a) << "---\n"
        << flow::identity_text(b);
}

TEST(MessageIdentity, EachPartOfTheContentCounts) {
    std::string_view body = "This is the message body";
    const std::string reference = flow::message_identity(base_message(body));
    auto differs = [&](auto change) {
        std::string_view local = "This is the message body";
        ccm::Message m = base_message(local);
        change(m);
        return flow::message_identity(m) != reference;
    };
    EXPECT_TRUE(differs([](ccm::Message& m) { m.from = {ccm::parse_address("Other at Hub")}; }));
    EXPECT_TRUE(differs([](ccm::Message& m) { m.to.pop_back(); }));
    EXPECT_TRUE(differs([](ccm::Message& m) { m.cc = {ccm::parse_address("Admin at HUBPO2")}; }));
    EXPECT_TRUE(differs([](ccm::Message& m) { m.date->minute = 40; }));
    EXPECT_TRUE(differs([](ccm::Message& m) { m.subject = "Another message!"; }));
    EXPECT_TRUE(differs([](ccm::Message& m) { m.items[0].data = "This is the message bod"; }));
    EXPECT_TRUE(differs([](ccm::Message& m) { m.items[0].kind = ccm::ItemKind::file; }));
    EXPECT_TRUE(differs([](ccm::Message& m) { m.items.push_back(m.items[0]); }));
}

// The identity is kept in journals and Message-IDs, so it must never change. The canonical
// texts below are written by hand from the rules in message_identity.hpp, and their digests were
// computed outside ccsalvage (Python's hashlib over these texts): how the identity is built
// (strings, incremental hashing) may change, the digests may not.
TEST(MessageIdentity, GoldenTextAndDigests) {
    std::string_view body = "This is the message body\r\n\x1a";
    ccm::Message m = base_message(body);
    std::string attachment;
    for (int round = 0; round < 3; ++round) {
        for (int c = 0; c < 256; ++c) attachment.push_back(static_cast<char>(c));
    }
    ccm::Item file;
    file.kind = ccm::ItemKind::file;
    file.file_name = "ignored.bin";
    file.data = attachment;
    m.items.push_back(file);
    ccm::Item damage;
    damage.kind = ccm::ItemKind::unclaimed;
    damage.data = "stray bytes";
    m.items.push_back(damage);
    EXPECT_EQ(flow::identity_text(m),
              "from: grewal, jeff\n"
              "to: admin; sales\n"
              "cc: \n"
              "date: 1998-06-02T08:39\n"
              "subject: another message\n"
              "item: text 24 c3dcb8c7a315a9ac8a4b0243e17bae0403d2ca094ecbe041d50e238a6cacea7f\n"
              "item: file 768 f3a25aa93aa2fbba28d79260535bbd6a5eb0fc1c24a8b0f04e12b484c1dfe363\n");
    EXPECT_EQ(flow::message_identity(m),
              "f02983e840bf0a6247f1b1b9f5904c220136a5b7a03d90f23a8d0808cfa9f67f");
    EXPECT_EQ(flow::header_identity(m),
              "7bc3c33e5b4ebaa7ee0445d97c05103b27f2a3d78c2b299b5c936d99a28b13c3");

    ccm::Message n;
    ccm::Address sender;
    sender.raw = "Jeff <Jeff@Example.COM>";
    sender.internet = "Jeff@Example.COM";
    n.from = {sender};
    ccm::Address to;
    to.name = "M\xc3\xbcller,   J\xc3\xb6rg";
    n.to = {to};
    ccm::Address zed;
    zed.name = "Zed";
    ccm::Address raw_only;
    raw_only.raw = "  ADMIN  ";
    n.cc = {zed, raw_only};
    n.date = ccm::Date{"2/31/99  25:00", false, 0, 0, 0, 0, 0, 0};
    n.subject =
        "  Gr\xc3\xbc\xc3\x9f"
        "e\taus\r\nK\xc3\xb6ln  ";
    ccm::Item empty_text;
    empty_text.kind = ccm::ItemKind::text;
    n.items.push_back(empty_text);
    ccm::Item other;
    other.kind = ccm::ItemKind::other;
    other.data = std::string_view("\x00\x01 \r\n", 5);
    n.items.push_back(other);
    EXPECT_EQ(flow::identity_text(n),
              "from: jeff@example.com\n"
              "to: m\xc3\xbcller, j\xc3\xb6rg\n"
              "cc: admin; zed\n"
              "date: raw 2/31/99 25:00\n"
              "subject: gr\xc3\xbc\xc3\x9f"
              "e aus k\xc3\xb6ln\n"
              "item: text 0 e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\n"
              "item: other 5 346da8410ff2e38d5b2507f14373b32e4500a26294f861d0a1dd1a920f75a939\n");
    EXPECT_EQ(flow::message_identity(n),
              "86239983fc344b4234c57597adc6d89716b5a68aa167954a34bed91f5c3b1ee1");
    EXPECT_EQ(flow::header_identity(n),
              "fa1076b3b49bd1a531d4cc1191a919799573d27abf160aeb71fab0bdfcddad9b");
}

// message_identity is hashed as it goes, without identity_text: over every message of the
// sample post offices and .ccm files it must be the hash of identity_text.
TEST(MessageIdentity, IsTheHashOfItsTextForEverySampleMessage) {
    std::size_t compared = 0;
    for (const auto& entry : std::filesystem::directory_iterator(kSet)) {
        if (!std::filesystem::exists(entry.path() / "CLANDATA")) continue;
        auto opened = po::PostOfficeFolder::open(entry.path());
        EventLog log;
        const po::PostOffice office = po::read_post_office(opened.source(), {}, log);
        const flow::PoMessageOptions options = flow::options_for(office);
        for (const auto& record : office.messages) {
            const flow::PoMessage message =
                flow::load_po_message(opened.source(), office, record, options);
            EXPECT_EQ(flow::message_identity(message.message),
                      sha256_hex(flow::identity_text(message.message)));
            ++compared;
        }
    }
    for (const auto& entry : std::filesystem::recursive_directory_iterator(kSet / "Ccmcdata")) {
        if (!entry.is_regular_file() || entry.path().extension() != ".CCM") continue;
        const EvidenceFile file = EvidenceFile::open(entry.path());
        EventLog log;
        ccm::read_ccm(file, {}, log, [&](const ccm::Message& message) {
            EXPECT_EQ(flow::message_identity(message), sha256_hex(flow::identity_text(message)));
            ++compared;
        });
    }
    EXPECT_GT(compared, 60U);
}

}  // namespace
}  // namespace ccsalvage
