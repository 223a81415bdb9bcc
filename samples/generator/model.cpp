#include "model.hpp"

namespace ccsalvage::generator {

std::uint64_t MessageSpec::total_item_bytes() const {
    std::uint64_t total = 0;
    for (const auto& item : items) total += item.size;
    return total;
}

std::string World::address_of(std::size_t person) const {
    return people[person].name + " at " + post_offices[people[person].po].name;
}

std::string World::address_of(const Recipient& recipient) const {
    switch (recipient.kind) {
        case TargetKind::person:
            return address_of(recipient.index);
        case TargetKind::board:
            return "#" + boards[recipient.index].name + " at " +
                   post_offices[boards[recipient.index].po].name;
        case TargetKind::list:
            // Public lists are resolved in the sender's own post office: a local name.
            return lists[recipient.index].name;
    }
    return {};
}

std::vector<std::size_t> World::people_reached(const Recipient& recipient) const {
    switch (recipient.kind) {
        case TargetKind::person:
            return {recipient.index};
        case TargetKind::list:
            return lists[recipient.index].members;
        case TargetKind::board:
            break;
    }
    return {};
}

std::string_view to_string(Flow flow) {
    switch (flow) {
        case Flow::local:
            return "local";
        case Flow::to_exchange:
            return "to-exchange";
        case Flow::from_exchange:
            return "from-exchange";
    }
    return "?";
}

std::string_view to_string(ConnectorState state) {
    switch (state) {
        case ConnectorState::none:
            return "none";
        case ConnectorState::queued:
            return "queued";
        case ConnectorState::exported:
            return "exported";
        case ConnectorState::export_waiting:
            return "export-waiting";
        case ConnectorState::bad:
            return "bad";
        case ConnectorState::submitted:
            return "submitted";
        case ConnectorState::importing:
            return "importing";
        case ConnectorState::imported:
            return "imported";
        case ConnectorState::looping:
            return "looping";
    }
    return "?";
}

std::string_view to_string(Status status) {
    switch (status) {
        case Status::delivered:
            return "delivered";
        case Status::exported:
            return "exported";
        case Status::pending:
            return "pending";
        case Status::bad:
            return "bad";
        case Status::undeliverable:
            return "undeliverable";
        case Status::lost:
            return "lost";
    }
    return "?";
}

std::string_view to_string(ItemKind kind) {
    switch (kind) {
        case ItemKind::text:
            return "text";
        case ItemKind::file:
            return "file";
        case ItemKind::forwarded:
            return "forwarded";
    }
    return "?";
}

std::string_view to_string(FileType type) {
    switch (type) {
        case FileType::none:
            return "none";
        case FileType::wk4:
            return "wk4";
        case FileType::doc:
            return "doc";
        case FileType::pcx:
            return "pcx";
        case FileType::zip:
            return "zip";
        case FileType::txt:
            return "txt";
        case FileType::wpd:
            return "wpd";
    }
    return "?";
}

std::string_view to_string(Role role) {
    switch (role) {
        case Role::to:
            return "to";
        case Role::cc:
            return "cc";
        case Role::bcc:
            return "bcc";
    }
    return "?";
}

std::string_view to_string(MailboxKind kind) {
    switch (kind) {
        case MailboxKind::user:
            return "user";
        case MailboxKind::board:
            return "board";
        case MailboxKind::queue:
            return "queue";
    }
    return "?";
}

std::string_view to_string(PoKind kind) {
    switch (kind) {
        case PoKind::hub:
            return "hub";
        case PoKind::user:
            return "user";
        case PoKind::exchange:
            return "exchange";
    }
    return "?";
}

}  // namespace ccsalvage::generator
