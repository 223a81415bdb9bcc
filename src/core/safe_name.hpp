#pragma once
#include <cstddef>
#include <string>
#include <string_view>

namespace ccsalvage {

// Turns a name taken from evidence (an attachment, a folder, a user, a post office) into one
// path component that is valid on Linux and Windows and cannot leave the output folder:
// separators, ':', NUL and control characters, '*?"<>|' become '_'; "." and ".." and names
// that end in dots or spaces are fixed; reserved DOS device names (CON, NUL, COM1, ...) get a
// leading '_'; the result is at most `max_bytes` bytes of valid UTF-8, keeping the extension.
// The original name must be kept in the output's metadata by the caller.
std::string safe_file_name(std::string_view name_utf8, std::size_t max_bytes = 200);

// An 8.3 DOS name ("MSG0001.CCM") for IMPORT.EXE, which cannot open long names.
std::string dos_8_3_name(std::string_view stem, std::string_view extension);

}  // namespace ccsalvage
