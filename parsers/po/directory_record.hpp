#pragma once
// CLANDATA directory structures (docs/formats/post-office.md, sections 6.2-6.4): the directory
// entry record D, the directory index record K and the folding/ordering rule of the index.
#include <cstdint>
#include <string>
#include <string_view>

#include "parsers/po/field_map.hpp"
#include "parsers/po/structures.hpp"

namespace ccsalvage::po {

// `payload` is the whole record payload; `seed` its head block (the text scrambling seed).
DirectoryEntry decode_directory_entry(std::string_view payload, std::uint32_t seed, FieldMap& map);
std::string encode_directory_entry(const DirectoryEntry& entry, std::uint32_t seed);

// Key entries are decoded with their stored (scrambled) key bytes in `key`; compare them with
// index_key() rather than unscrambling, since 00 padding is not scrambled.
DirectoryIndex decode_directory_index(std::string_view payload, FieldMap& map);
// Entries carry their stored key bytes (see index_key()).
std::string encode_directory_index(const DirectoryIndex& index);
// The 16 stored key bytes for a name in the index entry at `entry_position` (0-based) of an
// index headed at block `seed`: the folded name's first 16 bytes scrambled, then 00.
std::string index_key(std::string_view name, std::uint32_t seed, std::size_t entry_position);

// Whether a type code is one of P p L l R r A a G B, and whether that type owns a mailbox.
bool known_type_code(char type_code);
bool type_owns_mailbox(char type_code);
// Position of a type code in the CLANDATA chain table (P p L l R r A a G B), or -1.
int chain_slot(char type_code);

// The index order of 6.4: folded name (bytes, unsigned), then type code, then entry id.
bool index_order_less(std::string_view folded_a, char type_a, std::uint32_t id_a,
                      std::string_view folded_b, char type_b, std::uint32_t id_b);

}  // namespace ccsalvage::po
