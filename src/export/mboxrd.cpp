#include "export/mboxrd.hpp"

#include <fmt/format.h>

#include <array>

#include "mime/zoned_date.hpp"

namespace ccsalvage::exporting {

namespace {

bool is_from_line(std::string_view line) {
    std::size_t i = 0;
    while (i < line.size() && line[i] == '>') ++i;
    return line.substr(i).starts_with("From ");
}

}  // namespace

std::string mbox_from_line(std::string_view sender, std::optional<std::int64_t> utc_seconds) {
    static constexpr std::array<const char*, 7> kDays = {"Thu", "Fri", "Sat", "Sun",
                                                         "Mon", "Tue", "Wed"};
    static constexpr std::array<const char*, 12> kMonths = {
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    const std::int64_t t = utc_seconds.value_or(0);
    std::int64_t days = t / 86400;
    std::int64_t rest = t % 86400;
    if (rest < 0) {
        rest += 86400;
        --days;
    }
    // Civil date from days (inverse of days_from_civil, Howard Hinnant's algorithm).
    const std::int64_t z = days + 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const std::int64_t doe = z - era * 146097;
    const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const std::int64_t mp = (5 * doy + 2) / 153;
    const std::int64_t day = doy - (153 * mp + 2) / 5 + 1;
    const std::int64_t month = mp < 10 ? mp + 3 : mp - 9;
    const std::int64_t year = yoe + era * 400 + (month <= 2 ? 1 : 0);
    const auto weekday = static_cast<std::size_t>(((days % 7) + 7) % 7);
    const std::string who = sender.empty() ? std::string("MAILER-DAEMON") : std::string(sender);
    return fmt::format("From {} {} {} {:2} {:02}:{:02}:{:02} {}\n", who, kDays[weekday],
                       kMonths[static_cast<std::size_t>(month - 1)], day, rest / 3600,
                       rest / 60 % 60, rest % 60, year);
}

void append_mboxrd(std::string& out, std::string_view message) {
    // Room for the message at once (its CRs go, a '>' per quoted line and the blank line
    // come): grown line by line, the frame of a message was allocated and copied again about
    // four times over (a third of the export's string reallocations).
    out.reserve(out.size() + message.size() + 64);
    MboxrdFramer framer({}, message);
    while (framer.append_to(out, std::string::npos)) {
    }
}

bool MboxrdFramer::append_to(std::string& out, std::size_t limit) {
    if (!started_) {
        out.append(from_line_);
        started_ = true;
    }
    while (at_ < message_.size()) {
        if (out.size() >= limit) return true;
        auto end = message_.find('\n', at_);
        if (end == std::string_view::npos) end = message_.size();
        std::string_view line = message_.substr(at_, end - at_);
        if (line.ends_with('\r')) line.remove_suffix(1);
        if (is_from_line(line)) out.push_back('>');
        out.append(line);
        out.push_back('\n');
        at_ = end + 1;
    }
    if (!ended_) {
        out.push_back('\n');
        ended_ = true;
    }
    return false;
}

}  // namespace ccsalvage::exporting
