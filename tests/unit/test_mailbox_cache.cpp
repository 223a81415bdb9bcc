#include "mime/mailbox_cache.hpp"

#include <gtest/gtest.h>

#include <string>

#include "mime/header_text.hpp"

namespace ccsalvage::mime {
namespace {

ccm::Address address(ccm::AddressKind kind, std::string name, std::string post_office,
                     std::string internet = {}) {
    ccm::Address out;
    out.kind = kind;
    out.name = std::move(name);
    out.post_office = std::move(post_office);
    out.internet = std::move(internet);
    return out;
}

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
        address(ccm::AddressKind::post_office_user, "Grewal, Jeff", "Hub"),
        address(ccm::AddressKind::post_office_user, "Müller, Jörg", "Zürich"),
        address(ccm::AddressKind::bulletin_board, "Sales", "HQ"),
        address(ccm::AddressKind::internet, "user@example.com", "GW", "user@example.com"),
        address(ccm::AddressKind::local_name, "Admin\r\nBcc: x", ""),
    };
    for (int round = 0; round < 2; ++round) {  // the second round is served from the cache
        for (const auto& a : addresses) expect_fresh(a, mapping);
    }
}

TEST(MailboxCache, AnotherMappingIsNotServedFromTheCache) {
    const auto user = address(ccm::AddressKind::post_office_user, "Grewal, Jeff", "Hub");
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
    const auto joined = address(ccm::AddressKind::post_office_user, "Jeff\x1fHub", "");
    const auto split = address(ccm::AddressKind::post_office_user, "Jeff", "Hub");
    expect_fresh(joined, mapping);
    expect_fresh(split, mapping);
    EXPECT_NE(encoded_mailbox(joined, mapping).addr_spec,
              encoded_mailbox(split, mapping).addr_spec);
    const auto board = address(ccm::AddressKind::bulletin_board, "Jeff", "Hub");
    EXPECT_NE(encoded_mailbox(board, mapping).addr_spec, encoded_mailbox(split, mapping).addr_spec);
}

TEST(MailboxCache, StaysBoundedAndCorrect) {
    const AddressMapping mapping;
    for (int i = 0; i < 5000; ++i) {
        (void)encoded_mailbox(
            address(ccm::AddressKind::post_office_user, "User " + std::to_string(i), "PO"),
            mapping);
        forget_mailboxes_if_full();
    }
    expect_fresh(address(ccm::AddressKind::post_office_user, "User 7", "PO"), mapping);
}

}  // namespace
}  // namespace ccsalvage::mime
