#include "console.hpp"

#include <fmt/format.h>

namespace ccsalvage::generator {

std::string export_console_line(std::string_view mailbox, std::string_view file) {
    return fmt::format("\r\nExporting messages in mailbox \"{}\" to file EXPORT\\{}\r\n", mailbox,
                       file);
}

std::string import_console_line(std::string_view file) {
    return fmt::format("\r\nImporting messages from file IMPORT\\{}\r\n", file);
}

std::string console_banner(std::string_view program) {
    return fmt::format("cc:Mail {} (console output)\r\n", program);
}

std::string console_burst(ConsoleVariant variant, std::string_view mailbox, std::string_view file) {
    switch (variant) {
        case ConsoleVariant::export_line:
            return "\r\n" + export_console_line(mailbox, file);
        case ConsoleVariant::import_line:
            return "\r\n" + import_console_line(file);
        case ConsoleVariant::banner_and_export:
            return "\r\n" + console_banner("EXPORT") + export_console_line(mailbox, file);
    }
    return {};
}

std::string_view to_string(ConsoleVariant variant) {
    switch (variant) {
        case ConsoleVariant::export_line:
            return "export-line";
        case ConsoleVariant::import_line:
            return "import-line";
        case ConsoleVariant::banner_and_export:
            return "banner-and-export-line";
    }
    return "?";
}

std::string ccm_file_name(unsigned counter) {
    return fmt::format("MSG{:04X}.CCM", counter & 0xFFFF);
}

std::string tmp_file_name(unsigned counter) {
    return fmt::format("CCM{:04X}.TMP", counter & 0xFFFF);
}

}  // namespace ccsalvage::generator
