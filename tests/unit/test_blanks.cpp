#include "core/blanks.hpp"

#include <gtest/gtest.h>

namespace ccsalvage {
namespace {

TEST(Blanks, TrimsAndCollapsesRunsOfBlanksAndLineEnds) {
    EXPECT_EQ(collapse_blanks("  Quarterly\t\treport \r\n and  figures \n"),
              "Quarterly report and figures");
    EXPECT_EQ(collapse_blanks(""), "");
    EXPECT_EQ(collapse_blanks(" \t\r\n"), "");
    EXPECT_EQ(collapse_blanks("M\xc3\xbcller"), "M\xc3\xbcller");  // other bytes untouched
}

TEST(Blanks, BlankIsSpaceTabCrLfOnly) {
    EXPECT_TRUE(is_blank(' '));
    EXPECT_TRUE(is_blank('\t'));
    EXPECT_TRUE(is_blank('\r'));
    EXPECT_TRUE(is_blank('\n'));
    EXPECT_FALSE(is_blank('\v'));
    EXPECT_FALSE(is_blank('\x1a'));
}

}  // namespace
}  // namespace ccsalvage
