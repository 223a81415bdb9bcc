#include "report/cascades.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <map>
#include <numeric>

namespace ccsalvage::report {

namespace {

// From the most basic damage to its consequences: foreign text overwrites bytes, which breaks
// checksums and payloads, which break chains and indexes, which leave blocks unclaimed.
constexpr std::array kCauseOrder = {
    "PO-014", "PO-015", "PO-002", "PO-004", "PO-017", "PO-009", "PO-011", "PO-012", "PO-016",
    "PO-022", "PO-023", "PO-043", "PO-018", "PO-020", "PO-026", "PO-028", "PO-029", "PO-047",
};

// Every number that follows `word` in `text` ("message 1373", "block 223").
std::vector<std::string> numbers_after(std::string_view text, std::string_view word) {
    std::vector<std::string> out;
    std::size_t at = 0;
    while ((at = text.find(word, at)) != std::string_view::npos) {
        at += word.size();
        std::size_t end = at;
        while (end < text.size() && std::isdigit(static_cast<unsigned char>(text[end])) != 0) {
            ++end;
        }
        if (end > at && end - at <= 12) out.emplace_back(text.substr(at, end - at));
    }
    return out;
}

struct Components {
    std::vector<std::size_t> parent;
    explicit Components(std::size_t n) : parent(n) {
        std::iota(parent.begin(), parent.end(), std::size_t{0});
    }
    std::size_t root(std::size_t i) {
        while (parent[i] != i) i = parent[i] = parent[parent[i]];
        return i;
    }
    void join(std::size_t a, std::size_t b) { parent[root(a)] = root(b); }
};

}  // namespace

int cause_rank(std::string_view code) {
    for (std::size_t i = 0; i < kCauseOrder.size(); ++i) {
        if (code == kCauseOrder[i]) return static_cast<int>(i);
    }
    return static_cast<int>(kCauseOrder.size());
}

std::vector<Cascade> find_cascades(const std::vector<Finding>& findings, const BlockOf& block_of) {
    Components components(findings.size());
    std::map<std::string, std::size_t> first_with_key;
    for (std::size_t i = 0; i < findings.size(); ++i) {
        const auto& f = findings[i];
        if (f.severity == "note") continue;  // notes describe, they are not damage
        std::vector<std::string> keys;
        for (const auto& n : numbers_after(f.detail, "message ")) keys.push_back("m:" + n);
        const auto blocks = numbers_after(f.detail, "block ");
        for (const auto& n : blocks) keys.push_back("b:" + f.file + ":" + n);
        if (blocks.empty() && block_of) {
            if (const auto block = block_of(f.file, f.offset)) {
                keys.push_back("b:" + f.file + ":" + std::to_string(*block));
            }
        }
        for (const auto& key : keys) {
            const auto [it, inserted] = first_with_key.emplace(key, i);
            if (!inserted) components.join(i, it->second);
        }
    }
    std::map<std::size_t, std::vector<std::size_t>> groups;  // root -> members, ascending
    for (std::size_t i = 0; i < findings.size(); ++i) {
        if (findings[i].severity != "note") groups[components.root(i)].push_back(i);
    }
    std::vector<Cascade> out;
    for (const auto& [root, members] : groups) {
        if (members.size() < 2) continue;
        const auto cause =
            *std::min_element(members.begin(), members.end(), [&](std::size_t a, std::size_t b) {
                const auto ra = cause_rank(findings[a].code), rb = cause_rank(findings[b].code);
                return ra != rb ? ra < rb : a < b;
            });
        Cascade c;
        c.cause = cause;
        for (const auto m : members) {
            if (m != cause) c.consequences.push_back(m);
        }
        out.push_back(std::move(c));
    }
    std::sort(out.begin(), out.end(), [](const Cascade& a, const Cascade& b) {
        const auto first = [](const Cascade& c) {
            return std::min(c.cause, c.consequences.empty() ? c.cause : c.consequences.front());
        };
        return first(a) < first(b);
    });
    return out;
}

}  // namespace ccsalvage::report
