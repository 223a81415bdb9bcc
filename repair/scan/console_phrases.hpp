#pragma once
// What the Import and Export programs print on the console, as far as public sources show it.
// The connector redirected this output to temporary files and, through a file handle mix-up,
// wrote it into message headers inside CLANDATA (KB Q179072). These phrases identify such
// foreign text in any file. One table, so a phrase learned from a real case is one line.
#include <span>
#include <string_view>

namespace ccsalvage::scan {

struct ConsolePhrase {
    std::string_view id;      // stable name used in findings and reports
    std::string_view text;    // exact bytes searched for (case-sensitive)
    std::string_view source;  // where the phrase is documented or why it is listed
};

std::span<const ConsolePhrase> console_phrases();

}  // namespace ccsalvage::scan
