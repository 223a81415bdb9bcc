#pragma once
// Block-level damage to one written post office (docs/generator.md, "Damage kinds"): the
// healthy files the post office writer built are read back with the post office reader to find
// the records, then bytes are changed. Each change is recorded with file, offset, the bytes
// before and after. This is our own generated output being damaged on purpose, never evidence.
// Compiled only when the build has the post office writer.
#ifdef CCSALVAGE_GENERATOR_HAVE_PO
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "parsers/po/model.hpp"
#include "parsers/po/writer.hpp"
#include "po_spec.hpp"
#include "random.hpp"
#include "run.hpp"

namespace ccsalvage::generator {

class PoDamager {
  public:
    // `folder` is the post office's folder relative to the output root; `files` are changed in
    // place; `model` is what the reader found in the healthy files.
    PoDamager(Run& run, std::string folder, po::PostOfficeFiles& files, const po::PostOffice& model,
              const PoSpecResult& info, Rng& rng);

    void apply(DamageKind kind);
    // NFTERROR.LOG lines IMPORT and EXPORT would have written after the damage (empty if none).
    const std::string& nfterror_log() const { return nfterror_; }

  private:
    void console_header();
    void broken_chain();
    void wrong_counter();
    void index_to_free();
    void nft_mismatch();
    void truncate();

    // Changes `bytes.size()` bytes of `file` at `offset`, returning the patch.
    Patch patch(std::string& file, const std::string& name, std::uint64_t offset,
                std::string_view bytes);
    Patch put_u32(std::string& file, const std::string& name, std::uint64_t offset,
                  std::uint32_t value);
    std::uint32_t get_u32(const std::string& file, std::uint64_t offset) const;
    // The file offset of payload byte `payload_offset` of the record whose head is `head`.
    // File offset of the message index entry that names `record_block`: where PO-022 points.
    std::uint64_t message_index_entry(std::uint32_t record_block) const;
    std::uint64_t payload_byte(const std::string& file, std::uint32_t head,
                               std::uint64_t payload_offset) const;
    // Marks blocks free in the NFT of `file` and raises free_blocks in its header and copy,
    // resealing every block touched; the patches are appended to `record`.
    void free_blocks(std::string& file, const std::string& name,
                     std::span<const std::uint32_t> blocks, DamageRecord& record);
    void reseal(std::string& file, std::uint32_t block) const;
    std::uint64_t message_id(std::uint32_t number) const;
    const po::MessageRecord* pick_message();
    void log_line(const Timestamp& when, std::string_view program, std::string_view file,
                  std::string_view structure, std::uint32_t block, std::uint32_t offset,
                  std::string_view code, std::string text);
    std::string path(std::string_view file) const { return folder_ + "/" + std::string(file); }
    void finish(DamageRecord record);

    Run& run_;
    std::string folder_;
    po::PostOfficeFiles& files_;
    const po::PostOffice& model_;
    const PoSpecResult& info_;
    Rng& rng_;
    std::uint32_t block_size_ = 512;
    std::vector<std::uint32_t> used_messages_;
    std::string nfterror_;
    Timestamp clock_;
};

// How many message header records the model placed in a post office.
std::uint64_t records_in(const World& world, std::size_t po);

}  // namespace ccsalvage::generator
#endif
