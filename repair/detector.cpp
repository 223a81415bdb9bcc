#include "repair/detector.hpp"

#include <array>

namespace ccsalvage::repair {

std::span<const Detector> detectors() {
    static constexpr std::array kDetectors = {
        Detector{"console-output",
                 "console output and other plain text inside CLANDATA, MLANDATA and USRnnnnn, "
                 "with the record and field it overwrote",
                 detect_console_output},
        Detector{"record-damage",
                 "checksum, framing, chain, index, counter and allocation mismatches from the "
                 "reader's PO- events, each attributed to its cause",
                 detect_record_damage},
    };
    return kDetectors;
}

Findings run_detectors(const DetectorInput& input) {
    Findings findings;
    for (const auto& d : detectors()) d.run(input, findings);
    return findings;
}

}  // namespace ccsalvage::repair
