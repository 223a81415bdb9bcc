#pragma once
// The evidence of one rescue: the post office folder's files and, when given, every file under
// the connector's working folder, each opened read-only (EvidenceFile) and hashed once when
// opened. rehash() reads every path again at the end of the run, for the before/after check of
// the chain of custody.
//
// Only the files the stages read through this set stay open for the run: the post office's and
// the connector's .und logs. The rest of the connector folder (its queues and .bak copies, often
// tens of thousands of files) is read by path by the stages that need it (repair's connector
// index, the connector analysis) and is only hashed here, each file opened while it is hashed:
// holding a mapping, and so a descriptor, per store file made a store larger than the
// open-file limit fail the whole rescue.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/evidence.hpp"
#include "parsers/po/reader.hpp"

namespace ccsalvage::casefolder {

// A connector file the und stage reads: a .und log of undeliverable imports (any case).
bool is_und_file(const std::filesystem::path& path);

struct EvidenceItem {
    std::string file;  // display name: the path as reached from the command line
    std::string role;  // "post office" or "connector"
    std::uint64_t size = 0;
    std::string sha256;
};

class EvidenceSet {
  public:
    // Throws IoError when a folder or a file cannot be opened. The files are hashed on up to
    // `threads` threads, one file per thread at a time.
    static EvidenceSet open(const std::filesystem::path& post_office,
                            const std::optional<std::filesystem::path>& connector,
                            const std::vector<std::filesystem::path>& event_logs = {},
                            unsigned threads = 1);

    const po::PostOfficeFolder& post_office() const { return post_office_; }
    // The connector folder's .und files (is_und_file), sorted by path, kept open for the und
    // stage; every connector file, .und or not, is in items().
    const std::vector<EvidenceFile>& und_files() const { return und_; }
    // The exported event logs of --events, in the order given.
    const std::vector<EvidenceFile>& event_logs() const { return event_logs_; }
    // In order: post office files (sorted), connector files (sorted by path), event logs.
    const std::vector<EvidenceItem>& items() const { return items_; }
    const EvidenceItem* find(std::string_view file) const;
    // Display names of the post office folder's files, in order.
    std::vector<std::string> post_office_files() const;
    // Display names of every evidence file, in items() order (the key of stages that read
    // the whole case).
    std::vector<std::string> all_files() const;

    // Opens and hashes every path again (largest first on up to `threads` threads); a file that
    // cannot be opened any more gets an empty hash and size 0.
    std::vector<EvidenceItem> rehash(unsigned threads = 1) const;
    // The same for items()[i] alone, for a caller that hashes other files in the same pool.
    EvidenceItem rehash_item(std::size_t i) const;

  private:
    po::PostOfficeFolder post_office_;
    std::vector<EvidenceFile> und_;
    std::vector<EvidenceFile> event_logs_;
    std::vector<EvidenceItem> items_;
    explicit EvidenceSet(po::PostOfficeFolder folder) : post_office_(std::move(folder)) {}
};

}  // namespace ccsalvage::casefolder
