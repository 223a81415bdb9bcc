#pragma once
// Mapped and encoded mailboxes, remembered per thread: the same few hundred cc:Mail names
// recur in every message of a post office, and mapping one (ICU transliteration) and encoding
// its display name (GMime) costs microseconds each time.
#include "mime/address_mapping.hpp"
#include "mime/header_encoding.hpp"
#include "parsers/ccm/message.hpp"

namespace ccsalvage::mime {

// map_address() of the address, its display name made header-safe and encoded as a phrase.
// The reference stays valid until forget_mailboxes_if_full() on the same thread.
const EncodedMailbox& encoded_mailbox(const ccm::Address& address, const AddressMapping& mapping);

// Keeps the cache bounded: empties it when it holds more than a few thousand mailboxes. Called
// between messages, so that the mailboxes of the message being composed stay valid.
void forget_mailboxes_if_full();

}  // namespace ccsalvage::mime
