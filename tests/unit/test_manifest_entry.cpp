// The manifest line and the journal's done record are written as text; they must be the bytes
// the nlohmann objects they replaced were dumped as (journals of earlier versions load, and
// manifests stay identical), whatever the strings hold.
#include "export/manifest_entry.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

namespace ccsalvage::exporting {
namespace {

std::string dumped(const nlohmann::json& value) {
    return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// The entry as the exporter built it before it was a struct (exporter.cpp, offer_one, settle
// and write at main 00d1c09).
nlohmann::json as_nlohmann(const ManifestEntry& e) {
    nlohmann::json entry = {{"sequence", e.sequence},       {"source", e.source},
                            {"offset", e.offset},           {"number", e.number},
                            {"post_office", e.post_office}, {"mailbox", e.mailbox},
                            {"folder", e.folder},           {"repair_status", e.repair_status}};
    if (e.identity) entry["identity"] = *e.identity;
    if (!e.attachments.empty()) entry["attachments"] = e.attachments;
    if (e.reason) entry["reason"] = *e.reason;
    if (e.duplicate_of) entry["duplicate_of"] = *e.duplicate_of;
    if (e.message_id) entry["message_id"] = *e.message_id;
    if (!e.warnings.empty()) entry["warnings"] = e.warnings;
    if (e.target) entry["target"] = *e.target;
    if (e.sha256) entry["sha256"] = *e.sha256;
    if (e.damage) entry["damage"] = *e.damage;
    return entry;
}

// The entry alone (the done record's), or with an outcome (the manifest line).
std::string text_of(const ManifestEntry& e, std::string_view outcome = {}) {
    EntryText text;
    write_entry_json(text, e);
    if (outcome.empty()) return text.json;
    std::string line;
    append_manifest_line(line, text, outcome);
    return line;
}

// Strings that have broken JSON writers: control characters, quotes, backslashes, DEL, UTF-8
// of every length, and invalid UTF-8 (cut sequences, overlong forms, surrogates, stray
// continuation bytes).
const std::vector<std::string> kAwkward = {
    "",
    "plain",
    "quote \" backslash \\ slash /",
    std::string("nul \0 and \x01\x1f\x7f", 13),
    "\b\t\n\f\r",
    "M\xc3\xbcller, J\xc3\xb6rg \xe2\x82\xac \xf0\x9f\x93\xa7",
    "cut \xc3",
    "bad \xff\xfe byte",
    "overlong \xc0\xaf and \xe0\x80\xaf",
    "surrogate \xed\xa0\x80",
    "stray \x80 continuation",
    "above \xf4\x90\x80\x80 U+10FFFF",
    "\x1e\x1f separators \x1e",
};

ManifestEntry full_entry(const std::string& s, std::uint64_t n) {
    ManifestEntry e;
    e.sequence = n;
    e.source = s + "/MLANDATA";
    e.offset = n * 512 + 3;
    e.number = n + 7;
    e.post_office = s;
    e.mailbox = s + "mailbox";
    e.folder = s;
    e.repair_status = "as found";
    e.identity = "0123" + s;
    e.attachments = {s, "report.doc", s + s};
    e.message_id = s + "@ccsalvage.invalid";
    e.warnings = {s, "second"};
    e.target = "mbox/" + s + ".mbox";
    e.sha256 = s;
    e.damage = s;
    return e;
}

TEST(ManifestEntry, EveryFieldAsNlohmannWritesItWithAwkwardStrings) {
    std::uint64_t n = 0;
    for (const auto& s : kAwkward) {
        const ManifestEntry e = full_entry(s, n++);
        EXPECT_EQ(text_of(e), dumped(as_nlohmann(e)));
        nlohmann::json line = as_nlohmann(e);
        line["outcome"] = "exported";
        EXPECT_EQ(text_of(e, "exported"), dumped(line));
    }
}

TEST(ManifestEntry, OptionalFieldsAbsentAsTheyWereLeftOut) {
    ManifestEntry quarantined;
    quarantined.sequence = 18446744073709551615ULL;
    quarantined.source = "CLANDATA";
    quarantined.repair_status = "recovered (lost record)";
    quarantined.reason = "unreadable";
    EXPECT_EQ(text_of(quarantined), dumped(as_nlohmann(quarantined)));

    ManifestEntry duplicate = quarantined;
    duplicate.reason.reset();
    duplicate.identity = "ab";
    duplicate.duplicate_of = "mbox/x.mbox";
    EXPECT_EQ(text_of(duplicate, "duplicate"), dumped([&] {
                  auto j = as_nlohmann(duplicate);
                  j["outcome"] = "duplicate";
                  return j;
              }()));
}

TEST(ManifestEntry, DoneRecordAsTheJournalWroteIt) {
    for (const auto& s : kAwkward) {
        const ManifestEntry e = full_entry(s, 42);
        for (const bool appended : {false, true}) {
            nlohmann::json done{
                {"record", "done"}, {"sequence", e.sequence}, {"key", s + "\x1e" + s}};
            done["outcome"] = "exported";
            std::optional<std::uint64_t> end;
            if (appended) {
                end = 123456789;
                done["end"] = *end;
            }
            done["entry"] = as_nlohmann(e);
            EntryText entry;
            write_entry_json(entry, e);
            std::string text;
            append_done_json(text, entry, e.sequence, s + "\x1e" + s, "exported", end);
            EXPECT_EQ(text, dumped(done));
        }
    }
}

// Random strings over an alphabet rich in what is hard (control bytes, quotes, bytes that
// start, continue or break UTF-8 sequences): the text and nlohmann must agree on every one.
TEST(ManifestEntry, RandomStringsAgreeWithNlohmann) {
    const std::string alphabet = std::string(
        "a\"\\/\0\x01\x1f\x7f\x80\xbf\xc2\xc3\xe0\xed\xef\xf0\xf4\xff\xa0\x8f\x90 ", 22);
    std::mt19937 random(6);
    for (int round = 0; round < 20000; ++round) {
        std::string s;
        const auto length = random() % 12;
        for (unsigned i = 0; i < length; ++i) s.push_back(alphabet[random() % alphabet.size()]);
        ManifestEntry e;
        e.source = s;
        e.attachments = {s};
        ASSERT_EQ(text_of(e), dumped(as_nlohmann(e))) << ::testing::PrintToString(s);
    }
}

}  // namespace
}  // namespace ccsalvage::exporting
