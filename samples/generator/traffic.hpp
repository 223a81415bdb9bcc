#pragma once
// The mail traffic: messages with their content, and where each one ends up (post office
// folders, the hub's queue, the connector's queues). Used for the regular traffic and, with
// their own random stream, by the damage recipes that need a message of a particular kind.
#include <cstdint>

#include "model.hpp"
#include "options.hpp"
#include "random.hpp"

namespace ccsalvage::generator {

class MessageFactory {
  public:
    MessageFactory(World& world, const Options& options) : world_(world), options_(options) {}

    // A new message (appended to world.messages) with sender, recipients, subject and items
    // fitting its flow; the item hashes are computed here. Not placed anywhere yet.
    MessageSpec& create(Rng& rng, Flow flow, const Timestamp& date);

    // Files the message in the post offices of its cc:Mail recipients (lists expanded, boards
    // included), and in the sender's Message Log when the sender is local and keeps one.
    // `duplicate` marks copies of a second delivery (Q184524).
    void deliver(MessageSpec& message, Rng& rng, bool duplicate = false);
    // The sender's Message Log copy alone (messages whose recipients are all on Exchange).
    void file_in_sender_log(MessageSpec& message, Rng& rng);
    // Puts the message in the hub's queue for the Exchange post office (not exported yet).
    void queue_for_exchange(MessageSpec& message, Rng& rng);

  private:
    PoCopy& copy_in(MessageSpec& message, std::size_t po, const Timestamp& arrival, bool duplicate);
    std::uint32_t next_number(Rng& rng, std::size_t po);
    void add_items(MessageSpec& message, Rng& rng);
    std::size_t random_local_person(Rng& rng, std::size_t except) const;
    std::size_t random_exchange_person(Rng& rng) const;

    World& world_;
    const Options& options_;
};

// The regular traffic of a run: messages until options.messages (or the byte target) is
// reached, then the connector's state of each message that crossed it. Leaves world.snapshot
// just after the last message.
void build_traffic(World& world, const Options& options, Rng& rng);

// About what one message adds to the output with the default size mix (all its copies); used
// to plan how many messages a --target-bytes run will have, to spread their dates and users.
inline constexpr std::uint64_t kTypicalMessageOutput = std::uint64_t{512} << 10;

// Planned number of regular messages for the options.
std::uint64_t planned_messages(const Options& options);

// What the generator expects to write for a message (all its copies), for --target-bytes.
std::uint64_t estimated_output_bytes(const MessageSpec& message, const Options& options);

// Office-hours clock: the next time a message is sent, `gap` working minutes after `from`.
Timestamp next_office_time(const Timestamp& from, std::uint64_t gap, Rng& rng);

}  // namespace ccsalvage::generator
