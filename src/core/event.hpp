#pragma once
#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace ccsalvage {

// How much a finding matters. Notes describe the input (a size convention, an unknown but
// harmless keyword); warnings and errors mean something was damaged or could not be read,
// and make the command exit with ExitCode::problems.
enum class Severity { note, warning, error };
std::string_view to_string(Severity severity);

// One entry of a corruption catalogue (docs/formats/*.md). The id is what events, reports
// and tests quote; the catalogue documents cause and handling for each id.
struct EventCode {
    std::string_view id;
    Severity severity;
    std::string_view title;
};

// Something a parser noticed, tied to a byte offset in a named evidence file.
struct Event {
    std::string file;
    std::uint64_t offset = 0;
    std::string code;
    Severity severity = Severity::note;
    std::string detail;
};

// Collects events for one run. Damaged input can repeat the same fault millions of times, so
// each code keeps only its first `per_code_cap` events and counts the rest; the totals stay
// exact while memory stays bounded.
class EventLog {
  public:
    explicit EventLog(std::size_t per_code_cap = 1000) : per_code_cap_(per_code_cap) {}

    void add(const EventCode& code, std::string_view file, std::uint64_t offset,
             std::string detail);

    const std::vector<Event>& events() const { return events_; }
    // The kept events ordered for people: files in the order they were first reported,
    // offsets ascending within a file, report order for equal offsets.
    std::vector<Event> events_in_file_order() const;
    // Events dropped by the cap, per code.
    const std::map<std::string, std::uint64_t>& suppressed() const { return suppressed_; }
    std::uint64_t total() const { return total_; }
    std::uint64_t count(Severity severity) const;
    // True when any warning or error was seen: the command exits with ExitCode::problems.
    bool has_problems() const;
    void merge(const EventLog& other);

  private:
    std::size_t per_code_cap_;
    std::vector<Event> events_;
    std::map<std::string, std::uint64_t> kept_per_code_;
    std::map<std::string, std::uint64_t> suppressed_;
    std::uint64_t total_ = 0;
    std::uint64_t by_severity_[3] = {0, 0, 0};
};

// Registry of every catalogue, so code that only has an id (a report, a test that checks the
// documentation) can find its entry.
void register_catalogue(std::string_view format, std::span<const EventCode> codes);
const EventCode* find_event_code(std::string_view id);
std::vector<std::pair<std::string_view, std::span<const EventCode>>> all_catalogues();

}  // namespace ccsalvage
