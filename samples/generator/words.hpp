#pragma once
// Word lists and the text built from them: names, subjects, bodies, folder and file names.
// Everything here is UTF-8 that CP850 can hold (the default cc:Mail code page), with the
// accented names of a European company (Müller, Jürgen; Lindqvist, Åsa; Ñúñez, Inés) so that
// code page handling is exercised by every sample. Bodies are produced directly in CP850 bytes,
// since that is what item data holds.
#include <cstddef>
#include <string>

#include "random.hpp"

namespace ccsalvage::generator::words {

// "Last, First", as cc:Mail directory names are usually written.
std::string person_name(Rng& rng);
// Exchange users: the same form, a different (mostly English) mix of names.
std::string exchange_person_name(Rng& rng);
std::string subject(Rng& rng);
std::string folder_name(Rng& rng);
std::string board_name(std::size_t i);
std::string list_name(std::size_t i);
// Names of the user post offices (8 characters at most, upper case, like DOS-era names).
std::string user_post_office_name(std::size_t i);
// A DOS 8-character file base name ("BUDGET98"); the caller adds the extension.
std::string file_base_name(Rng& rng);
// Occasional text item titles.
std::string text_title(Rng& rng);
// One sentence of UTF-8 prose.
std::string sentence(Rng& rng);

// Appends CP850 prose (lines of at most 72 bytes ending in CR LF, blank lines between
// paragraphs) to `out` until it holds exactly `size` bytes.
void append_prose_cp850(Rng& rng, std::string& out, std::size_t size);

}  // namespace ccsalvage::generator::words
