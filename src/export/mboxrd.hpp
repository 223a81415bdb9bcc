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

// The same bytes as the From line followed by append_mboxrd, made a piece at a time, so that
// a message can be framed straight into an output buffer that is written out whenever it is
// full, instead of into a copy of the whole message first. `message` must outlive it.
class MboxrdFramer {
  public:
    MboxrdFramer(std::string from_line, std::string_view message)
        : from_line_(std::move(from_line)), message_(message) {}
    // Appends whole lines to `out` until it holds at least `limit` bytes (or one line more
    // than that) or the frame is complete; returns true while some of the frame is left.
    bool append_to(std::string& out, std::size_t limit);

  private:
    std::string from_line_;
    std::string_view message_;
    std::size_t at_ = 0;  // the next line of the message
    bool started_ = false;
    bool ended_ = false;
};

}  // namespace ccsalvage::exporting
