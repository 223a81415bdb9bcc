#include "damage.hpp"

#include "traffic.hpp"

namespace ccsalvage::generator {

namespace {

std::uint64_t highest_batch(const World& world) {
    std::uint64_t batch = 0;
    for (const auto& m : world.messages) batch = std::max(batch, m.export_batch);
    return batch;
}

}  // namespace

StoreDamage plan_damage(World& world, const Options& options, Rng& rng) {
    StoreDamage store;
    MessageFactory factory(world, options);
    Timestamp clock = world.snapshot;
    const auto next_message = [&](Flow flow) -> MessageSpec& {
        clock = next_office_time(clock, rng.between(1, 4), rng);
        return factory.create(rng, flow, clock);
    };
    const auto count = [&](DamageKind kind) {
        const auto it = options.damage.find(kind);
        return it == options.damage.end() ? 0U : it->second;
    };

    // Duplicates first: Q184524 says they appear just after the connector starts on its queue.
    for (unsigned i = 0; i < count(DamageKind::duplicates); ++i) {
        MessageSpec& m = next_message(Flow::from_exchange);
        m.connector = ConnectorState::imported;
        factory.deliver(m, rng);
        factory.deliver(m, rng, true);
        store.queued_twice.insert(m.id);
    }
    // Lost (Q157684): alternately an imported message that never reached a mailbox (the
    // Import.bak copy is all that is left) and an exported one whose sender kept no log.
    for (unsigned i = 0; i < count(DamageKind::lost); ++i) {
        if (i % 2 == 0) {
            MessageSpec& m = next_message(Flow::from_exchange);
            m.connector = ConnectorState::imported;
        } else {
            MessageSpec& m = next_message(Flow::to_exchange);
            m.connector = ConnectorState::exported;
            m.export_batch = highest_batch(world) + 1;
        }
        world.messages.back().status = Status::lost;
    }
    for (unsigned i = 0; i < count(DamageKind::truncate_ccm); ++i) {
        MessageSpec& m = next_message(Flow::to_exchange);
        factory.file_in_sender_log(m, rng);
        m.connector = ConnectorState::export_waiting;
        m.export_batch = highest_batch(world) + 1;
        m.status = Status::pending;
        store.truncate.insert(m.id);
    }
    for (unsigned i = 0; i < count(DamageKind::console_ccm); ++i) {
        MessageSpec& m = next_message(Flow::from_exchange);
        m.connector = ConnectorState::importing;
        m.status = Status::pending;
        store.console_prefix.insert(m.id);
    }
    // Import loops last: the stuck files are the newest in Import.
    for (unsigned i = 0; i < count(DamageKind::import_loop); ++i) {
        MessageSpec& m = next_message(Flow::from_exchange);
        m.connector = ConnectorState::looping;
        m.status = Status::undeliverable;
        store.loops[m.id] = static_cast<unsigned>(rng.between(3, 12));
    }
    store.zero_tmp = count(DamageKind::zero_tmp);
    world.snapshot = next_office_time(clock, 5, rng);
    return store;
}

std::string to_hex(std::string_view bytes) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string hex;
    hex.reserve(bytes.size() * 2);
    for (const char c : bytes) {
        const auto b = static_cast<unsigned char>(c);
        hex.push_back(digits[b >> 4]);
        hex.push_back(digits[b & 0x0F]);
    }
    return hex;
}

}  // namespace ccsalvage::generator
