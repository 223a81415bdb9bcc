#include "ground_truth.hpp"

#include <ccsalvage/build_info.hpp>
#include <nlohmann/json.hpp>

#include "options.hpp"

namespace ccsalvage::generator {

namespace {

using Json = nlohmann::ordered_json;  // keys in the order written: stable and readable

Json options_json(const Options& o) {
    Json damage = Json::object();
    for (const auto& [kind, count] : o.damage) damage[std::string(damage_info(kind).name)] = count;
    return Json{{"messages", o.messages},
                {"target_bytes", o.target_bytes},
                {"post_offices", o.post_offices},
                {"max_item_bytes", o.max_item_bytes},
                {"backups", o.backups},
                {"write_post_offices", o.write_post_offices},
                {"damage", damage}};
}

std::string mailbox_name(const World& world, const MailboxRef& ref) {
    switch (ref.kind) {
        case MailboxKind::user:
            return world.people[ref.index].name;
        case MailboxKind::board:
            return world.boards[ref.index].name;
        case MailboxKind::queue:
            return world.post_offices[ref.index].name;
    }
    return {};
}

std::uint32_t mailbox_number(const World& world, const MailboxRef& ref) {
    switch (ref.kind) {
        case MailboxKind::user:
            return world.people[ref.index].mailbox_number;
        case MailboxKind::board:
            return world.boards[ref.index].mailbox_number;
        case MailboxKind::queue:
            return world.post_offices[ref.index].hub_queue_mailbox;
    }
    return 0;
}

Json item_json(const ItemSpec& item, std::size_t index) {
    Json j{{"index", index}, {"kind", to_string(item.kind)}};
    switch (item.kind) {
        case ItemKind::text:
            j["title"] = item.title;
            break;
        case ItemKind::file:
            j["name"] = item.title;
            j["file_type"] = to_string(item.file_type);
            j["file_stamp"] = file_stamp(item.file_time);
            j["keyword_lookalike"] = item.keyword_lookalike;
            break;
        case ItemKind::forwarded:
            j["title"] = item.title;
            break;
    }
    j["size"] = item.size;
    j["sha256"] = item.sha256;
    return j;
}

Json message_json(const Run& run, const MessageSpec& m) {
    const World& world = run.world;
    Json to = Json::array(), cc = Json::array(), bcc = Json::array();
    for (const auto& r : m.recipients) {
        Json& list = r.role == Role::to ? to : (r.role == Role::cc ? cc : bcc);
        list.push_back(world.address_of(r));
    }
    Json items = Json::array();
    for (std::size_t i = 0; i < m.items.size(); ++i) items.push_back(item_json(m.items[i], i));

    Json po_copies = Json::array();
    for (const auto& copy : m.po_copies) {
        Json entries = Json::array();
        for (const auto& e : copy.entries) {
            entries.push_back(Json{{"mailbox_kind", to_string(e.mailbox.kind)},
                                   {"mailbox", mailbox_name(world, e.mailbox)},
                                   {"mailbox_number", mailbox_number(world, e.mailbox)},
                                   {"folder", e.folder},
                                   {"read", e.read},
                                   {"sent", e.sent},
                                   {"filed", iso_time(e.filed)}});
        }
        Json j{{"post_office", world.post_offices[copy.po].name},
               {"message_number", copy.message_number},
               {"arrival", iso_time(copy.arrival)},
               {"duplicate", copy.duplicate},
               {"written", run.post_offices_written}};
        if (!copy.file.empty()) j["file"] = copy.file;
        if (copy.offset) j["offset"] = *copy.offset;
        j["folders"] = std::move(entries);
        po_copies.push_back(std::move(j));
    }
    Json ccm_copies = Json::array();
    for (const auto& c : m.ccm_copies) {
        ccm_copies.push_back(Json{{"file", c.file},
                                  {"offset", c.offset},
                                  {"length", c.length},
                                  {"complete", c.complete}});
    }
    Json und_copies = Json::array();
    for (const auto& u : m.und_copies) {
        und_copies.push_back(Json{
            {"file", u.file}, {"offset", u.offset}, {"length", u.length}, {"attempt", u.attempt}});
    }
    Json damage = Json::array();
    for (const std::size_t d : m.damage) damage.push_back(d);

    return Json{{"id", m.id},
                {"flow", to_string(m.flow)},
                {"status", to_string(m.status)},
                {"connector", to_string(m.connector)},
                {"from", world.address_of(m.sender)},
                {"to", std::move(to)},
                {"cc", std::move(cc)},
                {"bcc", std::move(bcc)},
                {"subject", m.subject},
                {"date", iso_time(m.date)},
                {"date_raw", ccm_date(m.date)},
                {"receipt_requested", m.receipt_requested},
                {"priority", m.priority == 1 ? "urgent" : (m.priority == 2 ? "low" : "normal")},
                {"items", std::move(items)},
                {"total_item_bytes", m.total_item_bytes()},
                {"copies", Json{{"post_office", std::move(po_copies)},
                                {"ccm", std::move(ccm_copies)},
                                {"und", std::move(und_copies)}}},
                {"damage", std::move(damage)}};
}

Json directory_json(const World& world) {
    Json post_offices = Json::array();
    for (std::size_t i = 0; i < world.post_offices.size(); ++i) {
        const PostOffice& po = world.post_offices[i];
        Json j{{"name", po.name},
               {"kind", to_string(po.kind)},
               {"po_id", po.po_id},
               {"created", iso_time(po.created)},
               {"first_message_number", po.first_message_number},
               {"next_message_number", po.next_message_number}};
        if (po.kind != PoKind::exchange) j["folder"] = po.name;
        if (i != world.hub) j["hub_queue_mailbox"] = po.hub_queue_mailbox;
        if (po.uplink_mailbox != 0) j["uplink_mailbox"] = po.uplink_mailbox;
        post_offices.push_back(std::move(j));
    }
    Json people = Json::array();
    for (const auto& p : world.people) {
        people.push_back(Json{{"name", p.name},
                              {"post_office", world.post_offices[p.po].name},
                              {"mailbox_number", p.mailbox_number},
                              {"folders", p.folders},
                              {"keeps_message_log", p.keeps_message_log}});
    }
    Json boards = Json::array();
    for (const auto& b : world.boards) {
        boards.push_back(Json{{"name", b.name},
                              {"post_office", world.post_offices[b.po].name},
                              {"mailbox_number", b.mailbox_number}});
    }
    Json lists = Json::array();
    for (const auto& l : world.lists) {
        Json members = Json::array();
        for (const std::size_t m : l.members) members.push_back(world.people[m].name);
        lists.push_back(Json{{"name", l.name},
                             {"post_office", world.post_offices[l.po].name},
                             {"members", members}});
    }
    return Json{
        {"post_offices", post_offices}, {"people", people}, {"boards", boards}, {"lists", lists}};
}

Json damage_json(const DamageRecord& d, std::size_t index) {
    const DamageInfo& info = damage_info(d.kind);
    Json j{{"index", index},         {"kind", info.name},
           {"instance", d.instance}, {"catalogue", info.catalogue},
           {"kb", info.kb},          {"file", d.file},
           {"offset", d.offset},     {"length", d.length}};
    if (!d.original_hex.empty()) j["original_hex"] = d.original_hex;
    if (!d.new_hex.empty()) j["new_hex"] = d.new_hex;
    if (!d.original_sha256.empty()) j["original_sha256"] = d.original_sha256;
    Json patches = Json::array();
    for (const auto& p : d.patches) {
        patches.push_back(Json{{"file", p.file},
                               {"offset", p.offset},
                               {"original_hex", p.original_hex},
                               {"new_hex", p.new_hex}});
    }
    j["patches"] = std::move(patches);
    j["detail"] = d.detail;
    j["messages"] = d.messages;
    j["related_files"] = d.related_files;
    j["also_expected"] = d.also_expected;
    return j;
}

Json written_json(const WrittenPostOffice& w) {
    Json directory = Json::array();
    for (const auto& e : w.directory) {
        directory.push_back(Json{{"entry_id", e.entry_id},
                                 {"type", std::string(1, e.type_code)},
                                 {"name", e.name},
                                 {"mailbox_number", e.mailbox_number}});
    }
    return Json{{"name", w.name},
                {"folder", w.folder},
                {"block_size", w.block_size},
                {"message_records", w.message_records},
                {"healthy_read_events", w.healthy_read_events},
                {"files", w.files},
                {"directory", std::move(directory)}};
}

Json totals_json(const Totals& t) {
    return Json{{"messages", t.messages},
                {"by_status", t.by_status},
                {"by_flow", t.by_flow},
                {"post_office_records", t.post_office_records},
                {"duplicate_records", t.duplicate_records},
                {"folder_entries", t.folder_entries},
                {"ccm_copies", t.ccm_copies},
                {"incomplete_ccm_copies", t.incomplete_ccm_copies},
                {"und_entries", t.und_entries},
                {"items", t.items},
                {"item_bytes", t.item_bytes},
                {"damage", t.damage},
                {"damage_by_kind", t.damage_by_kind},
                {"files", t.files},
                {"file_bytes", t.file_bytes}};
}

}  // namespace

Totals compute_totals(const Run& run) {
    Totals t;
    // Every status and flow appears, with 0 when unused, so readers need not guess.
    for (const Status s : {Status::delivered, Status::exported, Status::pending, Status::bad,
                           Status::undeliverable, Status::lost}) {
        t.by_status[std::string(to_string(s))] = 0;
    }
    for (const Flow f : {Flow::local, Flow::to_exchange, Flow::from_exchange}) {
        t.by_flow[std::string(to_string(f))] = 0;
    }
    for (const auto& m : run.world.messages) {
        ++t.messages;
        ++t.by_status[std::string(to_string(m.status))];
        ++t.by_flow[std::string(to_string(m.flow))];
        for (const auto& copy : m.po_copies) {
            ++t.post_office_records;
            if (copy.duplicate) ++t.duplicate_records;
            t.folder_entries += copy.entries.size();
        }
        for (const auto& c : m.ccm_copies) {
            ++t.ccm_copies;
            if (!c.complete) ++t.incomplete_ccm_copies;
        }
        t.und_entries += m.und_copies.size();
        t.items += m.items.size();
        t.item_bytes += m.total_item_bytes();
    }
    for (const auto& info : damage_catalogue()) t.damage_by_kind[std::string(info.name)] = 0;
    for (const auto& d : run.damage) {
        ++t.damage;
        ++t.damage_by_kind[std::string(damage_info(d.kind).name)];
    }
    for (const auto& f : run.files) {
        ++t.files;
        t.file_bytes += f.size;
    }
    return t;
}

std::string write_ground_truth(const Run& run, const OutputFolder& out) {
    AtomicFile file(out, kGroundTruthName);
    // One line per message, damage record and file: grep- and diff-friendly, and still one
    // JSON document.
    const auto put = [&file](const Json& j) { file.write(j.dump()); };

    Json head{{"schema", "ccsalvage-generator-ground-truth"},
              {"schema_version", kGroundTruthSchemaVersion},
              {"generator", Json{{"name", "ccsalvage-generate"},
                                 {"generator_version", kGeneratorVersion},
                                 {"ccsalvage_version", build_info::version}}},
              {"seed", run.options.seed},
              {"options", options_json(run.options)},
              {"code_page", "cp850"},
              {"date_order", "us"},
              {"snapshot", iso_time(run.world.snapshot)},
              {"post_offices_written", run.post_offices_written},
              {"post_office_note", run.post_office_note},
              {"written_post_offices",
               [&run] {
                   Json list = Json::array();
                   for (const auto& w : run.written_post_offices) list.push_back(written_json(w));
                   return list;
               }()},
              {"connector_store", kStoreRoot},
              {"directory", directory_json(run.world)}};
    // The document is assembled from pieces: the head without its closing brace, then the
    // messages one by one, then the rest.
    std::string text = head.dump(1);
    text.pop_back();  // '}'
    text.pop_back();  // '\n'
    file.write(text);
    file.write(",\n \"messages\": [");
    for (std::size_t i = 0; i < run.world.messages.size(); ++i) {
        file.write(i == 0 ? "\n" : ",\n");
        put(message_json(run, run.world.messages[i]));
    }
    file.write("\n ],\n \"damage\": [");
    for (std::size_t i = 0; i < run.damage.size(); ++i) {
        file.write(i == 0 ? "\n" : ",\n");
        put(damage_json(run.damage[i], i));
    }
    file.write("\n ],\n \"files\": [");
    for (std::size_t i = 0; i < run.files.size(); ++i) {
        const OutputFile& f = run.files[i];
        file.write(i == 0 ? "\n" : ",\n");
        put(Json{{"path", f.path}, {"size", f.size}, {"sha256", f.sha256}, {"role", f.role}});
    }
    file.write("\n ],\n \"totals\": ");
    put(totals_json(compute_totals(run)));
    file.write("\n}\n");
    return file.commit();
}

}  // namespace ccsalvage::generator
