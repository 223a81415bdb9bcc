#pragma once
// Who is in the simulated mail system: the post offices (a hub the connector serves, user
// post offices, and the Exchange site as cc:Mail sees it), their users, bulletin boards and
// public mailing lists.
#include <cstdint>

#include "model.hpp"
#include "options.hpp"
#include "random.hpp"

namespace ccsalvage::generator {

// The name of the hub: the post office of the one published export sample's address.
inline constexpr const char* kHubName = "HUBPO2";
// The Exchange site's post office entry and the connector's mailbox on the hub.
inline constexpr const char* kExchangeName = "EXCHANGE";

// Fills world.post_offices, people, boards and lists. `expected_messages` scales the number of
// users, so large runs do not pile thousands of messages on a handful of mailboxes.
void populate(World& world, Rng& rng, const Options& options, std::uint64_t expected_messages);

}  // namespace ccsalvage::generator
