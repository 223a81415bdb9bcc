// Record damage from the reader's PO- events (checksum, framing, chain, index, counter and
// allocation mismatches), each made a finding with its block and key, and attributed to its
// cause: one console burst over a message header makes the reader report a checksum, plain
// text, a malformed payload, the message's extents as orphans and every one of their blocks as
// unclaimed; all of those name the burst (or the header's first finding) as their cause.
#include <map>
#include <regex>

#include "repair/detector.hpp"
#include "repair/locate.hpp"

namespace ccsalvage::repair {

namespace {

std::optional<std::uint32_t> number_after(const std::string& text, const std::regex& pattern) {
    std::smatch m;
    if (!std::regex_search(text, m, pattern)) return std::nullopt;
    try {
        const unsigned long v = std::stoul(m[1].str());
        if (v > 0xFFFFFFFFul) return std::nullopt;
        return static_cast<std::uint32_t>(v);
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

}  // namespace

void detect_record_damage(const DetectorInput& input, Findings& findings) {
    static const std::regex block_pattern(R"(\bblock (\d+))");
    static const std::regex message_pattern(R"(\bmessage (\d+))");
    const auto& po = input.post_office;
    std::map<std::string, const po::FileInfo*> by_name;
    for (const auto& f : po.files) by_name[f.name] = &f;

    // Roots so far: per (file, block) and per message number.
    std::map<std::pair<std::string, std::uint32_t>, std::size_t> root_at_block;
    std::map<std::uint32_t, std::size_t> root_of_message;
    std::map<std::string, std::size_t> truncation_of_file;
    std::optional<std::size_t> first_console;
    for (std::size_t i = 0; i < findings.size(); ++i) {
        const Finding& f = findings[i];
        root_at_block.emplace(std::make_pair(f.file, f.block), i);
        if (f.structure == "message header" && f.key != 0) root_of_message.emplace(f.key, i);
        if (!first_console && f.detector == "console-output") first_console = i;
    }
    // MLANDATA blocks of extents no item table reaches belong to their owner message.
    std::map<std::uint32_t, std::uint32_t> extent_owner;  // head block -> message
    std::map<std::uint32_t, std::uint32_t> extent_span;   // head block -> blocks
    if (const auto* ml = po.file(po::FileKind::mlandata); ml != nullptr && ml->block_size != 0) {
        for (const auto& e : po.recovered_extents) {
            extent_owner[e.block] = e.header.block.owner;
            extent_span[e.block] = po::extent_blocks(e.header.data_length, ml->block_size);
        }
    }
    const auto owner_of_extent_block = [&](std::uint32_t block) -> std::optional<std::uint32_t> {
        auto it = extent_owner.upper_bound(block);
        if (it == extent_owner.begin()) return std::nullopt;
        --it;
        if (block < it->first + extent_span[it->first]) return it->second;
        return std::nullopt;
    };

    for (const auto& e : input.read_log.events()) {
        Finding f;
        f.detector = "record-damage";
        f.code = e.code;
        f.file = e.file;
        f.offset = e.offset;
        f.detail = e.detail;
        const auto info_it = by_name.find(e.file);
        const po::FileInfo* info = info_it == by_name.end() ? nullptr : info_it->second;
        const auto named_block = number_after(e.detail, block_pattern);
        if (named_block) {
            f.block = *named_block;
        } else if (info != nullptr && info->block_size != 0) {
            f.block = static_cast<std::uint32_t>(e.offset / info->block_size);
        }
        if (info != nullptr && info->block_size != 0 &&
            info->source_index < input.source.files.size()) {
            const Located where = locate(input.source.files[info->source_index].bytes, info->kind,
                                         info->block_size, e.offset, 1);
            f.structure = where.structure;
            f.field = where.field;
            f.key = where.key;
        }
        if (const auto m = number_after(e.detail, message_pattern)) f.key = *m;
        if (info != nullptr && info->kind == po::FileKind::mlandata && e.code == "PO-019") {
            if (const auto owner = owner_of_extent_block(f.block)) f.key = *owner;
        }

        // Attribution: same block first, then the message, then the file's truncation.
        const std::size_t index = findings.size();
        if (auto it = root_at_block.find({f.file, f.block});
            it != root_at_block.end() && f.code != "PO-051" && info != nullptr &&
            info->kind != po::FileKind::mlandata) {
            f.cause = it->second;
        } else if (auto m = root_of_message.find(f.key); f.key != 0 && m != root_of_message.end()) {
            f.cause = m->second;
        } else if (auto t = truncation_of_file.find(f.file);
                   t != truncation_of_file.end() && (f.code == "PO-028" || f.code == "PO-029")) {
            f.cause = t->second;
        } else if (f.code == "PO-051" && first_console) {
            f.cause = *first_console;
        }
        if (!f.cause) {
            root_at_block.emplace(std::make_pair(f.file, f.block), index);
            if (f.key != 0 && f.structure == "message header")
                root_of_message.emplace(f.key, index);
            if (f.code == "PO-002") truncation_of_file.emplace(f.file, index);
        }
        findings.push_back(std::move(f));
    }
}

}  // namespace ccsalvage::repair
