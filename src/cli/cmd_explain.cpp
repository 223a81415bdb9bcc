#include "cli/cmd_explain.hpp"

#include <fmt/format.h>

#include <memory>
#include <nlohmann/json.hpp>

#include "cli/output.hpp"
#include "core/exit_codes.hpp"
#include "kb/knowledge_base.hpp"

namespace ccsalvage::cli {

namespace {

struct ExplainArgs {
    std::string kind;  // event, code, or empty for all
    long id = -1;
    bool json = false;
};

nlohmann::json to_json(const kb::Entry& e) {
    return {{"kind", e.kind},      {"id", e.id},         {"source", e.source},
            {"title", e.title},    {"status", e.status}, {"meaning", e.meaning},
            {"causes", e.causes},  {"remedy", e.remedy}, {"kb", e.kb},
            {"related", e.related}};
}

void print_entry(const kb::Entry& e) {
    const auto label = e.kind == "code" ? fmt::format("{} result code {}", e.source, e.id)
                                        : fmt::format("{} event {}", e.source, e.id);
    fmt::print("{}: {} ({})\n  {}\n", label, e.title, e.status, e.meaning);
    if (!e.causes.empty()) {
        fmt::print("  Causes:\n");
        for (const auto& c : e.causes) fmt::print("    - {}\n", c);
    }
    if (!e.remedy.empty()) {
        fmt::print("  What to do:\n");
        for (const auto& r : e.remedy) fmt::print("    - {}\n", r);
    }
    if (!e.related.empty()) {
        std::string list;
        for (auto r : e.related) list += (list.empty() ? "" : ", ") + std::to_string(r);
        fmt::print("  Related {}: {}\n", e.kind == "code" ? "events" : "result codes", list);
    }
    if (!e.kb.empty()) {
        std::string list;
        for (const auto& k : e.kb) list += (list.empty() ? "" : ", ") + k;
        fmt::print("  Microsoft KB: {}\n", list);
    }
}

int run_explain(const ExplainArgs& args) {
    std::vector<const kb::Entry*> selected;
    if (args.kind.empty()) {
        for (const auto& e : kb::entries()) selected.push_back(&e);
    } else {
        const auto* e = args.kind == "code" ? kb::find_code(args.id) : kb::find_event(args.id);
        if (e == nullptr) {
            print_error(fmt::format("no entry for {} {}; `ccsalvage explain` lists them all",
                                    args.kind, args.id));
            return to_int(ExitCode::problems);
        }
        selected.push_back(e);
    }
    if (args.json) {
        nlohmann::json out = nlohmann::json::array();
        for (const auto* e : selected) out.push_back(to_json(*e));
        fmt::print("{}\n", out.dump(2));
    } else {
        for (std::size_t i = 0; i < selected.size(); ++i) {
            if (i > 0) fmt::print("\n");
            print_entry(*selected[i]);
        }
    }
    return to_int(ExitCode::clean);
}

}  // namespace

void add_explain_command(CLI::App& app, int& exit_code) {
    auto args = std::make_shared<ExplainArgs>();
    auto* command = app.add_subcommand(
        "explain",
        "Explain an Exchange cc:Mail connector event ID or an Import/Export result "
        "code: meaning, causes, what to do, KB articles. Without arguments, all.");
    command->add_option("kind", args->kind, "event or code")
        ->check(CLI::IsMember({"event", "code"}));
    command->add_option("id", args->id, "the event ID or result code")
        ->check(CLI::Range(0L, 100000L));
    command->add_flag("--json", args->json, "print JSON");
    command->callback([args, &exit_code, command] {
        if (!args->kind.empty() && command->count("id") == 0) {
            throw CLI::ValidationError("id", "give the " + args->kind + " number, e.g. 70");
        }
        exit_code = run_explain(*args);
    });
}

}  // namespace ccsalvage::cli
