#pragma once
#include <cstddef>
#include <set>
#include <string>
#include <string_view>

namespace ccsalvage {

// Turns a name taken from evidence (an attachment, a folder, a user, a post office) into one
// path component that is valid on Linux and Windows and cannot leave the output folder:
// separators, ':', NUL and control characters (C0 and C1), '*?"<>|', bytes that are not valid
// UTF-8 and invisible format characters (bidirectional overrides, byte order marks) become '_';
// "." and ".." and names that end in dots or spaces are fixed; reserved DOS device names (CON,
// NUL, COM1, COM¹, ...) get a leading '_'; the result is at most `max_bytes` bytes of valid
// UTF-8, keeping the extension. Different names may give the same result: use UniqueNames for
// the names of one folder.
// The original name must be kept in the output's metadata by the caller.
std::string safe_file_name(std::string_view name_utf8, std::size_t max_bytes = 200);

// The names given out in one output folder, kept apart: claim() returns its argument when no
// name equal to it without regard to ASCII case was claimed before, else the name with "-2",
// "-3", ... before the extension, the stem shortened when needed to stay within max_bytes.
class UniqueNames {
  public:
    explicit UniqueNames(std::size_t max_bytes = 200) : max_bytes_(max_bytes) {}
    std::string claim(std::string_view safe_name);

  private:
    std::size_t max_bytes_;
    std::set<std::string> taken_;  // case-folded
};

// An 8.3 DOS name ("MSG0001.CCM") for IMPORT.EXE, which cannot open long names.
std::string dos_8_3_name(std::string_view stem, std::string_view extension);

}  // namespace ccsalvage
