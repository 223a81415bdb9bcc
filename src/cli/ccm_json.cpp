#include "cli/ccm_json.hpp"

namespace ccsalvage::cli {

using nlohmann::json;

std::string_view to_string(ccm::ItemKind kind) { return ccm::item_kind_name(kind); }

std::string_view to_string(ccm::AddressKind kind) {
    switch (kind) {
        case ccm::AddressKind::post_office_user:
            return "post_office_user";
        case ccm::AddressKind::local_name:
            return "local_name";
        case ccm::AddressKind::bulletin_board:
            return "bulletin_board";
        case ccm::AddressKind::internet:
            return "internet";
    }
    return "unknown";
}

namespace {
std::string_view to_string(ccm::Item::SizeFit fit) {
    switch (fit) {
        case ccm::Item::SizeFit::unsized:
            return "unsized";
        case ccm::Item::SizeFit::data_only:
            return "data_only";
        case ccm::Item::SizeFit::includes_line_end:
            return "includes_line_end";
        case ccm::Item::SizeFit::resynchronised:
            return "resynchronised";
    }
    return "unknown";
}

json addresses(const std::vector<ccm::Address>& list) {
    json out = json::array();
    for (const auto& a : list) out.push_back(to_json(a));
    return out;
}
}  // namespace

json to_json(const ccm::Address& address) {
    json out{{"raw", address.raw}, {"kind", to_string(address.kind)}, {"name", address.name}};
    if (!address.post_office.empty()) out["post_office"] = address.post_office;
    if (!address.internet.empty()) out["internet"] = address.internet;
    return out;
}

json to_json(const ccm::Item& item) {
    json out{{"kind", to_string(item.kind)},  {"keyword", item.keyword},
             {"offset", item.keyword_offset}, {"data_offset", item.data_offset},
             {"size", item.data.size()},      {"size_fit", to_string(item.size_fit)},
             {"sha256", item.sha256}};
    if (!item.title.empty()) out["title"] = item.title;
    if (item.kind == ccm::ItemKind::file) {
        out["file_name"] = item.file_name;
        out["file_stamp"] = item.file_stamp;
    }
    out["declared_size"] = item.declared_size ? json(*item.declared_size) : json(nullptr);
    if (item.truncated) out["truncated"] = true;
    return out;
}

json to_json(const ccm::Message& message) {
    json headers = json::array();
    for (const auto& h : message.headers) {
        headers.push_back(
            {{"keyword", h.keyword}, {"value", h.value}, {"offset", h.offset}, {"known", h.known}});
    }
    json items = json::array();
    for (const auto& item : message.items) items.push_back(to_json(item));
    json out{{"index", message.index},
             {"offset", message.offset},
             {"end_offset", message.end_offset},
             {"sized", message.sized},
             {"has_contents", message.has_contents},
             {"partial", message.partial},
             {"receipt_requested", message.receipt_requested},
             {"from", addresses(message.from)},
             {"to", addresses(message.to)},
             {"cc", addresses(message.cc)},
             {"bcc", addresses(message.bcc)},
             {"subject", message.subject},
             {"headers", headers},
             {"items", items}};
    out["declared_size"] = message.declared_size ? json(*message.declared_size) : json(nullptr);
    out["contents_declared_size"] =
        message.contents_declared_size ? json(*message.contents_declared_size) : json(nullptr);
    if (message.date) {
        json date{{"raw", message.date->raw}, {"valid", message.date->valid}};
        if (message.date->valid) {
            char iso[32];
            std::snprintf(iso, sizeof iso, "%04d-%02d-%02dT%02d:%02d:%02d", message.date->year,
                          message.date->month, message.date->day, message.date->hour,
                          message.date->minute, message.date->second);
            date["local"] = iso;
        }
        out["date"] = date;
    } else {
        out["date"] = nullptr;
    }
    return out;
}

json to_json(const Event& event) {
    return {{"file", event.file},
            {"offset", event.offset},
            {"code", event.code},
            {"severity", to_string(event.severity)},
            {"detail", event.detail}};
}

json to_json(const ccm::ReadSummary& summary) {
    return {{"messages", summary.messages},
            {"partial_messages", summary.partial_messages},
            {"items", summary.items},
            {"bytes", summary.bytes},
            {"sized_messages", summary.sized_messages}};
}

}  // namespace ccsalvage::cli
