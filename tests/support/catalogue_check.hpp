#pragma once
// Every corruption catalogue lives twice: in code (parsers/*/events.hpp) and as a table in its
// format document (docs/formats/*.md). These checks keep the two the same.
#include <gtest/gtest.h>

#include <regex>
#include <set>
#include <span>
#include <string>

#include "core/event.hpp"
#include "support/test_files.hpp"

namespace ccsalvage::testing {

// Table rows look like "| PREFIX-001 | warning | title | ...". With `check_titles`, the third
// column must equal the code's title too.
inline void expect_catalogue_matches_document(std::span<const EventCode> codes,
                                              const std::string& document,
                                              const std::string& prefix,
                                              bool check_titles = false) {
    const auto text = read_file(std::string(CCSALVAGE_SOURCE_DIR) + "/" + document);
    std::set<std::string> documented;
    const std::regex row("\\| (" + prefix + "-\\d{3}) \\| (note|warning|error) \\| ([^|]+) \\|");
    for (auto it = std::sregex_iterator(text.begin(), text.end(), row);
         it != std::sregex_iterator(); ++it) {
        const std::string id = (*it)[1];
        documented.insert(id);
        bool found = false;
        for (const auto& code : codes) {
            if (code.id != id) continue;
            found = true;
            EXPECT_EQ(to_string(code.severity), (*it)[2].str()) << id;
            if (check_titles) {
                EXPECT_EQ(code.title, (*it)[3].str()) << id;
            }
        }
        EXPECT_TRUE(found) << id << " is documented in " << document << " but not in the code";
    }
    for (const auto& code : codes) {
        EXPECT_TRUE(documented.count(std::string(code.id)))
            << code.id << " is not documented in " << document;
    }
}

inline void expect_catalogue_registered(std::span<const EventCode> codes, void (*register_it)()) {
    std::set<std::string_view> ids;
    for (const auto& code : codes) EXPECT_TRUE(ids.insert(code.id).second) << code.id;
    register_it();
    for (const auto& code : codes) EXPECT_NE(find_event_code(code.id), nullptr) << code.id;
}

}  // namespace ccsalvage::testing
