// EML and Maildir: one file per message, written temp-then-rename, names that depend only on
// the message (so a rerun writes the same file again instead of a second one).
#include <fmt/format.h>

#include <filesystem>

#include "core/safe_name.hpp"
#include "export/file_writers.hpp"
#include "export/target_names.hpp"

namespace ccsalvage::exporting {

namespace {

// What EML and Maildir share. Under FsyncPolicy::batch, the files written since the last
// commit are flushed at commit() with one syncfs of the output file system (under safe,
// AtomicFile already flushed each file and its directory before its rename).
class OneFileWriter : public Writer {
  public:
    OneFileWriter(const ExportRequest& request, const OutputFolder& folder)
        : folder_(folder), batch_(request.fsync == FsyncPolicy::batch) {}
    bool wants_mime() const override { return true; }
    void resume(const std::map<std::string, Committed>&) override {}  // names are stable
    void set_before_output(std::function<void()> hook) override {
        before_output_ = std::move(hook);
    }
    void commit() override {
        if (pending_) folder_.sync_file_system();
        pending_ = false;
    }
    std::vector<std::pair<std::string, std::string>> finish() override { return {}; }

  protected:
    void before_output() const {
        if (before_output_) before_output_();
    }
    void written() { pending_ = batch_; }
    const OutputFolder& folder_;

  private:
    bool batch_;
    bool pending_ = false;
    std::function<void()> before_output_;
};

// <source label>/<number>.eml, CR LF as composed.
class EmlWriter final : public OneFileWriter {
  public:
    using OneFileWriter::OneFileWriter;
    bool per_folder() const override { return false; }
    void begin_folder(const Destination& destination) override {
        const std::string label =
            destination.post_office.empty()
                ? safe_file_name(
                      std::filesystem::path(destination.source_label).filename().string())
                : post_office_label(destination.post_office);
        // Two sources never share a folder: a second "SALES1" becomes "sales1-2".
        dir_ = labels_.claim(destination.source_label, label, ++sources_);
    }
    WriteOutcome write_message(const OutgoingMessage& message) override {
        WriteOutcome out;
        out.target = fmt::format("{}/{:06}.eml", dir_, message.number);
        before_output();
        out.sha256 = folder_.write_file(out.target, *message.mime);
        written();
        return out;
    }

  private:
    LabelSet labels_;
    std::uint32_t sources_ = 0;
    std::string dir_;
};

// maildir/<post office>/<user>/ is one Maildir++ per user: the Inbox at its root, other
// folders as ".<modified UTF-7 name>". A message is written to tmp/ and renamed into cur/ as
// "<identity>.ccsalvage,S=<size>:2,<flags>" (S when read).
class MaildirWriter final : public OneFileWriter {
  public:
    using OneFileWriter::OneFileWriter;
    bool per_folder() const override { return true; }
    void begin_folder(const Destination& d) override {
        const std::string po = post_office_label(d.post_office);
        auto& users = users_[po];
        const std::string user_label =
            d.mailbox.empty()
                ? std::string("unfiled")
                : users.claim(d.mailbox, mime::local_part_for_name(d.mailbox), d.mailbox_number);
        const std::string root = "maildir/" + po + "/" + user_label;
        auto& folders = folders_[root];
        std::string sub = maildir_folder_dir(d.folder);
        if (!sub.empty()) sub = folders.claim(d.folder, sub, d.folder_id);
        dir_ = sub.empty() ? root : root + "/" + sub;
        for (const auto& base : {root, dir_}) {
            for (const char* leaf : {"/cur", "/new", "/tmp"}) folder_.make_dirs(base + leaf);
        }
    }
    WriteOutcome write_message(const OutgoingMessage& message) override {
        WriteOutcome out;
        out.target =
            fmt::format("{}/cur/{}.ccsalvage,S={}:2,{}", dir_, message.identity.substr(0, 32),
                        message.mime->size(), message.read ? "S" : "");
        before_output();
        AtomicFile file(folder_, out.target, dir_ + "/tmp");
        file.write(*message.mime);
        out.sha256 = file.commit();
        written();
        return out;
    }
    // The message file as written (renamed into place already): the same bytes in every
    // folder, only the flags in its name differ.
    ReadBack read_back(const WriteOutcome& stored) override {
        return [folder = &folder_, target = stored.target] { return folder->read_file(target); };
    }

  private:
    std::map<std::string, LabelSet> users_;
    std::map<std::string, LabelSet> folders_;
    std::string dir_;
};

}  // namespace

std::unique_ptr<Writer> make_eml_writer(const ExportRequest& request, const OutputFolder& folder) {
    return std::make_unique<EmlWriter>(request, folder);
}

std::unique_ptr<Writer> make_maildir_writer(const ExportRequest& request,
                                            const OutputFolder& folder) {
    return std::make_unique<MaildirWriter>(request, folder);
}

}  // namespace ccsalvage::exporting
