#pragma once
// What the commands print: errors on stderr, events as text, and JSON streamed object by
// object so that listing a file of a million messages needs no more memory than one message.
#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include <memory>
#include "core/event.hpp"
#include "core/evidence.hpp"

namespace ccsalvage::cli {

void print_error(std::string_view message);
// One line per event: "file:offset (0xhex) CODE severity: detail", then suppressed counts.
void print_events_text(const EventLog& log);
// Opens one input of a command that takes several. When the operating system refuses it, the
// error is printed and kept in `error`, `failed` is set (the command ends with exit code 3) and
// nullptr returned, so the command goes on with its other inputs.
std::unique_ptr<EvidenceFile> open_input_or_report(const std::string& path, bool& failed,
                                                   std::string& error);

// Standard output as an output like any other: a write past RLIMIT_FSIZE fails with EFBIG
// (reported) instead of SIGXFSZ killing the process without a word, and a failed write to
// stdout (a full disk under a redirect) is an output error with exit code 3, not success.
void prepare_standard_output();
int finish_standard_output(int exit_code);
// Whether an exception thrown while printing (fmt throws std::system_error) is the operating
// system refusing an output (no space, I/O error, file too large, ...).
bool is_output_error(const std::exception& error);

// The identity of this build, for JSON outputs and reports.
nlohmann::json tool_json();

class JsonStream {
  public:
    JsonStream(std::FILE* out, bool enabled) : out_(out), enabled_(enabled) {}
    void open_object();
    void open_object_in_array();
    void close_object();
    void open_array(std::string_view key);
    void close_array();
    void key_value(std::string_view key, const nlohmann::json& value);
    void array_value(const nlohmann::json& value);

  private:
    void separator();
    void write(std::string_view text);
    std::FILE* out_;
    bool enabled_;
    std::vector<bool> first_;  // per open container: nothing written into it yet
};

}  // namespace ccsalvage::cli
