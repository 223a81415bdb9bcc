// mbox and .ccm batches: messages appended to shared files. A resumed run cuts each file back
// to the length its journal committed (the tail after it is from an unfinished batch) before
// appending again, so nothing is there twice.
#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <set>
#include <vector>

#include "core/errors.hpp"

#include "core/safe_name.hpp"
#include "core/sha256.hpp"
#include "core/write_behind.hpp"
#include "export/file_writers.hpp"
#include "export/mboxrd.hpp"
#include "export/target_names.hpp"
#include "mime/address_mapping.hpp"
#include "parsers/ccm/writer.hpp"

namespace ccsalvage::exporting {

namespace {

// Adds the bytes of a file of the output folder to `hash`.
void hash_file(const std::filesystem::path& path, Sha256& hash) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw IoError(path.string() + ": cannot read back to hash");
    std::vector<char> buffer(1 << 20);
    while (in) {
        in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
        const auto n = in.gcount();
        if (n > 0) hash.update({buffer.data(), static_cast<std::size_t>(n)});
    }
    if (in.bad()) throw IoError(path.string() + ": cannot read back to hash");
}

std::string sha256_file(const std::filesystem::path& path) {
    Sha256 hash;
    hash_file(path, hash);
    return hash.hex_digest();
}

// The appended files of one run: opened once (cut back to their committed length the first
// time), written through a buffer, flushed and fsync'd on commit. Each file is hashed as it is
// written (after the committed prefix an earlier run left, read back once when the file is
// opened), so finish() need not read every file back. With more than one thread the full
// buffers are written and hashed behind, on a thread of their own (WriteBehind), and a
// commit waits for them.
class AppendedFiles {
  public:
    // safe: each touched file is fsync'd at every commit; batch: one syncfs per commit.
    AppendedFiles(const OutputFolder& folder, const ExportRequest& request)
        : folder_(folder), batch_(request.fsync == FsyncPolicy::batch) {
        if (request.jobs > 1) behind_ = std::make_unique<WriteBehind>();
    }
    void resume(const std::map<std::string, Committed>& committed) { committed_ = committed; }
    void set_before_output(std::function<void()> hook) { before_output_ = std::move(hook); }

    // Makes `relative` the current file; returns its logical length.
    void select(const std::string& relative) {
        if (current_ == relative) return;
        flush_buffer();
        auto it = open_.find(relative);
        if (it == open_.end()) {
            Open opened;
            opened.file = std::make_unique<AppendFile>(folder_, relative);
            const auto known = committed_.find(relative);
            const std::uint64_t kept = known == committed_.end() ? 0 : known->second.length;
            opened.file->truncate(kept);
            opened.length = kept;
            opened.written = kept;
            if (kept > 0) hash_file(folder_.resolve(relative), opened.hash);
            order_.push_back(relative);
            it = open_.emplace(relative, std::move(opened)).first;
        }
        current_ = relative;
        file_ = &it->second;
    }
    std::uint64_t append(std::string_view bytes) {
        touched_.insert(current_);
        append_in_slices(buffer_, bytes, slice_bytes(), [this] { flush_buffer(); });
        return file_->length + buffer_.size();
    }
    // Appends what `produce(buffer, limit)` appends to the buffer, called until it returns
    // false; the buffer goes out whenever it holds `limit` bytes, so what is produced is never
    // whole in memory (a message framed as it is written).
    template <class Produce>
    std::uint64_t append_produced(Produce&& produce) {
        touched_.insert(current_);
        const std::size_t slice = slice_bytes();
        for (bool more = true; more;) {
            more = produce(buffer_, slice);
            if (buffer_.size() >= slice) flush_buffer();
        }
        return file_->length + buffer_.size();
    }
    std::uint64_t length() const { return file_ == nullptr ? 0 : file_->length + buffer_.size(); }
    // Reads back bytes [begin, end) of `relative`, appended earlier in the run: the buffered
    // tail is flushed and the buffers behind are written first when the range reaches them
    // (rare: a record's placements are far apart), then any thread may read.
    ReadBack reader(const std::string& relative, std::uint64_t begin, std::uint64_t end) {
        const auto it = open_.find(relative);
        if (it == open_.end()) return {};  // not appended by this run (or finished)
        Open& open = it->second;
        if (end > open.written) write_out();
        if (end > open.written) return {};
        return [file = open.file.get(), begin, end] { return file->read(begin, end); };
    }
    // A range read back soon: read ahead from the disk when it is in the file already (what is
    // not was written moments ago and is in the page cache).
    void prefetch(const std::string& relative, std::uint64_t begin, std::uint64_t end) const {
        const auto it = open_.find(relative);
        if (it != open_.end() && end <= it->second.written) it->second.file->prefetch(begin, end);
    }
    void commit() {
        write_out();
        if (batch_ && !touched_.empty()) {
            folder_.sync_file_system();
        } else {
            for (const auto& name : touched_) open_.at(name).file->sync();
        }
        touched_.clear();
    }
    std::vector<std::pair<std::string, std::string>> finish() {
        commit();
        std::vector<std::pair<std::string, std::string>> hashes;
        // Every appended file of the job: those this run opened and those earlier runs
        // committed (a rerun on a finished folder opens none).
        std::set<std::string> names(order_.begin(), order_.end());
        for (const auto& entry : committed_) names.insert(entry.first);
        for (const auto& name : names) {
            const auto it = open_.find(name);
            if (it == open_.end()) {
                hashes.emplace_back(name, sha256_file(folder_.resolve(name)));
            } else {
                hashes.emplace_back(name, it->second.hash.hex_digest());
                open_.erase(it);
            }
        }
        file_ = nullptr;
        current_.clear();
        return hashes;
    }

  private:
    // A large message goes out in slices: with buffers written behind, four of them queued
    // whole could have held four messages of any size.
    std::size_t slice_bytes() const {
        return behind_ ? WriteBehind::kBufferBytes : std::size_t{1} << 20;
    }
    struct Open {
        std::unique_ptr<AppendFile> file;
        Sha256 hash;                // of the file's bytes so far
        std::uint64_t length = 0;   // bytes handed to the file (written, or queued behind)
        std::uint64_t written = 0;  // bytes known to be in the file (none queued behind)
    };
    // Everything handed over so far is in its file: the buffer flushed, the buffers behind
    // written (or the first write error thrown here).
    void write_out() {
        flush_buffer();
        if (behind_) behind_->drain();
        for (auto& [name, each] : open_) each.written = each.length;
    }
    void flush_buffer() {
        if (file_ != nullptr && !buffer_.empty()) {
            if (before_output_) before_output_();
            file_->length += buffer_.size();
            if (behind_) {
                behind_->submit(
                    [file = file_->file.get(), hash = &file_->hash](std::string_view bytes) {
                        file->write(bytes);
                        hash->update(bytes);
                    },
                    std::move(buffer_));
                buffer_ = behind_->spare_buffer();
            } else {
                file_->file->write(buffer_);
                file_->hash.update(buffer_);
                file_->written = file_->length;
            }
        }
        buffer_.clear();
    }
    const OutputFolder& folder_;
    bool batch_;
    std::map<std::string, Committed> committed_;
    std::map<std::string, Open> open_;
    std::vector<std::string> order_;
    std::set<std::string> touched_;
    std::string current_;
    Open* file_ = nullptr;
    std::string buffer_;
    std::function<void()> before_output_;
    // Last, so that it is destroyed first: its thread stops before the files it writes close.
    std::unique_ptr<WriteBehind> behind_;
};

// mbox/<post office>/<user>/<folder>.mbox, mboxrd.
class MboxWriter final : public Writer {
  public:
    MboxWriter(const ExportRequest& request, const OutputFolder& folder)
        : files_(folder, request) {}
    bool wants_mime() const override { return true; }
    bool per_folder() const override { return true; }
    void resume(const std::map<std::string, Committed>& committed) override {
        files_.resume(committed);
    }
    void set_before_output(std::function<void()> hook) override {
        files_.set_before_output(std::move(hook));
    }
    void begin_folder(const Destination& d) override {
        const std::string po = post_office_label(d.post_office);
        const std::string user =
            d.mailbox.empty() ? std::string("unfiled")
                              : users_[po].claim(d.mailbox, mime::local_part_for_name(d.mailbox),
                                                 d.mailbox_number);
        const std::string base = "mbox/" + po + "/" + user;
        const std::string name = folders_[base].claim(
            d.folder, safe_file_name(d.folder.empty() ? std::string("Inbox") : d.folder, 180),
            d.folder_id);
        files_.select(base + "/" + name + ".mbox");
        target_ = base + "/" + name + ".mbox";
    }
    bool frames() const override { return true; }
    std::string frame(std::string_view sender, std::optional<std::int64_t> utc_seconds,
                      std::string_view mime) const override {
        std::string framed = mbox_from_line(sender, utc_seconds);
        append_mboxrd(framed, mime);
        return framed;
    }
    // A message comes framed when the exporter has the frame already (made on a worker, or
    // read back from the record's placement in another folder); else it is framed here as it
    // is written.
    WriteOutcome write_message(const OutgoingMessage& message) override {
        WriteOutcome out;
        out.target = target_;
        out.begin = files_.length();
        if (message.framed != nullptr) {
            out.end = files_.append(*message.framed);
        } else {
            MboxrdFramer framer(mbox_from_line(message.sender, message.utc_seconds), *message.mime);
            out.end = files_.append_produced([&framer](std::string& buffer, std::size_t limit) {
                return framer.append_to(buffer, limit);
            });
        }
        return out;
    }
    // The frame as written: From line, quoting and all, the same in every folder.
    ReadBack read_back(const WriteOutcome& stored) override {
        if (!stored.end) return {};
        return files_.reader(stored.target, stored.begin, *stored.end);
    }
    void prefetch(const WriteOutcome& stored) override {
        if (stored.end) files_.prefetch(stored.target, stored.begin, *stored.end);
    }
    void commit() override { files_.commit(); }
    std::vector<std::pair<std::string, std::string>> finish() override { return files_.finish(); }

  private:
    AppendedFiles files_;
    std::map<std::string, LabelSet> users_;
    std::map<std::string, LabelSet> folders_;
    std::string target_;
};

// ccm/CCS00001.CCM ...: Import/Export batches for IMPORT.EXE (8.3 names, /ITEMSIZE sizes,
// the chosen code page), a new batch when the count or size limit would be passed.
class CcmBatchWriter final : public Writer {
  public:
    CcmBatchWriter(const ExportRequest& request, const OutputFolder& folder)
        : files_(folder, request), request_(request) {}
    bool wants_mime() const override { return false; }
    bool per_folder() const override { return false; }
    void resume(const std::map<std::string, Committed>& committed) override {
        files_.resume(committed);
        // Continue the last batch an earlier run committed to.
        for (const auto& [name, state] : committed) {
            if (name >= batch_name(batch_)) {
                batch_ = batch_number(name);
                count_ = state.messages;
            }
        }
    }
    void set_before_output(std::function<void()> hook) override {
        files_.set_before_output(std::move(hook));
    }
    void begin_folder(const Destination&) override {}
    WriteOutcome write_message(const OutgoingMessage& message) override {
        ccm::WriterOptions options;
        options.code_page = request_.ccm_code_page;
        options.source_code_page = message.code_page;
        options.item_sizes = true;
        const auto written = ccm::write_ccm_message(*message.message, options);
        files_.select(batch_name(batch_));
        const bool over_count = request_.batch_count != 0 && count_ >= request_.batch_count;
        const bool over_size = request_.batch_bytes != 0 && count_ > 0 &&
                               files_.length() + written.bytes.size() > request_.batch_bytes;
        if (over_count || over_size) {
            ++batch_;
            count_ = 0;
            files_.select(batch_name(batch_));
        }
        WriteOutcome out;
        out.target = batch_name(batch_);
        out.end = files_.append(written.bytes);
        ++count_;
        return out;
    }
    void commit() override { files_.commit(); }
    std::vector<std::pair<std::string, std::string>> finish() override { return files_.finish(); }

  private:
    static std::string batch_name(std::uint32_t n) {
        return "ccm/" + dos_8_3_name(fmt::format("CCS{:05}", n), "CCM");
    }
    static std::uint32_t batch_number(const std::string& name) {
        const auto digits = name.substr(name.find("CCS") + 3, 5);
        return static_cast<std::uint32_t>(std::stoul(digits));
    }
    AppendedFiles files_;
    const ExportRequest& request_;
    std::uint32_t batch_ = 1;
    std::uint64_t count_ = 0;
};

}  // namespace

std::unique_ptr<Writer> make_mbox_writer(const ExportRequest& request, const OutputFolder& folder) {
    return std::make_unique<MboxWriter>(request, folder);
}

std::unique_ptr<Writer> make_ccm_writer(const ExportRequest& request, const OutputFolder& folder) {
    return std::make_unique<CcmBatchWriter>(request, folder);
}

std::unique_ptr<Writer> make_writer(const ExportRequest& request, const OutputFolder& folder) {
    switch (request.format) {
        case Format::maildir:
            return make_maildir_writer(request, folder);
        case Format::mbox:
            return make_mbox_writer(request, folder);
        case Format::ccm:
            return make_ccm_writer(request, folder);
        case Format::eml:
            break;
    }
    return make_eml_writer(request, folder);
}

}  // namespace ccsalvage::exporting
