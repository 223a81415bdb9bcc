#include "core/safe_name.hpp"

#include <gtest/gtest.h>

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

TEST(SafeName, DosNames) {
    EXPECT_EQ(dos_8_3_name("msg00001", "ccm"), "MSG00001.CCM");
    EXPECT_EQ(dos_8_3_name("a very long name", "text"), "AVERYLON.TEX");
    EXPECT_EQ(dos_8_3_name("", ""), "_");
    EXPECT_EQ(dos_8_3_name("aux", "ccm"), "_AUX.CCM");
}

}  // namespace
}  // namespace ccsalvage
