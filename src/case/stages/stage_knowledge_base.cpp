// Stage "knowledge-base": cites the knowledge base (src/kb, `ccsalvage explain`) for what the
// stages before found: the result codes Import left in .und entries, and the codes and events
// the KB articles of the patterns found name.
#include <fmt/format.h>

#include <set>

#include "case/stages/stages.hpp"
#include "kb/knowledge_base.hpp"

namespace ccsalvage::casefolder {

namespace {

report::Explanation explain(const kb::Entry& entry, std::string cited_by) {
    report::Explanation e;
    e.kind = entry.kind;
    e.id = entry.id;
    e.title = entry.title;
    e.meaning = entry.meaning;
    e.causes = entry.causes;
    e.remedy = entry.remedy;
    e.kb = entry.kb;
    e.cited_by = std::move(cited_by);
    return e;
}

class KnowledgeBaseStage final : public Stage {
  public:
    std::string_view name() const override { return "knowledge-base"; }
    std::string_view description() const override {
        return "explain result codes and event IDs the evidence and its patterns point at";
    }
    // It reads no evidence itself but depends on everything the stages before found.
    std::vector<std::string> inputs(const RescueOptions&,
                                    const EvidenceSet& evidence) const override {
        return evidence.all_files();
    }
    std::vector<std::string_view> needs() const override { return {kEveryEarlierStage}; }
    void run(StageContext& context) const override {
        auto& out = context.contribution;
        std::set<std::pair<std::string, long>> seen;
        const auto add = [&](const kb::Entry* entry, std::string cited_by) {
            if (entry == nullptr || !seen.emplace(entry->kind, entry->id).second) return;
            out.explanations.push_back(explain(*entry, std::move(cited_by)));
        };
        for (const auto& loop : context.so_far.loops) {
            for (const auto& attempt : loop.shown) {
                if (!attempt.result_code) continue;
                add(kb::find_code(*attempt.result_code),
                    fmt::format("result code {} in {} (entry {})", *attempt.result_code, loop.file,
                                attempt.index));
            }
        }
        std::set<std::string> patterns;
        for (const auto& f : context.so_far.findings) {
            if (f.severity != "note" || f.code == "PO-051") patterns.insert(f.pattern);
        }
        for (const auto& pattern : patterns) {
            for (const auto& entry : kb::entries()) {
                for (const auto& article : entry.kb) {
                    if (article == pattern) {
                        add(&entry, fmt::format("KB {} names it for the pattern found", pattern));
                    }
                }
            }
        }
    }
};

}  // namespace

std::unique_ptr<Stage> make_knowledge_base_stage() {
    return std::make_unique<KnowledgeBaseStage>();
}

}  // namespace ccsalvage::casefolder
