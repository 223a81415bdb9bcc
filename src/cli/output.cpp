#include "cli/output.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <system_error>

#include <ccsalvage/build_info.hpp>

#include "core/errors.hpp"
#include "core/exit_codes.hpp"

namespace ccsalvage::cli {

void print_error(std::string_view message) { fmt::print(stderr, "ccsalvage: {}\n", message); }

void print_events_text(const EventLog& log) {
    if (log.total() == 0) return;
    fmt::print("events:\n");
    for (const auto& e : log.events_in_file_order()) {
        fmt::print("  {}:{} (0x{:x}) {} {}: {}\n", e.file, e.offset, e.offset, e.code,
                   to_string(e.severity), e.detail);
    }
    for (const auto& [code, count] : log.suppressed()) {
        fmt::print("  ... and {} more {} event(s) not listed\n", count, code);
    }
}

std::unique_ptr<EvidenceFile> open_input_or_report(const std::string& path, bool& failed,
                                                   std::string& error) {
    try {
        return std::make_unique<EvidenceFile>(EvidenceFile::open(path));
    } catch (const IoError& e) {
        failed = true;
        error = e.what();
        print_error(error);
        return nullptr;
    }
}

void prepare_standard_output() { std::signal(SIGXFSZ, SIG_IGN); }

int finish_standard_output(int exit_code) {
    if (std::fflush(stdout) == 0 && std::ferror(stdout) == 0) return exit_code;
    print_error(fmt::format("standard output: write failed: {}", std::strerror(errno)));
    return to_int(ExitCode::io_error);
}

bool is_output_error(const std::exception& error) {
    const auto* system = dynamic_cast<const std::system_error*>(&error);
    if (system == nullptr || system->code().category() != std::generic_category()) return false;
    switch (system->code().value()) {
        case ENOSPC:
        case EIO:
        case EFBIG:
        case EDQUOT:
        case EPIPE:
        case EROFS:
            return true;
        default:
            return false;
    }
}

nlohmann::json tool_json() {
    return {{"name", "ccsalvage"},
            {"version", build_info::version},
            {"build", build_info::git_describe}};
}

void JsonStream::write(std::string_view text) { std::fwrite(text.data(), 1, text.size(), out_); }

void JsonStream::separator() {
    if (!first_.empty()) {
        if (!first_.back()) write(",");
        first_.back() = false;
    }
}

void JsonStream::open_object() {
    if (!enabled_) return;
    separator();
    write("{");
    first_.push_back(true);
}

void JsonStream::open_object_in_array() { open_object(); }

void JsonStream::close_object() {
    if (!enabled_) return;
    write("}");
    first_.pop_back();
}

void JsonStream::open_array(std::string_view key) {
    if (!enabled_) return;
    separator();
    write(nlohmann::json(key).dump());
    write(":[");
    first_.push_back(true);
}

void JsonStream::close_array() {
    if (!enabled_) return;
    write("]");
    first_.pop_back();
}

void JsonStream::key_value(std::string_view key, const nlohmann::json& value) {
    if (!enabled_) return;
    separator();
    write(nlohmann::json(key).dump());
    write(":");
    // Evidence text is not always valid UTF-8; replace rather than throw.
    write(value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

void JsonStream::array_value(const nlohmann::json& value) {
    if (!enabled_) return;
    separator();
    write(value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

}  // namespace ccsalvage::cli
