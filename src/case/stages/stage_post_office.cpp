// Stage "post-office": reads CLANDATA, MLANDATA and the USR files with the model's reader
// (parsers/po), the same reading `ccsalvage analyze` does, and reports every event as a
// finding, cascades grouped under their cause.
#include <fmt/format.h>

#include "case/stages/findings.hpp"
#include "case/stages/stages.hpp"
#include "parsers/po/reader.hpp"
#include "report/cascades.hpp"

namespace ccsalvage::casefolder {

namespace {

class PostOfficeStage final : public Stage {
  public:
    std::string_view name() const override { return "post-office"; }
    std::string_view description() const override {
        return "read CLANDATA, MLANDATA and USRnnnnn read-only against ccsalvage's model "
               "(as `analyze` does)";
    }
    std::vector<std::string> inputs(const RescueOptions&,
                                    const EvidenceSet& evidence) const override {
        return evidence.post_office_files();
    }
    void run(StageContext& context) const override {
        const auto& source = context.evidence.post_office().source();
        EventLog log;
        po::ReadOptions options;
        options.fallback_code_page = context.options.code_page;
        options.messages = po::MessageDetail::compact;  // only counts are kept
        const auto po = po::read_post_office(
            source, po::releasing_pages(context.evidence.post_office(), options), log);

        FindingMaker maker(name(), context.options.hex_context);
        auto& out = context.contribution;
        for (const auto& event : log.events_in_file_order()) {
            std::string_view bytes;
            for (const auto& file : source.files) {
                if (file.shown() == event.file) bytes = file.bytes;
            }
            out.findings.push_back(maker.make(event, bytes));
        }
        out.suppressed.insert(log.suppressed().begin(), log.suppressed().end());
        out.cascades = report::find_cascades(
            out.findings,
            [&po](std::string_view file, std::uint64_t offset) -> std::optional<std::uint64_t> {
                for (const auto& info : po.files) {
                    if (info.name == file && info.block_size > 0) return offset / info.block_size;
                }
                return std::nullopt;
            });

        if (po.clandata) {
            out.facts.push_back({"post office name", po.clandata->po_name});
            out.facts.push_back(
                {"database generation", fmt::format("DB{}", po.clandata->common.generation)});
            out.facts.push_back({"block size", std::to_string(po.clandata->common.block_size)});
        } else {
            out.facts.push_back({"post office name", "(CLANDATA header unreadable)"});
        }
        out.facts.push_back(
            {"messages reached through the indexes", std::to_string(po.messages.size())});
        out.facts.push_back(
            {"messages found only by scanning", std::to_string(po.recovered_messages.size())});
        out.facts.push_back({"directory entries", std::to_string(po.directory.size())});
        out.facts.push_back({"mailboxes", std::to_string(po.mailboxes.size())});
        if (!po.recovered_messages.empty()) {
            out.limits.push_back(fmt::format(
                "{} message record(s) were found only by scanning (lost or deleted); they are "
                "listed as findings, not yet salvaged: that is the repair stage's job.",
                po.recovered_messages.size()));
        }
        out.model_notes.push_back({"post office files (CLANDATA, MLANDATA, USRnnnnn)",
                                   "ccsalvage model: the real layout was never published",
                                   "docs/formats/post-office.md"});
    }
};

}  // namespace

std::unique_ptr<Stage> make_post_office_stage() { return std::make_unique<PostOfficeStage>(); }

}  // namespace ccsalvage::casefolder
