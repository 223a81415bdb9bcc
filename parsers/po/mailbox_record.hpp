#pragma once
// USRnnnnn structures (docs/formats/post-office.md, sections 8.2-8.3): the folder table T and
// the folder list L.
#include <cstdint>
#include <string>
#include <string_view>

#include "parsers/po/field_map.hpp"
#include "parsers/po/structures.hpp"

namespace ccsalvage::po {

// `seed` is the record's head block (folder names are slots scrambled with it). More than 1,024
// folders are read up to the bound and reported in `map.bound`.
FolderTable decode_folder_table(std::string_view payload, std::uint32_t seed, FieldMap& map);
// Writes folder_count from the vector.
std::string encode_folder_table(const FolderTable& table, std::uint32_t seed);

FolderList decode_folder_list(std::string_view payload, FieldMap& map);
// Writes entry_count from the vector.
std::string encode_folder_list(const FolderList& list);

// Payload offsets of folder descriptor i and folder entry i (for events).
std::uint32_t folder_descriptor_offset(std::size_t i);
std::uint32_t folder_entry_offset(std::size_t i);

}  // namespace ccsalvage::po
