#include <gtest/gtest.h>

#include <string>
#include <utility>

#include "mime/address_mapping.hpp"
#include "parsers/ccm/message.hpp"
#include "support/ccm_address.hpp"

namespace ccsalvage::mime {
namespace {

ccm::Address address(ccm::AddressKind kind, std::string name, std::string post_office = {},
                     std::string internet = {}) {
    return testing::ccm_address(kind, std::move(name), std::move(post_office), std::move(internet));
}

bool only_local_part_characters(const std::string& text) {
    for (char c : text) {
        const bool ok =
            (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
        if (!ok) return false;
    }
    return !text.empty();
}

TEST(AddressMapping, LastCommaFirstAtPostOffice) {
    const auto mapped =
        map_address(address(ccm::AddressKind::post_office_user, "Grewal, Jeff", "Hub"));
    EXPECT_EQ(mapped.display_name, "Grewal, Jeff");
    EXPECT_EQ(mapped.addr_spec, "jeff.grewal@hub.ccmail.invalid");
}

TEST(AddressMapping, LocalNameUsesTheLocalDomain) {
    const auto mapped = map_address(address(ccm::AddressKind::local_name, "Admin"));
    EXPECT_EQ(mapped.display_name, "Admin");
    EXPECT_EQ(mapped.addr_spec, "admin@local.ccmail.invalid");
}

TEST(AddressMapping, FirstLastNamesKeepTheirOrder) {
    EXPECT_EQ(
        map_address(address(ccm::AddressKind::post_office_user, "CCMailPO1 User1", "CCMAILPO1"))
            .addr_spec,
        "ccmailpo1.user1@ccmailpo1.ccmail.invalid");
    EXPECT_EQ(local_part_for_name("John Q. Smith"), "john.q.smith");
}

TEST(AddressMapping, FoldsAccentsToAscii) {
    const auto mapped =
        map_address(address(ccm::AddressKind::post_office_user, "Müller, Jörg", "Zürich"));
    EXPECT_EQ(mapped.display_name, "Müller, Jörg");
    EXPECT_EQ(mapped.addr_spec, "jorg.muller@zurich.ccmail.invalid");
    EXPECT_EQ(local_part_for_name("Straße, Hans"), "hans.strasse");
    EXPECT_EQ(local_part_for_name("Øster, Åse"), "ase.oster");
}

TEST(AddressMapping, PunctuationAndApostrophes) {
    EXPECT_EQ(local_part_for_name("O'Brien, Pat"), "pat.obrien");
    EXPECT_EQ(local_part_for_name("van der Berg, Jan-Peter"), "jan-peter.van.der.berg");
    EXPECT_EQ(local_part_for_name("  Smith ,  John  "), "john.smith");
    EXPECT_EQ(local_part_for_name("Sales & Marketing (EU)"), "sales.marketing.eu");
}

TEST(AddressMapping, EmptyOrUnusableNamesBecomeUnknown) {
    EXPECT_EQ(local_part_for_name(""), "unknown");
    EXPECT_EQ(local_part_for_name(", "), "unknown");
    EXPECT_EQ(local_part_for_name("!!!"), "unknown");
    // Export 8.3 could drop the name and leave "at PO" only (Q249133).
    const auto mapped = map_address(address(ccm::AddressKind::post_office_user, "", "PO_NAME"));
    EXPECT_EQ(mapped.addr_spec, "unknown@po-name.ccmail.invalid");
    EXPECT_EQ(mapped.display_name, "");
}

TEST(AddressMapping, NonLatinNamesStillGiveAnAsciiLocalPart) {
    const std::string local = local_part_for_name("山田, 太郎");
    EXPECT_TRUE(only_local_part_characters(local)) << local;
}

TEST(AddressMapping, LocalPartIsAtMost64Characters) {
    const std::string local = local_part_for_name(
        "Averyveryverylongfamilyname, Averyveryverylongfirstname Averyverylongmiddlename");
    EXPECT_LE(local.size(), 64u);
    EXPECT_TRUE(only_local_part_characters(local)) << local;
    EXPECT_NE(local.back(), '.');
    EXPECT_EQ(local_part_for_name(std::string(100, 'x')).size(), 64u);
}

TEST(AddressMapping, PostOfficeBecomesOneDnsLabel) {
    EXPECT_EQ(dns_label_for_post_office("HUBPO2"), "hubpo2");
    EXPECT_EQ(dns_label_for_post_office("HUB PO_2"), "hub-po-2");
    EXPECT_EQ(dns_label_for_post_office("--Zürich--"), "zurich");
    EXPECT_EQ(dns_label_for_post_office("..."), "unknown");
    EXPECT_EQ(dns_label_for_post_office(std::string(80, 'a')).size(), 63u);
}

TEST(AddressMapping, BulletinBoards) {
    const auto remote = map_address(address(ccm::AddressKind::bulletin_board, "Sales", "HQ"));
    EXPECT_EQ(remote.display_name, "#Sales");
    EXPECT_EQ(remote.addr_spec, "bb.sales@hq.ccmail.invalid");
    const auto local = map_address(address(ccm::AddressKind::bulletin_board, "Company News"));
    EXPECT_EQ(local.addr_spec, "bb.company.news@local.ccmail.invalid");
}

TEST(AddressMapping, InternetAddressesAreUsedAsIs) {
    const auto gateway = map_address(
        address(ccm::AddressKind::internet, "user@example.com", "SMTPGW", "user@example.com"));
    EXPECT_EQ(gateway.addr_spec, "user@example.com");
    EXPECT_EQ(gateway.display_name, "");

    // DB8 form ",User [SMTP:User@Domain.com] at site": the name is kept for display.
    const auto db8 =
        map_address(address(ccm::AddressKind::internet, "User", "Site", "User@Domain.com"));
    EXPECT_EQ(db8.addr_spec, "User@Domain.com");
    EXPECT_EQ(db8.display_name, "User");

    // The address only in the name field.
    const auto name_only =
        map_address(address(ccm::AddressKind::internet, "someone@example.org", "GW"));
    EXPECT_EQ(name_only.addr_spec, "someone@example.org");
}

TEST(AddressMapping, UnusableInternetAddressFallsBackToTheMapping) {
    const auto mapped =
        map_address(address(ccm::AddressKind::internet, "Bad Addr", "GW", "bad addr@x y"));
    EXPECT_EQ(mapped.addr_spec, "bad.addr@gw.ccmail.invalid");
    EXPECT_EQ(mapped.display_name, "Bad Addr");
}

TEST(AddressMapping, CustomDomains) {
    AddressMapping mapping;
    mapping.domain_template = "{po}.mail.example.org";
    mapping.local_domain = "anr.example.org";
    EXPECT_EQ(map_address(address(ccm::AddressKind::post_office_user, "Doe, Jane", "HQ"), mapping)
                  .addr_spec,
              "jane.doe@hq.mail.example.org");
    EXPECT_EQ(map_address(address(ccm::AddressKind::local_name, "Doe, Jane"), mapping).addr_spec,
              "jane.doe@anr.example.org");
    mapping.domain_template = "ccmail.example.org";  // no placeholder: one domain for all
    EXPECT_EQ(domain_for_post_office("HQ", mapping), "ccmail.example.org");
}

}  // namespace
}  // namespace ccsalvage::mime
