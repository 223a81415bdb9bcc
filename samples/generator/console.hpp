#pragma once
// Console output of IMPORT.EXE and EXPORT.EXE as the connector redirects it into .tmp files
// (Q179072). The Export line is the one form a public source shows; the Import line and the
// banner are this generator's inventions in the same style (docs/generator.md says so).
// Healthy .tmp files hold it; damage writes it where it does not belong.
#include <string>
#include <string_view>

namespace ccsalvage::generator {

// CR LF "Exporting messages in mailbox "<mailbox>" to file EXPORT\<file>" CR LF
std::string export_console_line(std::string_view mailbox, std::string_view file);
// CR LF "Importing messages from file IMPORT\<file>" CR LF
std::string import_console_line(std::string_view file);
// A program banner line, e.g. "cc:Mail EXPORT  (console)" CR LF.
std::string console_banner(std::string_view program);

enum class ConsoleVariant { export_line, import_line, banner_and_export };
// One burst of console output of the given variant.
std::string console_burst(ConsoleVariant variant, std::string_view mailbox, std::string_view file);
std::string_view to_string(ConsoleVariant variant);

// "MSG4A27.CCM": the connector's file names, 4 hex digits (Q166045).
std::string ccm_file_name(unsigned counter);
// "CCM1A2F.TMP": Windows temporary file names (prefix plus 4 hex digits).
std::string tmp_file_name(unsigned counter);

}  // namespace ccsalvage::generator
