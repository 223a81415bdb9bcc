#pragma once
// Names of output folders and files derived from evidence names (post offices, users,
// folders). Every name here is one safe path component (core/safe_name.hpp); the original
// names are kept in the manifest.
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>

namespace ccsalvage::exporting {

// "hubpo2": the post office as a DNS-style label; "ccm-files" for .ccm sources.
std::string post_office_label(std::string_view post_office_utf8);

// Maildir++ folder directory for a cc:Mail folder: "" for the Inbox (the Maildir root),
// else "." + the name in IMAP modified UTF-7 (RFC 3501 5.1.3, what Dovecot stores), with the
// hierarchy separator '.' and '/' replaced by '_'.
std::string maildir_folder_dir(std::string_view folder_utf8);

// Gives each distinct source name a distinct label within one parent: the first keeps
// `label`, a later different name with the same label (compared without regard to ASCII case)
// gets "-<number>".
class LabelSet {
  public:
    std::string claim(const std::string& original, const std::string& label, std::uint32_t number);

  private:
    std::map<std::string, std::string> by_original_;
    std::set<std::string> used_;
};

}  // namespace ccsalvage::exporting
