#include "export/mboxrd.hpp"

#include <gtest/gtest.h>

#include <algorithm>
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

// Framed a piece at a time into a buffer emptied whenever it holds `limit` bytes (the mbox
// writer framing a message as it writes it), the bytes are those of the From line followed by
// append_mboxrd, for every limit, with and without a last line end; and a piece never passes
// the limit by more than one line.
TEST(Mboxrd, FramedInPiecesEqualsFramedWhole) {
    const std::string from = mbox_from_line("a@b.invalid", 0);
    for (const std::string& message :
         {std::string("Subject: x\r\n\r\nFrom here\r\n>From there\r\nline\r\n"),
          std::string("no line end at all"), std::string(), std::string("\r\n\r\n"),
          std::string("a\nFrom b\nc")}) {
        std::string whole = from;
        append_mboxrd(whole, message);
        for (const std::size_t limit : {std::size_t{1}, std::size_t{7}, std::size_t{64}}) {
            MboxrdFramer framer(from, message);
            std::string written, buffer;
            bool more = true;
            while (more) {
                more = framer.append_to(buffer, limit);
                EXPECT_LE(buffer.size(), std::max(limit, from.size()) + 24) << limit;
                if (buffer.size() >= limit || !more) {
                    written += buffer;
                    buffer.clear();
                }
            }
            EXPECT_EQ(written, whole) << "limit " << limit;
        }
    }
}

}  // namespace
}  // namespace ccsalvage::exporting
