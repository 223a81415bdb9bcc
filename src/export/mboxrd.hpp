#pragma once
// The mboxrd form (one message after another, each opened by a "From " line): every body line
// that matches ^>*From  gets one more '>', so unquoting (remove one '>' from such lines) gives
// the message back exactly. Line ends are LF, as mbox readers expect.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ccsalvage::exporting {

// "From jeff.grewal@hub.ccmail.invalid Thu Mar 20 15:11:00 1997\n"; MAILER-DAEMON when the
// sender is unknown, the epoch when the date is.
std::string mbox_from_line(std::string_view sender, std::optional<std::int64_t> utc_seconds);

// Appends the message (CR LF or LF line ends) quoted, with LF line ends and a blank line after.
void append_mboxrd(std::string& out, std::string_view message);

}  // namespace ccsalvage::exporting
