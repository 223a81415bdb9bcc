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

}  // namespace
}  // namespace ccsalvage
