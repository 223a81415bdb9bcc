#include "export/target_names.hpp"

#include <unicode/ucnv.h>

#include <memory>
#include <vector>

#include "core/blanks.hpp"
#include "core/safe_name.hpp"
#include "mime/address_mapping.hpp"
#include "mime/header_text.hpp"

namespace ccsalvage::exporting {

namespace {

struct ConverterClose {
    void operator()(UConverter* converter) const { ucnv_close(converter); }
};

// ICU's "IMAP-mailbox-name" converter is RFC 3501's modified UTF-7.
std::string modified_utf7(std::string_view utf8) {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<UConverter, ConverterClose> imap(ucnv_open("IMAP-mailbox-name", &status));
    if (U_FAILURE(status)) return safe_file_name(utf8);
    std::vector<char> out(utf8.size() * 4 + 16);
    status = U_ZERO_ERROR;
    const int32_t n =
        ucnv_convert("IMAP-mailbox-name", "UTF-8", out.data(), static_cast<int32_t>(out.size()),
                     utf8.data(), static_cast<int32_t>(utf8.size()), &status);
    if (U_FAILURE(status) || n < 0) return safe_file_name(utf8);
    return std::string(out.data(), static_cast<std::size_t>(n));
}

}  // namespace

std::string post_office_label(std::string_view post_office_utf8) {
    if (post_office_utf8.empty()) return "ccm-files";
    return mime::dns_label_for_post_office(post_office_utf8);
}

std::string maildir_folder_dir(std::string_view folder_utf8) {
    std::string name = collapse_blanks(mime::header_safe(folder_utf8));
    if (name.empty() || mime::iequals(name, "Inbox")) return {};
    for (char& c : name) {
        if (c == '.' || c == '/' || c == '\\') c = '_';
    }
    return "." + safe_file_name(modified_utf7(name), 200);
}

std::string LabelSet::claim(const std::string& original, const std::string& label,
                            std::uint32_t number) {
    if (const auto it = by_original_.find(original); it != by_original_.end()) return it->second;
    // Compared without regard to (ASCII) case: on Windows, macOS and exFAT "Sales" and
    // "SALES" are one folder, and the second would overwrite the first's messages.
    const auto folded = [](std::string name) {
        for (char& c : name) {
            if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        }
        return name;
    };
    std::string chosen = label;
    if (used_.count(folded(chosen)) != 0) chosen = label + "-" + std::to_string(number);
    for (int n = 2; used_.count(folded(chosen)) != 0; ++n) {
        chosen = label + "-" + std::to_string(number) + "-" + std::to_string(n);
    }
    used_.insert(folded(chosen));
    by_original_.emplace(original, chosen);
    return chosen;
}

}  // namespace ccsalvage::exporting
