#include "parsers/ccm/address.hpp"

#include <gtest/gtest.h>

#include <cstddef>
#include <random>
#include <string>
#include <string_view>

namespace ccsalvage::ccm {
namespace {

using namespace std::string_literals;

void expect_address(const Address& a, AddressKind kind, std::string_view name,
                    std::string_view post_office, std::string_view raw) {
    EXPECT_EQ(a.kind, kind) << "raw: " << a.raw;
    EXPECT_EQ(a.name, name);
    EXPECT_EQ(a.post_office, post_office);
    EXPECT_EQ(a.raw, raw);
}

// --- single addresses -------------------------------------------------------------------------

TEST(CcmAddress, PostOfficeUserFromTheKbSample) {
    const AddressList list = parse_address_list("Grewal, Jeff at Hub");
    ASSERT_EQ(list.addresses.size(), 1u);
    expect_address(list.addresses[0], AddressKind::post_office_user, "Grewal, Jeff", "Hub",
                   "Grewal, Jeff at Hub");
    EXPECT_TRUE(list.addresses[0].internet.empty());
    EXPECT_FALSE(list.ambiguous);
}

TEST(CcmAddress, FirstLastNameAndNamesWithDigitsOrColon) {
    expect_address(parse_address("CCMailPO1 User1 at CCMAILPO1"), AddressKind::post_office_user,
                   "CCMailPO1 User1", "CCMAILPO1", "CCMailPO1 User1 at CCMAILPO1");
    expect_address(parse_address("ccmail:User at PostOffice"), AddressKind::post_office_user,
                   "ccmail:User", "PostOffice", "ccmail:User at PostOffice");
}

TEST(CcmAddress, SplitsAtTheLastAt) {
    expect_address(parse_address("Pat at Home at HUB"), AddressKind::post_office_user,
                   "Pat at Home", "HUB", "Pat at Home at HUB");
}

TEST(CcmAddress, AtIsCaseInsensitive) {
    expect_address(parse_address("Admin AT HUB"), AddressKind::post_office_user, "Admin", "HUB",
                   "Admin AT HUB");
    expect_address(parse_address("Admin At HUB"), AddressKind::post_office_user, "Admin", "HUB",
                   "Admin At HUB");
}

TEST(CcmAddress, AtMustBeAWholeWord) {
    // "at" inside a word never separates.
    expect_address(parse_address("Matt Batson"), AddressKind::local_name, "Matt Batson", "",
                   "Matt Batson");
    expect_address(parse_address("Kat Batson at HUB"), AddressKind::post_office_user, "Kat Batson",
                   "HUB", "Kat Batson at HUB");
    expect_address(parse_address("Smith at,HUB"), AddressKind::local_name, "Smith at,HUB", "",
                   "Smith at,HUB");
    // The text "at" alone is a (strange) local name, not an empty address.
    expect_address(parse_address("at"), AddressKind::local_name, "at", "", "at");
}

TEST(CcmAddress, BlanksAroundAndInsideAreTolerated) {
    expect_address(parse_address("  Admin \t at   HUB \r\n"), AddressKind::post_office_user,
                   "Admin", "HUB", "Admin \t at   HUB");
}

TEST(CcmAddress, LocalNameHasNoPostOffice) {
    expect_address(parse_address("Admin"), AddressKind::local_name, "Admin", "", "Admin");
}

TEST(CcmAddress, EmptyPostOfficeGivesALocalNameAndKeepsRaw) {
    expect_address(parse_address("Admin at"), AddressKind::local_name, "Admin", "", "Admin at");
    expect_address(parse_address("Grewal, Jeff at  "), AddressKind::local_name, "Grewal, Jeff", "",
                   "Grewal, Jeff at");
}

TEST(CcmAddress, EmptyNameKeepsThePostOffice) {
    // Export 8.3 could drop the user name and write only "at PO".
    expect_address(parse_address("at HUBPO2"), AddressKind::post_office_user, "", "HUBPO2",
                   "at HUBPO2");
}

TEST(CcmAddress, BulletinBoards) {
    expect_address(parse_address("#Sales"), AddressKind::bulletin_board, "Sales", "", "#Sales");
    expect_address(parse_address("#Sales at HQ"), AddressKind::bulletin_board, "Sales", "HQ",
                   "#Sales at HQ");
    expect_address(parse_address("#"), AddressKind::bulletin_board, "", "", "#");
    expect_address(parse_address("#Sales and Marketing at HQ"), AddressKind::bulletin_board,
                   "Sales and Marketing", "HQ", "#Sales and Marketing at HQ");
}

TEST(CcmAddress, InternetThroughAGateway) {
    const Address a = parse_address("user@example.com at SMTPGW");
    expect_address(a, AddressKind::internet, "user@example.com", "SMTPGW",
                   "user@example.com at SMTPGW");
    EXPECT_EQ(a.internet, "user@example.com");
}

TEST(CcmAddress, InternetWithoutPostOffice) {
    const Address a = parse_address("user@example.com");
    expect_address(a, AddressKind::internet, "user@example.com", "", "user@example.com");
    EXPECT_EQ(a.internet, "user@example.com");
}

TEST(CcmAddress, AtSignAtTheEdgeOrInsideAPhraseIsNotInternet) {
    EXPECT_EQ(parse_address("@home").kind, AddressKind::local_name);
    EXPECT_EQ(parse_address("home@").kind, AddressKind::local_name);
    const Address a = parse_address("Meet me @ noon at HUB");
    EXPECT_EQ(a.kind, AddressKind::post_office_user);
    EXPECT_TRUE(a.internet.empty());
}

TEST(CcmAddress, Db8SmtpForm) {
    const Address a = parse_address(",User [SMTP:user@domain.com] at site");
    expect_address(a, AddressKind::internet, "User", "site",
                   ",User [SMTP:user@domain.com] at site");
    EXPECT_EQ(a.internet, "user@domain.com");
}

TEST(CcmAddress, Db8SmtpFormWithQuotedDisplayName) {
    const Address a = parse_address("\"User; Test\" [SMTP:ut@example.com] at site");
    expect_address(a, AddressKind::internet, "User; Test", "site",
                   "\"User; Test\" [SMTP:ut@example.com] at site");
    EXPECT_EQ(a.internet, "ut@example.com");
}

TEST(CcmAddress, SmtpTagAnyCaseAndNoDisplayName) {
    const Address a = parse_address("[smtp:u@example.com] at site");
    EXPECT_EQ(a.kind, AddressKind::internet);
    EXPECT_EQ(a.name, "u@example.com");
    EXPECT_EQ(a.internet, "u@example.com");
    EXPECT_EQ(a.post_office, "site");
}

TEST(CcmAddress, SmtpBracketLeftOpenStillGivesTheAddress) {
    const Address a = parse_address(",User [SMTP:user@domain.com at site");
    EXPECT_EQ(a.kind, AddressKind::internet);
    EXPECT_EQ(a.name, "User");
    EXPECT_EQ(a.internet, "user@domain.com");
    EXPECT_EQ(a.post_office, "site");
}

TEST(CcmAddress, BracketsWithoutSmtpAreAPlainName) {
    const Address a = parse_address("Ops [Night] at HUB");
    expect_address(a, AddressKind::post_office_user, "Ops [Night]", "HUB", "Ops [Night] at HUB");
    EXPECT_TRUE(a.internet.empty());
    // An empty SMTP tag is no Internet address either.
    EXPECT_NE(parse_address("Ops [SMTP:] at HUB").kind, AddressKind::internet);
}

TEST(CcmAddress, DanglingCommasAreNotPartOfNameOrPostOffice) {
    expect_address(parse_address("Admin at HUB,"), AddressKind::post_office_user, "Admin", "HUB",
                   "Admin at HUB,");
    expect_address(parse_address(",Ann at HUB"), AddressKind::post_office_user, "Ann", "HUB",
                   ",Ann at HUB");
}

// --- lists --------------------------------------------------------------------------------------

TEST(CcmAddressList, TwoPostOfficeAddresses) {
    const AddressList list = parse_address_list("Grewal, Jeff at Hub, Admin at HUBPO2");
    ASSERT_EQ(list.addresses.size(), 2u);
    expect_address(list.addresses[0], AddressKind::post_office_user, "Grewal, Jeff", "Hub",
                   "Grewal, Jeff at Hub");
    expect_address(list.addresses[1], AddressKind::post_office_user, "Admin", "HUBPO2",
                   "Admin at HUBPO2");
    EXPECT_FALSE(list.ambiguous);
}

TEST(CcmAddressList, SingleNameThenLastFirst) {
    const AddressList list = parse_address_list("Admin at HUB, Smith, Ann at HUB");
    ASSERT_EQ(list.addresses.size(), 2u);
    EXPECT_EQ(list.addresses[0].name, "Admin");
    EXPECT_EQ(list.addresses[1].name, "Smith, Ann");
    EXPECT_EQ(list.addresses[1].raw, "Smith, Ann at HUB");
    EXPECT_FALSE(list.ambiguous);
}

TEST(CcmAddressList, ManyAddressesKeepTheirOrder) {
    const AddressList list =
        parse_address_list("A, B at P1, C at P2, D, E at P3, #Board at P4, x@y.org at GW");
    ASSERT_EQ(list.addresses.size(), 5u);
    EXPECT_EQ(list.addresses[0].name, "A, B");
    EXPECT_EQ(list.addresses[0].post_office, "P1");
    EXPECT_EQ(list.addresses[1].name, "C");
    EXPECT_EQ(list.addresses[2].name, "D, E");
    EXPECT_EQ(list.addresses[3].kind, AddressKind::bulletin_board);
    EXPECT_EQ(list.addresses[3].name, "Board");
    EXPECT_EQ(list.addresses[4].kind, AddressKind::internet);
    EXPECT_EQ(list.addresses[4].internet, "x@y.org");
    EXPECT_FALSE(list.ambiguous);
}

TEST(CcmAddressList, RawIsTheTextAsWrittenBetweenSeparators) {
    const AddressList list = parse_address_list("  Grewal,  Jeff   at Hub  ,  Admin at HUBPO2 ");
    // ",  " contains ", ": cut there; blanks around each piece are trimmed.
    ASSERT_EQ(list.addresses.size(), 2u);
    EXPECT_EQ(list.addresses[0].raw, "Grewal,  Jeff   at Hub");
    EXPECT_EQ(list.addresses[0].name, "Grewal,  Jeff");
    EXPECT_EQ(list.addresses[1].raw, "Admin at HUBPO2");
}

TEST(CcmAddressList, CommaWithoutBlankDoesNotSeparate) {
    const AddressList list = parse_address_list("Admin at HUB,Smith at HUB");
    ASSERT_EQ(list.addresses.size(), 1u);
    EXPECT_EQ(list.addresses[0].name, "Admin at HUB,Smith");
    EXPECT_EQ(list.addresses[0].post_office, "HUB");
}

TEST(CcmAddressList, EmptyInputs) {
    for (const char* text : {"", " ", "   \t\r\n", ",", ",,,,", ", , , ", " ,  ,, ", ", "}) {
        const AddressList list = parse_address_list(text);
        EXPECT_TRUE(list.addresses.empty()) << '"' << text << '"';
        EXPECT_FALSE(list.ambiguous) << '"' << text << '"';
    }
}

TEST(CcmAddressList, EmptyPiecesBetweenAddressesAreSkipped) {
    const AddressList list = parse_address_list("Admin at HUB, , ,, Smith at HUB, ");
    ASSERT_EQ(list.addresses.size(), 2u);
    EXPECT_EQ(list.addresses[0].raw, "Admin at HUB");
    EXPECT_EQ(list.addresses[1].raw, "Smith at HUB");
}

TEST(CcmAddressList, SingleLocalNameIsNoGuess) {
    const AddressList list = parse_address_list("Admin");
    ASSERT_EQ(list.addresses.size(), 1u);
    expect_address(list.addresses[0], AddressKind::local_name, "Admin", "", "Admin");
    EXPECT_FALSE(list.ambiguous);
}

TEST(CcmAddressList, TwoSingleWordsAreOneLastFirstNameButAGuess) {
    const AddressList list = parse_address_list("Smith, Ann");
    ASSERT_EQ(list.addresses.size(), 1u);
    expect_address(list.addresses[0], AddressKind::local_name, "Smith, Ann", "", "Smith, Ann");
    EXPECT_TRUE(list.ambiguous);
}

TEST(CcmAddressList, LastFirstWithMultiWordHalf) {
    const AddressList list = parse_address_list("van der Berg, Jan");
    ASSERT_EQ(list.addresses.size(), 1u);
    EXPECT_EQ(list.addresses[0].name, "van der Berg, Jan");
    EXPECT_TRUE(list.ambiguous);
}

TEST(CcmAddressList, TwoFirstLastNamesStaySeparate) {
    const AddressList list = parse_address_list("John Smith, Ann Jones");
    ASSERT_EQ(list.addresses.size(), 2u);
    EXPECT_EQ(list.addresses[0].name, "John Smith");
    EXPECT_EQ(list.addresses[1].name, "Ann Jones");
    EXPECT_TRUE(list.ambiguous);
}

TEST(CcmAddressList, EvenLocalTokensArePaired) {
    const AddressList list = parse_address_list("Smith, Ann, Jones, Bob");
    ASSERT_EQ(list.addresses.size(), 2u);
    expect_address(list.addresses[0], AddressKind::local_name, "Smith, Ann", "", "Smith, Ann");
    expect_address(list.addresses[1], AddressKind::local_name, "Jones, Bob", "", "Jones, Bob");
    EXPECT_TRUE(list.ambiguous);
}

TEST(CcmAddressList, OddLocalTokensStayOneByOne) {
    const AddressList list = parse_address_list("Admin, Smith, Ann");
    ASSERT_EQ(list.addresses.size(), 3u);
    EXPECT_EQ(list.addresses[0].name, "Admin");
    EXPECT_EQ(list.addresses[1].name, "Smith");
    EXPECT_EQ(list.addresses[2].name, "Ann");
    EXPECT_TRUE(list.ambiguous);
}

TEST(CcmAddressList, LocalNameAfterPostOfficeAddress) {
    const AddressList list = parse_address_list("Smith, Ann at HUB, Admin");
    ASSERT_EQ(list.addresses.size(), 2u);
    EXPECT_EQ(list.addresses[0].kind, AddressKind::post_office_user);
    expect_address(list.addresses[1], AddressKind::local_name, "Admin", "", "Admin");
    EXPECT_FALSE(list.ambiguous);
}

TEST(CcmAddressList, LocalLastFirstAfterPostOfficeAddress) {
    const AddressList list = parse_address_list("Jones, Bob at HUB, Smith, Ann");
    ASSERT_EQ(list.addresses.size(), 2u);
    EXPECT_EQ(list.addresses[0].name, "Jones, Bob");
    EXPECT_EQ(list.addresses[1].name, "Smith, Ann");
    EXPECT_EQ(list.addresses[1].kind, AddressKind::local_name);
    EXPECT_TRUE(list.ambiguous);
}

TEST(CcmAddressList, NameWithTwoCommasIsKeptTogetherButFlagged) {
    const AddressList list = parse_address_list("Doe, John, Smith, Ann at HUB");
    ASSERT_EQ(list.addresses.size(), 1u);
    EXPECT_EQ(list.addresses[0].name, "Doe, John, Smith, Ann");
    EXPECT_EQ(list.addresses[0].post_office, "HUB");
    EXPECT_TRUE(list.ambiguous);
}

TEST(CcmAddressList, LostPostOfficeStillClosesTheAddress) {
    const AddressList list = parse_address_list("Grewal, Jeff at, Admin at HUB");
    ASSERT_EQ(list.addresses.size(), 2u);
    expect_address(list.addresses[0], AddressKind::local_name, "Grewal, Jeff", "",
                   "Grewal, Jeff at");
    expect_address(list.addresses[1], AddressKind::post_office_user, "Admin", "HUB",
                   "Admin at HUB");
    EXPECT_FALSE(list.ambiguous);
}

TEST(CcmAddressList, LostNameStillClosesTheAddress) {
    const AddressList list = parse_address_list("Admin at HUB, at HUB2, Smith at HUB3");
    ASSERT_EQ(list.addresses.size(), 3u);
    expect_address(list.addresses[1], AddressKind::post_office_user, "", "HUB2", "at HUB2");
    EXPECT_EQ(list.addresses[2].name, "Smith");
}

TEST(CcmAddressList, BulletinBoardsInALine) {
    const AddressList list = parse_address_list("#Sales, #News at HQ, Admin at HUB");
    ASSERT_EQ(list.addresses.size(), 3u);
    expect_address(list.addresses[0], AddressKind::bulletin_board, "Sales", "", "#Sales");
    expect_address(list.addresses[1], AddressKind::bulletin_board, "News", "HQ", "#News at HQ");
    expect_address(list.addresses[2], AddressKind::post_office_user, "Admin", "HUB",
                   "Admin at HUB");
    EXPECT_FALSE(list.ambiguous);
}

TEST(CcmAddressList, BulletinBoardDoesNotSwallowTheNameBeforeIt) {
    const AddressList list = parse_address_list("Admin, #Sales at HQ");
    ASSERT_EQ(list.addresses.size(), 2u);
    expect_address(list.addresses[0], AddressKind::local_name, "Admin", "", "Admin");
    expect_address(list.addresses[1], AddressKind::bulletin_board, "Sales", "HQ", "#Sales at HQ");
}

TEST(CcmAddressList, BareBulletinBoardDoesNotSwallowTheNameAfterIt) {
    const AddressList list = parse_address_list("#Sales, Smith, Ann at HUB");
    ASSERT_EQ(list.addresses.size(), 2u);
    EXPECT_EQ(list.addresses[0].name, "Sales");
    EXPECT_EQ(list.addresses[1].name, "Smith, Ann");
    EXPECT_FALSE(list.ambiguous);
}

TEST(CcmAddressList, InternetAddresses) {
    const AddressList list = parse_address_list("a@b.example, c@d.example at GW, Admin at HUB");
    ASSERT_EQ(list.addresses.size(), 3u);
    EXPECT_EQ(list.addresses[0].kind, AddressKind::internet);
    EXPECT_EQ(list.addresses[0].internet, "a@b.example");
    EXPECT_EQ(list.addresses[0].post_office, "");
    EXPECT_EQ(list.addresses[1].kind, AddressKind::internet);
    EXPECT_EQ(list.addresses[1].internet, "c@d.example");
    EXPECT_EQ(list.addresses[1].post_office, "GW");
    EXPECT_EQ(list.addresses[2].kind, AddressKind::post_office_user);
    EXPECT_FALSE(list.ambiguous);
}

TEST(CcmAddressList, InternetAddressDoesNotSwallowTheNameBeforeIt) {
    const AddressList list = parse_address_list("Smith, user@x.example at GW");
    ASSERT_EQ(list.addresses.size(), 2u);
    expect_address(list.addresses[0], AddressKind::local_name, "Smith", "", "Smith");
    EXPECT_EQ(list.addresses[1].kind, AddressKind::internet);
    EXPECT_EQ(list.addresses[1].internet, "user@x.example");
}

TEST(CcmAddressList, Db8SenderAlone) {
    const AddressList list = parse_address_list(",User [SMTP:user@domain.com] at site");
    ASSERT_EQ(list.addresses.size(), 1u);
    const Address& a = list.addresses[0];
    expect_address(a, AddressKind::internet, "User", "site",
                   ",User [SMTP:user@domain.com] at site");
    EXPECT_EQ(a.internet, "user@domain.com");
    EXPECT_FALSE(list.ambiguous);
}

TEST(CcmAddressList, Db8FormAfterAnotherAddress) {
    const AddressList list =
        parse_address_list("Admin at HUB, ,User [SMTP:user@domain.com] at site, Smith at HUB");
    ASSERT_EQ(list.addresses.size(), 3u);
    EXPECT_EQ(list.addresses[0].name, "Admin");
    EXPECT_EQ(list.addresses[1].kind, AddressKind::internet);
    EXPECT_EQ(list.addresses[1].name, "User");
    EXPECT_EQ(list.addresses[1].internet, "user@domain.com");
    EXPECT_EQ(list.addresses[1].raw, ",User [SMTP:user@domain.com] at site");
    EXPECT_EQ(list.addresses[2].name, "Smith");
}

TEST(CcmAddressList, Db8FormDoesNotSwallowPendingName) {
    const AddressList list = parse_address_list("Admin, ,User [SMTP:u@example.com] at site");
    ASSERT_EQ(list.addresses.size(), 2u);
    EXPECT_EQ(list.addresses[0].name, "Admin");
    EXPECT_EQ(list.addresses[1].kind, AddressKind::internet);
}

TEST(CcmAddressList, NonAsciiUtf8Names) {
    const AddressList list =
        parse_address_list("Müller, Jürgen at Zürich, Ødegård, Åse at OSLO, 山田, 太郎 at 東京");
    ASSERT_EQ(list.addresses.size(), 3u);
    expect_address(list.addresses[0], AddressKind::post_office_user, "Müller, Jürgen", "Zürich",
                   "Müller, Jürgen at Zürich");
    expect_address(list.addresses[1], AddressKind::post_office_user, "Ødegård, Åse", "OSLO",
                   "Ødegård, Åse at OSLO");
    expect_address(list.addresses[2], AddressKind::post_office_user, "山田, 太郎", "東京",
                   "山田, 太郎 at 東京");
    EXPECT_FALSE(list.ambiguous);
}

TEST(CcmAddressList, NonBreakingSpaceIsNotABlank) {
    // U+00A0 is two bytes C2 A0: not an ASCII blank, so "at" right after it is no separator.
    const std::string value =
        "Admin\xC2\xA0"
        "at HUB";
    const AddressList list = parse_address_list(value);
    ASSERT_EQ(list.addresses.size(), 1u);
    EXPECT_EQ(list.addresses[0].name, value);
    EXPECT_EQ(list.addresses[0].post_office, "");
    EXPECT_EQ(list.addresses[0].kind, AddressKind::local_name);
}

TEST(CcmAddressList, InvalidUtf8IsPassedThroughUnchanged) {
    const std::string value = "\xFF\xFE, \xC3 at \x80PO, \xC0\xAF at P2";
    const AddressList list = parse_address_list(value);
    ASSERT_EQ(list.addresses.size(), 2u);
    expect_address(list.addresses[0], AddressKind::post_office_user, "\xFF\xFE, \xC3", "\x80PO",
                   "\xFF\xFE, \xC3 at \x80PO");
    expect_address(list.addresses[1], AddressKind::post_office_user, "\xC0\xAF", "P2",
                   "\xC0\xAF at P2");
}

TEST(CcmAddressList, EmbeddedNulBytesAreKept) {
    const std::string value = "Ad\0min at H\0B"s;
    const AddressList list = parse_address_list(value);
    ASSERT_EQ(list.addresses.size(), 1u);
    EXPECT_EQ(list.addresses[0].name, "Ad\0min"s);
    EXPECT_EQ(list.addresses[0].post_office, "H\0B"s);
}

TEST(CcmAddressList, ManyAddresses) {
    std::string value;
    constexpr std::size_t kCount = 20000;
    for (std::size_t i = 0; i < kCount; ++i) {
        if (i != 0) value += ", ";
        value += "Smith, Ann at PO" + std::to_string(i);
    }
    const AddressList list = parse_address_list(value);
    ASSERT_EQ(list.addresses.size(), kCount);
    EXPECT_EQ(list.addresses.front().post_office, "PO0");
    EXPECT_EQ(list.addresses.back().post_office, "PO" + std::to_string(kCount - 1));
    EXPECT_EQ(list.addresses.back().name, "Smith, Ann");
    EXPECT_FALSE(list.ambiguous);
}

TEST(CcmAddressList, VeryLongSingleName) {
    const std::string value(1'000'000, 'x');
    const AddressList list = parse_address_list(value);
    ASSERT_EQ(list.addresses.size(), 1u);
    EXPECT_EQ(list.addresses[0].raw.size(), value.size());
    EXPECT_EQ(list.addresses[0].kind, AddressKind::local_name);
}

TEST(CcmAddressList, VeryManyLocalTokens) {
    std::string value;
    constexpr std::size_t kTokens = 100000;  // even: paired
    for (std::size_t i = 0; i < kTokens; ++i) value += (i == 0) ? "n" : ", n";
    const AddressList list = parse_address_list(value);
    EXPECT_EQ(list.addresses.size(), kTokens / 2);
    EXPECT_EQ(list.addresses[0].name, "n, n");
    EXPECT_TRUE(list.ambiguous);
}

TEST(CcmAddressList, VeryLongRunsOfSeparatorsAndAts) {
    std::string commas;
    for (int i = 0; i < 50000; ++i) commas += ", ";
    EXPECT_TRUE(parse_address_list(commas).addresses.empty());

    std::string ats = "x";
    for (int i = 0; i < 50000; ++i) ats += " at";
    const AddressList list = parse_address_list(ats);
    ASSERT_EQ(list.addresses.size(), 1u);
    EXPECT_EQ(list.addresses[0].post_office, "");
    EXPECT_EQ(list.addresses[0].kind, AddressKind::local_name);
}

// Random bytes drawn mostly from the characters that mean something to the parser: it must not
// crash, and every address must be a non-empty, trimmed piece of the input.
TEST(CcmAddressList, RandomInputKeepsInvariants) {
    static constexpr char kAlphabet[] = {',', ' ', ' ', 'a', 't',  'A',    'T',    '#',  '@', '[',
                                         ']', '"', 'x', ':', '\t', '\xFF', '\xC3', '\0', 'S'};
    std::mt19937 rng(12345);
    std::uniform_int_distribution<std::size_t> pick(0, sizeof(kAlphabet) - 1);
    std::uniform_int_distribution<std::size_t> length(0, 60);
    for (int round = 0; round < 20000; ++round) {
        std::string value;
        const std::size_t n = length(rng);
        for (std::size_t i = 0; i < n; ++i) value += kAlphabet[pick(rng)];
        const AddressList list = parse_address_list(value);
        for (const Address& a : list.addresses) {
            ASSERT_FALSE(a.raw.empty()) << value;
            ASSERT_NE(value.find(a.raw), std::string::npos) << value;
            ASSERT_NE(a.raw.front(), ' ') << value;
            ASSERT_NE(a.raw.back(), ' ') << value;
            if (a.kind == AddressKind::internet) {
                ASSERT_FALSE(a.internet.empty()) << value;
            }
            if (a.kind == AddressKind::local_name) {
                ASSERT_TRUE(a.post_office.empty()) << value;
            }
        }
    }
}

}  // namespace
}  // namespace ccsalvage::ccm
