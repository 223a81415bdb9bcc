#include "export/report_files.hpp"

namespace ccsalvage::exporting {

namespace {
// Written 64 KiB at a time: the buffers live through the whole run, beside the post office
// reader's model, so they count towards the peak.
constexpr std::size_t kFlushAt = 64 * 1024;
}  // namespace

ReportFiles::ReportFiles(const OutputFolder& folder)
    : manifest_(folder, "manifest.jsonl"), sums_(folder, "SHA256SUMS") {}

void ReportFiles::add(const ManifestEntry& entry, const EntryText& text, std::string_view outcome) {
    append_manifest_line(lines_, text, outcome);
    lines_ += '\n';
    if (entry.sha256 && entry.target) add_sum(*entry.sha256, *entry.target);
    flush(false);
}

void ReportFiles::add_recorded(nlohmann::json& done_record) {
    nlohmann::json& entry = done_record["entry"];
    if (entry.contains("sha256")) {
        add_sum(entry["sha256"].get_ref<const std::string&>(),
                entry["target"].get_ref<const std::string&>());
    }
    entry["outcome"] = std::move(done_record["outcome"]);
    lines_ += entry.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    lines_ += '\n';
    flush(false);
}

void ReportFiles::add_sum(std::string_view sha256, std::string_view name) {
    sums_text_.append(sha256);
    sums_text_ += "  ";
    sums_text_.append(name);
    sums_text_ += '\n';
}

std::string ReportFiles::commit_manifest() {
    manifest_.write(lines_);
    lines_.clear();
    return manifest_.commit();
}

void ReportFiles::commit_sums() {
    flush(true);
    sums_.commit();
}

void ReportFiles::flush(bool all) {
    if (!lines_.empty() && (all || lines_.size() >= kFlushAt)) {
        manifest_.write(lines_);
        lines_.clear();
    }
    if (!sums_text_.empty() && (all || sums_text_.size() >= kFlushAt)) {
        sums_.write(sums_text_);
        sums_text_.clear();
    }
}

}  // namespace ccsalvage::exporting
