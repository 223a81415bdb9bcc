#include "mime/mailbox_cache.hpp"

#include <gtest/gtest.h>

#include <string>

#include "mime/header_text.hpp"
#include "support/ccm_address.hpp"

namespace ccsalvage::mime {
namespace {

using testing::ccm_address;

void expect_fresh(const ccm::Address& source, const AddressMapping& mapping) {
    const MappedAddress mapped = map_address(source, mapping);
    const std::string display = header_safe(mapped.display_name);
    const EncodedMailbox& cached = encoded_mailbox(source, mapping);
    EXPECT_EQ(cached.addr_spec, mapped.addr_spec);
    EXPECT_EQ(cached.phrase, display.empty() ? std::string() : encode_phrase(display));
}

TEST(MailboxCache, GivesWhatMappingAndEncodingGive) {
    const AddressMapping mapping;
    const std::vector<ccm::Address> addresses = {
        ccm_address(ccm::AddressKind::post_office_user, "Grewal, Jeff", "Hub"),
        ccm_address(ccm::AddressKind::post_office_user, "Müller, Jörg", "Zürich"),
        ccm_address(ccm::AddressKind::bulletin_board, "Sales", "HQ"),
        ccm_address(ccm::AddressKind::internet, "user@example.com", "GW", "user@example.com"),
        ccm_address(ccm::AddressKind::local_name, "Admin\r\nBcc: x", ""),
    };
    for (int round = 0; round < 2; ++round) {  // the second round is served from the cache
        for (const auto& a : addresses) expect_fresh(a, mapping);
    }
}

TEST(MailboxCache, AnotherMappingIsNotServedFromTheCache) {
    const auto user = ccm_address(ccm::AddressKind::post_office_user, "Grewal, Jeff", "Hub");
    AddressMapping first;
    AddressMapping second;
    second.domain_template = "{po}.example.invalid";
    EXPECT_EQ(encoded_mailbox(user, first).addr_spec, "jeff.grewal@hub.ccmail.invalid");
    EXPECT_EQ(encoded_mailbox(user, second).addr_spec, "jeff.grewal@hub.example.invalid");
    EXPECT_EQ(encoded_mailbox(user, first).addr_spec, "jeff.grewal@hub.ccmail.invalid");
}

TEST(MailboxCache, FieldsAreNeverConfusedWithEachOther) {
    // Evidence may hold any byte: a name with a separator-like byte must not meet another
    // address whose fields join to the same text.
    const AddressMapping mapping;
    const auto joined = ccm_address(ccm::AddressKind::post_office_user, "Jeff\x1fHub", "");
    const auto split = ccm_address(ccm::AddressKind::post_office_user, "Jeff", "Hub");
    expect_fresh(joined, mapping);
    expect_fresh(split, mapping);
    EXPECT_NE(encoded_mailbox(joined, mapping).addr_spec,
              encoded_mailbox(split, mapping).addr_spec);
    const auto board = ccm_address(ccm::AddressKind::bulletin_board, "Jeff", "Hub");
    EXPECT_NE(encoded_mailbox(board, mapping).addr_spec, encoded_mailbox(split, mapping).addr_spec);
}

TEST(MailboxCache, StaysBoundedAndCorrect) {
    const AddressMapping mapping;
    for (int i = 0; i < 5000; ++i) {
        (void)encoded_mailbox(
            ccm_address(ccm::AddressKind::post_office_user, "User " + std::to_string(i), "PO"),
            mapping);
        forget_mailboxes_if_full();
    }
    expect_fresh(ccm_address(ccm::AddressKind::post_office_user, "User 7", "PO"), mapping);
}

}  // namespace
}  // namespace ccsalvage::mime
