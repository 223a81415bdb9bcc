#pragma once
// The detectors of the repair engine, bulk_extractor-style: each is a plain function in its own
// unit, and this list is the one place that names them all, in the order they run (a later
// detector may attribute its findings to an earlier one's). docs/repair.md, section 2.
#include <functional>
#include <span>
#include <string_view>

#include "core/event.hpp"
#include "parsers/po/model.hpp"
#include "parsers/po/reader.hpp"
#include "repair/finding.hpp"

namespace ccsalvage::repair {

struct DetectorInput {
    const po::PostOfficeSource& source;
    const po::PostOffice& post_office;
    const EventLog& read_log;  // what the reader reported while reading `post_office`
    // Called with ranges of source file `index` a detector has finished reading, so that a
    // caller holding memory maps can drop those pages (EvidenceFile::release_range).
    std::function<void(std::size_t index, std::uint64_t from, std::uint64_t to)> done_with = {};
    // Optional: copies bytes of source file `index` (EvidenceFile::read_at), so that the console
    // scan's filter pass reads through a buffer instead of mapping every page.
    std::function<std::size_t(std::size_t index, std::uint64_t offset, char* into,
                              std::size_t size)>
        read = {};
};

using DetectorFunction = void (*)(const DetectorInput& input, Findings& findings);

struct Detector {
    std::string_view name;
    std::string_view finds;  // one line for --help-like listings and docs
    DetectorFunction run;
};

// Every detector, in running order.
std::span<const Detector> detectors();

// The input for a post office read from `folder`, with done_with and read set: the console
// scan's filter reads through a buffer and the ranges the detectors finish are dropped from the
// folder's mappings. Without them the scan maps every page of the files at several GB/s,
// faster than a page releaser ticking every 10 ms drops them (about 100 MiB of a 1 GiB post
// office resident at once: docs/performance.md). `folder` must outlive the input.
DetectorInput reading_through(const po::PostOfficeFolder& folder, const po::PostOffice& input,
                              const EventLog& read_log);

// Runs every detector; findings come out in detector order.
Findings run_detectors(const DetectorInput& input);

// The detectors themselves (each in its own detect_*.cpp).
void detect_console_output(const DetectorInput& input, Findings& findings);
void detect_record_damage(const DetectorInput& input, Findings& findings);

}  // namespace ccsalvage::repair
