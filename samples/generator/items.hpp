#pragma once
// Item bytes, regenerated on demand from an ItemSpec (model.hpp). Nothing is cached: writing
// a 1 GiB post office holds one chunk at a time, and hashing an item for the ground truth
// simply generates it again.
//
// What the bytes look like:
//  - text items and .txt files: CP850 prose with CR LF line ends (words.hpp);
//  - .wk4, .doc, .pcx, .zip, .wpd files: the format's real signature and a plausible header,
//    then pseudo-random bytes in counter mode (block i depends only on the seed and i), with
//    zero runs in the formats that have them; optionally lines that look like .ccm keywords;
//  - forwarded items: a whole message in the Import/Export format (docs/formats/post-office.md
//    6.5, "Item data by kind"), made up from the seed.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "model.hpp"
#include "random.hpp"

namespace ccsalvage::generator {

class ItemSource {
  public:
    explicit ItemSource(const ItemSpec& spec);
    ItemSource(const ItemSource&) = delete;
    ItemSource& operator=(const ItemSource&) = delete;
    ~ItemSource();

    // Copies the next bytes into out (at most n); returns how many, 0 at the end.
    std::size_t read(char* out, std::size_t n);
    std::uint64_t remaining() const { return size_ - position_; }

  private:
    void fill_binary(char* out, std::size_t n);
    void fill_text(char* out, std::size_t n);

    const ItemSpec& spec_;
    std::uint64_t size_ = 0;
    std::uint64_t position_ = 0;
    std::string prefix_;  // format header (binary) or the whole data (forwarded)
    std::string lookalike_;
    std::uint64_t lookalike_at_ = 0;
    std::string suffix_;  // e.g. a zip end-of-central-directory record
    // Text generation is sequential: a buffer of prose not yet handed out.
    std::unique_ptr<Rng> text_rng_;
    std::string text_pending_;
    std::size_t text_pending_pos_ = 0;
    std::uint64_t text_generated_ = 0;
};

// Hands the item's bytes to `sink` in chunks of at most `chunk` bytes.
void stream_item(const ItemSpec& spec, const std::function<void(std::string_view)>& sink,
                 std::size_t chunk = std::size_t{1} << 20);
// The whole item in memory; for callers whose APIs need it (the .ccm writer). Sizes are bounded
// by the generator's --max-item-bytes.
std::string item_bytes(const ItemSpec& spec);
std::string item_sha256(const ItemSpec& spec);

// The forwarded message carried by a forwarded item with this seed, in the Import/Export format.
std::string forwarded_message_bytes(std::uint64_t seed);

// The usual DOS extension of a file type ("WK4").
std::string_view file_extension(FileType type);

}  // namespace ccsalvage::generator
