#include "export/journal.hpp"

#include <fstream>

#include "core/errors.hpp"
#include "export/json_text.hpp"

namespace ccsalvage::exporting {

Journal::Journal(const OutputFolder& folder) : folder_(folder) {
    file_ = std::make_unique<AppendFile>(folder_, kJournalName);
}

JournalState Journal::load() {
    JournalState state;
    std::ifstream in(folder_.resolve(kJournalName), std::ios::binary);
    std::string line;
    std::uint64_t good_length = 0;
    std::uint64_t position = 0;
    while (std::getline(in, line)) {
        const bool complete = !in.eof();
        position += line.size() + (complete ? 1 : 0);
        if (!complete) break;  // no newline: torn by a kill
        auto record = nlohmann::json::parse(line, nullptr, false);
        if (record.is_discarded()) break;
        good_length = position;
        const std::string kind = record.value("record", "");
        if (kind == "run" && state.arguments.is_null()) {
            state.arguments = record["arguments"];
        } else if (kind == "done") {
            if (record.value("sequence", std::uint64_t{0}) != state.done) {
                throw IoError(folder_.resolve(kJournalName).string() +
                              ": done records out of order; the journal is damaged");
            }
            ++state.done;
            const std::string outcome = record.value("outcome", "");
            const auto& entry = record["entry"];
            if (outcome == "exported") {
                ++state.exported;
                state.seen.emplace(record.value("key", ""), entry.value("target", ""));
                if (entry.contains("warnings")) ++state.warnings;
            } else if (outcome == "duplicate") {
                ++state.duplicates;
            } else {
                ++state.quarantined;
            }
            if (record.contains("end")) {
                auto& committed = state.appended[entry.value("target", "")];
                committed.length = record["end"].get<std::uint64_t>();
                ++committed.messages;
            }
        }
    }
    if (good_length < file_->size()) file_->truncate(good_length);
    return state;
}

void Journal::append(const nlohmann::json& record) {
    flush_planned();
    file_->write(record.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");
}

void Journal::append_all(const std::vector<nlohmann::json>& records) {
    // Written 64 KiB at a time: a commit's thousand records joined whole set the export's heap
    // peak (measured with heaptrack), for no fewer system calls worth having.
    constexpr std::size_t kWriteAt = 64 * 1024;
    flush_planned();
    std::string text;
    for (const auto& record : records) {
        text += record.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
        text += '\n';
        if (text.size() >= kWriteAt) {
            file_->write(text);
            text.clear();
        }
    }
    if (!text.empty()) file_->write(text);
}

void Journal::append_lines(std::string_view lines) {
    flush_planned();
    if (!lines.empty()) file_->write(lines);
}

void Journal::append_planned(std::uint64_t sequence, std::string_view key) {
    planned_ += "{\"key\":";
    append_json_string(planned_, key);
    planned_ += ",\"record\":\"planned\",\"sequence\":";
    append_json_number(planned_, sequence);
    planned_ += "}\n";
}

void Journal::flush_planned() {
    if (planned_.empty()) return;
    file_->write(planned_);
    planned_.clear();
}

void Journal::sync() {
    flush_planned();
    file_->sync();
}

void Journal::for_each_done(const std::function<void(nlohmann::json&)>& visit) const {
    std::ifstream in(folder_.resolve(kJournalName), std::ios::binary);
    std::string line;
    while (std::getline(in, line)) {
        // Half the lines are planned records. A done record's line holds "record":"done" as
        // written (no blanks; inside a JSON string every quote is escaped, so the text cannot
        // appear there): a line without it is skipped without parsing; the parse decides.
        if (line.find(R"("record":"done")") == std::string::npos) continue;
        auto record = nlohmann::json::parse(line, nullptr, false);
        if (record.is_discarded()) continue;
        if (record.value("record", "") == "done") visit(record);
    }
}

}  // namespace ccsalvage::exporting
