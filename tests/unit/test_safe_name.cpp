#include "core/safe_name.hpp"

#include <gtest/gtest.h>

#include <set>

#include "support/hostile_names.hpp"

namespace ccsalvage {
namespace {

TEST(SafeName, KeepsOrdinaryNames) {
    EXPECT_EQ(safe_file_name("Budget 1998 v2.wk4"), "Budget 1998 v2.wk4");
    EXPECT_EQ(safe_file_name("Grüße.txt"), "Grüße.txt");
}

TEST(SafeName, HostileNamesStayInsideOneComponent) {
    struct Case {
        std::string in;
        std::string out;
    };
    for (const auto& c : std::vector<Case>{{"..", "_"},
                                           {".", "_"},
                                           {"", "_"},
                                           {"../../etc/passwd", "___.._etc_passwd"},
                                           {".profile", "_profile"},
                                           {"C:\\WINNT\\IE.RI", "C__WINNT_IE.RI"},
                                           {"a/b", "a_b"},
                                           {std::string("nul\0byte", 8), "nul_byte"},
                                           {"tab\there", "tab_here"},
                                           {"CON", "_CON"},
                                           {"con.txt", "_con.txt"},
                                           {"COM1", "_COM1"},
                                           {"lpt9.doc", "_lpt9.doc"},
                                           {"name. . ", "name"},
                                           {"a<b>c:d\"e|f?g*h", "a_b_c_d_e_f_g_h"},
                                           {"\xff\xfe.txt", "__.txt"}}) {
        const auto out = safe_file_name(c.in);
        EXPECT_EQ(out, c.out) << "input: " << c.in;
        EXPECT_EQ(out.find('/'), std::string::npos);
        EXPECT_NE(out, "..");
    }
}

TEST(SafeName, LongNamesAreCutKeepingTheExtensionAndUtf8) {
    std::string long_name;
    for (int i = 0; i < 150; ++i) long_name += "é";  // 2 bytes each
    long_name += ".pdf";
    const auto out = safe_file_name(long_name, 100);
    EXPECT_LE(out.size(), 100u);
    EXPECT_TRUE(out.ends_with(".pdf"));
    EXPECT_EQ((out.size() - 4) % 2, 0u) << "no character split in half";
}

TEST(SafeName, EveryHostileNameBecomesAValidDistinctName) {
    const auto corpus = testing::hostile_names();
    ASSERT_GE(corpus.size(), 30u);
    UniqueNames names;
    std::set<std::string> folded;
    for (const auto& hostile : corpus) {
        const auto safe = safe_file_name(hostile.bytes);
        EXPECT_EQ(testing::output_name_problem(safe), "") << hostile.why << ": " << safe;
        EXPECT_LE(safe.size(), 200u) << hostile.why;
        const auto unique = names.claim(safe);
        EXPECT_EQ(testing::output_name_problem(unique), "") << hostile.why << ": " << unique;
        std::string key = unique;
        for (auto& c : key) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        EXPECT_TRUE(folded.insert(key).second) << "claimed twice: " << unique;
    }
}

TEST(SafeName, InvisibleAndC1CharactersAndBadUtf8AreReplaced) {
    EXPECT_EQ(safe_file_name("evil\xE2\x80\xAEgnp.exe"), "evil_gnp.exe");
    EXPECT_EQ(safe_file_name("a\xC2\x85"
                             "b"),
              "a_b");
    EXPECT_EQ(safe_file_name("\xEF\xBB\xBF"
                             "bom.txt"),
              "_bom.txt");
    EXPECT_EQ(safe_file_name("\xED\xA0\x80.txt"), "___.txt") << "a surrogate is not UTF-8";
    EXPECT_EQ(safe_file_name("\xC0\xAF.txt"), "__.txt") << "an overlong '/' is not UTF-8";
    EXPECT_EQ(safe_file_name("COM\xC2\xB9.txt"), "_COM\xC2\xB9.txt");
    EXPECT_EQ(safe_file_name("caf\xC3\xA9.txt"), "caf\xC3\xA9.txt") << "real letters stay";
}

TEST(SafeName, CuttingNeverLeavesATrailingBlankOrADeviceName) {
    const std::string blanks = "CON" + std::string(40, ' ') + "x.txt";
    const auto out = safe_file_name(blanks, 20);
    EXPECT_EQ(testing::output_name_problem(out), "") << out;
    EXPECT_LE(out.size(), 20u) << out;
    const auto long_extension = safe_file_name(std::string(40, 'x') + ".abcdefghijklmno", 16);
    EXPECT_LE(long_extension.size(), 16u) << long_extension;
    EXPECT_EQ(testing::output_name_problem(long_extension), "") << long_extension;
}

TEST(SafeName, UniqueNamesKeepsCollidingNamesApart) {
    UniqueNames names;
    EXPECT_EQ(names.claim("a_b.txt"), "a_b.txt");
    EXPECT_EQ(names.claim("a_b.txt"), "a_b-2.txt");
    EXPECT_EQ(names.claim("A_B.TXT"), "A_B-3.TXT");
    EXPECT_EQ(names.claim("noext"), "noext");
    EXPECT_EQ(names.claim("NOEXT"), "NOEXT-2");
}

TEST(SafeName, DosNames) {
    EXPECT_EQ(dos_8_3_name("msg00001", "ccm"), "MSG00001.CCM");
    EXPECT_EQ(dos_8_3_name("a very long name", "text"), "AVERYLON.TEX");
    EXPECT_EQ(dos_8_3_name("", ""), "_");
    EXPECT_EQ(dos_8_3_name("aux", "ccm"), "_AUX.CCM");
}

}  // namespace
}  // namespace ccsalvage
