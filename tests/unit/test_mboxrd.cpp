#include "export/mboxrd.hpp"

#include <gtest/gtest.h>

#include <string>

namespace ccsalvage::exporting {
namespace {

// The mboxrd reading rule: drop one '>' from every line matching ^>+From .
std::string unquote(const std::string& body) {
    std::string out;
    std::size_t start = 0;
    while (start < body.size()) {
        auto end = body.find('\n', start);
        std::string line = body.substr(start, end - start);
        std::size_t i = 0;
        while (i < line.size() && line[i] == '>') ++i;
        if (i > 0 && line.compare(i, 5, "From ") == 0) line.erase(0, 1);
        out += line + "\n";
        start = end + 1;
    }
    return out;
}

TEST(Mboxrd, QuotesEveryFromLineReversibly) {
    const std::string message =
        "Subject: x\r\n\r\nFrom here\r\n>From there\r\n>>From far\r\nFromage\r\n";
    std::string out;
    append_mboxrd(out, message);
    EXPECT_EQ(out, "Subject: x\n\n>From here\n>>From there\n>>>From far\nFromage\n\n");
    EXPECT_EQ(unquote(out.substr(0, out.size() - 1)),
              "Subject: x\n\nFrom here\n>From there\n>>From far\nFromage\n");
}

TEST(Mboxrd, FromLineHasSenderAndAsctimeDate) {
    // 1997-03-20 15:11:00 UTC
    EXPECT_EQ(mbox_from_line("jeff@hub.invalid", 858870660),
              "From jeff@hub.invalid Thu Mar 20 15:11:00 1997\n");
    EXPECT_EQ(mbox_from_line("", std::nullopt), "From MAILER-DAEMON Thu Jan  1 00:00:00 1970\n");
}

}  // namespace
}  // namespace ccsalvage::exporting
