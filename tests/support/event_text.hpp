#pragma once
// An event log as text, one event a line with its file and offset, then the codes it suppressed:
// tests compare two runs' logs by comparing these.
#include <string>

#include "core/event.hpp"

namespace ccsalvage::testing {

inline std::string events_of(const EventLog& log) {
    std::string out;
    for (const auto& e : log.events()) {
        out += e.code + " " + e.file + " @" + std::to_string(e.offset) + ": " + e.detail + "\n";
    }
    for (const auto& [code, n] : log.suppressed()) {
        out += code + " suppressed " + std::to_string(n) + "\n";
    }
    return out;
}

}  // namespace ccsalvage::testing
