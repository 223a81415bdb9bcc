#pragma once
// Command-line flags every command that reads .ccm files shares, and their translation into
// ReaderOptions, so that "inspect" and "export" read a file the same way.
#include <CLI/CLI.hpp>
#include <string>

#include "parsers/ccm/reader.hpp"

namespace ccsalvage::cli {

struct ReaderFlags {
    std::string code_page = "850";
    std::string date_order = "us";
    int year_pivot = 70;

    void add_to(CLI::App& command);
    // Throws UsageError for values the parser cannot use.
    ccm::ReaderOptions to_options() const;
};

}  // namespace ccsalvage::cli
