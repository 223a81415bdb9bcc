#include "export/manifest_entry.hpp"

#include "export/json_text.hpp"

namespace ccsalvage::exporting {

namespace {

// Writes the members in the order given, which the caller keeps sorted as std::map sorts
// nlohmann's keys (byte order).
class ObjectText {
  public:
    explicit ObjectText(std::string& out) : out_(out) { out_.push_back('{'); }
    void key(std::string_view name) {
        if (!first_) out_.push_back(',');
        first_ = false;
        out_.push_back('"');
        out_.append(name);  // the names are ASCII without characters to escape
        out_ += "\":";
    }
    void text(std::string_view name, std::string_view value) {
        key(name);
        append_json_string(out_, value);
    }
    void text_if(std::string_view name, const std::optional<std::string>& value) {
        if (value) text(name, *value);
    }
    void number(std::string_view name, std::uint64_t value) {
        key(name);
        append_json_number(out_, value);
    }
    void strings(std::string_view name, const std::vector<std::string>& values) {
        if (values.empty()) return;
        key(name);
        out_.push_back('[');
        for (std::size_t i = 0; i < values.size(); ++i) {
            if (i != 0) out_.push_back(',');
            append_json_string(out_, values[i]);
        }
        out_.push_back(']');
    }
    void close() { out_.push_back('}'); }

  private:
    std::string& out_;
    bool first_ = true;
};

}  // namespace

void write_entry_json(EntryText& text, const ManifestEntry& e) {
    text.json.clear();
    ObjectText o(text.json);
    o.strings("attachments", e.attachments);
    o.text_if("damage", e.damage);
    o.text_if("duplicate_of", e.duplicate_of);
    o.text("folder", e.folder);
    o.text_if("identity", e.identity);
    o.text("mailbox", e.mailbox);
    o.text_if("message_id", e.message_id);
    o.number("number", e.number);
    o.number("offset", e.offset);
    text.outcome_at = text.json.size();
    o.text("post_office", e.post_office);
    o.text_if("reason", e.reason);
    o.text("repair_status", e.repair_status);
    o.number("sequence", e.sequence);
    o.text_if("sha256", e.sha256);
    o.text("source", e.source);
    o.text_if("target", e.target);
    o.strings("warnings", e.warnings);
    o.close();
}

void append_manifest_line(std::string& out, const EntryText& entry, std::string_view outcome) {
    const std::string_view json = entry.json;
    out.append(json.substr(0, entry.outcome_at));
    out += ",\"outcome\":";
    append_json_string(out, outcome);
    out.append(json.substr(entry.outcome_at));
}

void append_done_json(std::string& out, const EntryText& entry, std::uint64_t sequence,
                      std::string_view key, std::string_view outcome,
                      std::optional<std::uint64_t> end) {
    ObjectText o(out);
    if (end) o.number("end", *end);
    o.key("entry");
    out += entry.json;
    o.text("key", key);
    o.text("outcome", outcome);
    o.text("record", "done");
    o.number("sequence", sequence);
    o.close();
}

}  // namespace ccsalvage::exporting
