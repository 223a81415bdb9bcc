#pragma once
// Turning reader events into report findings, shared by the stages: the KB pattern a
// catalogue id belongs to, and the evidence bytes around the offset as a hex dump.
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "core/event.hpp"
#include "report/model.hpp"

namespace ccsalvage::casefolder {

// The KB pattern of a catalogue id (docs/report.md, "Findings"); "structure" when none.
std::string_view pattern_of(std::string_view code);

// Hex dumps are kept for the first findings of each code only, so that a post office with a
// million damaged blocks still gives a report one can open.
inline constexpr std::size_t kHexDumpsPerCode = 20;

class FindingMaker {
  public:
    FindingMaker(std::string_view stage, std::size_t context) : stage_(stage), context_(context) {}
    // `bytes` is the whole evidence file the event is about (empty when not at hand).
    report::Finding make(const Event& event, std::string_view bytes, std::uint64_t length = 16);

  private:
    std::string stage_;
    std::size_t context_;
    std::map<std::string, std::size_t> dumps_per_code_;
};

}  // namespace ccsalvage::casefolder
