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

DetectorInput reading_through(const po::PostOfficeFolder& folder, const po::PostOffice& input,
                              const EventLog& read_log) {
    DetectorInput out{folder.source(), input, read_log};
    out.done_with = [&folder](std::size_t index, std::uint64_t from, std::uint64_t to) {
        if (index < folder.evidence().size()) folder.evidence()[index].release_range(from, to);
    };
    out.read = [&folder](std::size_t index, std::uint64_t offset, char* into,
                         std::size_t size) -> std::size_t {
        if (index >= folder.evidence().size()) return 0;
        return folder.evidence()[index].read_at(offset, into, size);
    };
    return out;
}

Findings run_detectors(const DetectorInput& input) {
    Findings findings;
    for (const auto& d : detectors()) d.run(input, findings);
    return findings;
}

}  // namespace ccsalvage::repair
