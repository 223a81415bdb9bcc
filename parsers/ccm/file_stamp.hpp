#pragma once
#include <string>
#include <string_view>

namespace ccsalvage::ccm {

struct FileNameAndStamp {
    std::string name;   // "Budget 1997 v2.wk4"
    std::string stamp;  // "5/6/97 3:10PM"; empty when the line carries no stamp
};

// Splits the text after a file item keyword into the file name and the sender's date/time
// stamp, working from the right, because names may contain spaces and digits and the date
// separator follows the sender's locale ('/', '-', '.').
FileNameAndStamp split_file_stamp(std::string_view text_utf8);

}  // namespace ccsalvage::ccm
