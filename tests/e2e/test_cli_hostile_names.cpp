// Hostile names (tests/data/hostile-names.json: "..", absolute and DOS paths, NUL and control
// characters, DOS device names, overlong names, bytes that are not text, bidirectional
// overrides, names that collide once made safe) as attachment names, user and post office
// names in a hand-built Import/Export file, as names of the input files themselves, and as user,
// folder, item and post office names in a post office written by parsers/po. What must hold for
// `export` (eml; and maildir, mbox, eml and ccm for the post office) and `analyze` (which writes
// nothing):
//  - nothing is written outside the output folder: the whole private temporary area (the
//    output folder nested three levels deep, the working directory, TMPDIR) is listed before
//    and after, and /etc/passwd is hashed;
//  - every name below the output folder is a valid file name on Linux and Windows;
//  - no output overwrites another (one .eml per message, every input its own folder, also for
//    inputs with the same file name in different folders);
//  - each original name is kept: input paths in export.json and manifest.jsonl, attachment
//    names in the mail (as Python's mail parser decodes them), post office, user and folder
//    names in manifest.jsonl; the mail parses without defects.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "support/hostile_names.hpp"
#include "support/po_fixture.hpp"
#include "test_cli_support.hpp"

namespace ccsalvage::e2e {
namespace {

namespace fs = std::filesystem;
using testing::hostile_names;
using testing::output_name_problem;

// Single-quoted for the shell; a quote inside becomes '\''.
std::string quoted(const std::string& text) {
    std::string out = "'";
    for (const char c : text) {
        if (c == '\'') {
            out += "'\\''";
        } else {
            out.push_back(c);
        }
    }
    return out + "'";
}

// manifest.jsonl: one JSON object per placement (docs/export.md).
std::vector<nlohmann::json> manifest_lines(const fs::path& out) {
    std::vector<nlohmann::json> lines;
    std::ifstream in(out / "manifest.jsonl");
    std::string line;
    while (std::getline(in, line)) lines.push_back(nlohmann::json::parse(line));
    return lines;
}

// Every .eml below `out` -> the file names of its attachments as Python's mail parser decodes
// them.
nlohmann::json attachment_names(const fs::path& out, const fs::path& listing) {
    EXPECT_EQ(run_shell("python3 '" CCSALVAGE_SOURCE_DIR "/tests/e2e/attachment_names.py' '" +
                        out.string() + "' >'" + listing.string() + "'"),
              0);
    auto names = nlohmann::json::parse(std::ifstream(listing), nullptr, false);
    fs::remove(listing);
    return names;
}

bool printable_ascii(const std::string& text) {
    for (const char c : text) {
        if (c < 0x20 || c > 0x7E) return false;
    }
    return true;
}

// One unsized message per name: the name as sender, sender's post office, subject words and
// the name of a file item.
std::string hostile_ccm(const std::vector<testing::HostileName>& names) {
    std::string ccm;
    for (std::size_t i = 0; i < names.size(); ++i) {
        const std::string& name = names[i].bytes;
        ccm += "Message:\r\nFrom: " + name + " at " + name + "\r\nTo: Admin at HUBPO2\r\n";
        ccm += "Date: 6/2/98 8:39\r\nSubject: attachment " + std::to_string(i) + "\r\n";
        ccm += "Contents:\r\nText item:\r\nbody " + std::to_string(i) + "\r\n";
        ccm += "File item: " + name + " 5/6/98 3:10PM\r\ndata of attachment " + std::to_string(i) +
               "\r\n";
    }
    return ccm;
}

class HostileNames : public ::testing::Test {
  protected:
    void SetUp() override {
        area = fresh_temp_dir("hostile-names");
        for (const char* dir : {"in", "cwd", "tmp", "a/b"}) fs::create_directories(area / dir);
        out = area / "a/b/out";
        passwd_before = hash_file("/etc/passwd");
    }
    void TearDown() override { fs::remove_all(area); }

    // Runs ccsalvage from area/cwd with TMPDIR in the area; returns the exit code.
    int run(const std::string& arguments, const std::string& log_name = "log.txt") {
        return run_shell("cd " + quoted((area / "cwd").string()) + " && TMPDIR=" +
                         quoted((area / "tmp").string()) + " '" CCSALVAGE_BINARY "' " + arguments +
                         " >" + quoted((area / log_name).string()) + " 2>&1");
    }

    // Everything new in the area is below the output folder (or is one of the test's own logs).
    void check_only_output_written(const std::vector<std::string>& before) {
        const auto after = list_tree(area);
        const std::set<std::string> old(before.begin(), before.end());
        for (const auto& name : after) {
            if (old.count(name) != 0 || name.starts_with("a/b/out") || name.starts_with("log") ||
                name.starts_with("inspect")) {
                continue;
            }
            ADD_FAILURE() << "written outside the output folder: " << name;
        }
        EXPECT_EQ(list_tree(area / "cwd"), std::vector<std::string>{});
        EXPECT_EQ(list_tree(area / "tmp"), std::vector<std::string>{});
        EXPECT_EQ(hash_file("/etc/passwd"), passwd_before);
    }

    void check_output_names() {
        std::size_t checked = 0;
        for (const auto& entry : fs::recursive_directory_iterator(out)) {
            auto name = entry.path().filename().string();
            // Maildir's own info suffix (":2,<flags>", docs/export.md) is the format, not a
            // name from evidence; a copy to Windows needs a Maildir tool's ";" or "!" form.
            if (entry.path().parent_path().filename() == "cur") {
                if (const auto info = name.rfind(":2,"); info != std::string::npos) {
                    name.resize(info);
                }
            }
            EXPECT_EQ(output_name_problem(name), "") << entry.path();
            EXPECT_FALSE(entry.is_symlink()) << entry.path();
            ++checked;
        }
        EXPECT_GT(checked, 0u);
    }

    fs::path area, out;
    std::string passwd_before;
};

TEST_F(HostileNames, AttachmentUserAndPostOfficeNamesInAnImportExportFile) {
    const auto names = hostile_names();
    ASSERT_GE(names.size(), 30u);
    std::ofstream(area / "in/hostile.ccm", std::ios::binary) << hostile_ccm(names);
    const InputsUnchanged inputs{area / "in"};
    const auto before = list_tree(area);

    const std::string input = quoted((area / "in/hostile.ccm").string());
    // A name holding CR LF or NUL is damage in this format: reported (exit 1), never fatal.
    const int inspected_code = run("inspect --json " + input, "inspect.json");
    EXPECT_TRUE(inspected_code == 0 || inspected_code == 1) << inspected_code;
    const int code = run("export " + input + " --format eml -q --out " + quoted(out.string()));
    EXPECT_EQ(code, inspected_code);
    check_only_output_written(before);
    check_output_names();

    // Every message out, each attachment's name as the reader read it kept in the mail (what a
    // mail reader decodes from Content-Disposition), and the manifest naming every message.
    const auto inspected = nlohmann::json::parse(std::ifstream(area / "inspect.json"));
    const auto& read = inspected["files"][0]["messages"];
    ASSERT_EQ(read.size(), names.size()) << inspected.dump().substr(0, 400);
    const auto manifest = manifest_lines(out);
    ASSERT_EQ(manifest.size(), names.size());
    if (run_shell("python3 -c 'import email' >/dev/null 2>&1") != 0) {
        GTEST_SKIP() << "python3 not installed: attachment names not checked";
    }
    const auto mail_names = attachment_names(out, area / "log-names.json");
    std::size_t exact = 0;
    for (const auto& line : manifest) {
        ASSERT_EQ(line["outcome"], "exported") << line.dump();
        const std::string target = line["target"];
        const auto i = line["number"].get<std::size_t>();  // position in the file, from 0
        ASSERT_LT(i, names.size()) << line.dump();
        std::string reader_name, reader_title;
        for (const auto& item : read[i]["items"]) {
            if (item["kind"] == "file") {
                reader_name = item["file_name"];
                reader_title = item.value("title", "");
            }
        }
        // The original in the manifest (the keyword line's rest when the name is empty).
        ASSERT_TRUE(line.contains("attachments")) << names[i].why;
        EXPECT_EQ(line["attachments"][0], reader_name.empty() ? reader_title : reader_name)
            << names[i].why;
        // In the mail: the same name, control characters made '_'.
        ASSERT_TRUE(mail_names.contains(target)) << target;
        ASSERT_EQ(mail_names[target].size(), 1u) << names[i].why << ": " << target;
        if (printable_ascii(reader_name) && !reader_name.empty()) {
            EXPECT_EQ(mail_names[target][0], reader_name) << names[i].why;
        }
        if (printable_ascii(names[i].bytes) &&
            names[i].bytes.find_first_not_of(' ') != std::string::npos) {
            // What the sender typed, byte for byte (a trailing blank is the stamp's separator).
            std::string typed = names[i].bytes;
            while (!typed.empty() && typed.back() == ' ') typed.pop_back();
            EXPECT_EQ(reader_name, typed) << names[i].why;
            ++exact;
        }
    }
    EXPECT_GE(exact, 25u);
    EXPECT_EQ(run_shell("python3 '" CCSALVAGE_SOURCE_DIR "/tests/e2e/check_eml.py' " +
                        quoted(out.string()) + " >/dev/null"),
              0);
}

TEST_F(HostileNames, InputFileNamesFromSeveralFolders) {
    const auto names = hostile_names();
    std::string arguments;
    std::vector<std::string> made;
    for (const auto& name : names) {
        // Linux file names cannot hold '/' or NUL, be empty, "." or "..", or pass 255 bytes.
        if (name.bytes.empty() || name.bytes == "." || name.bytes == ".." ||
            name.bytes.find('/') != std::string::npos ||
            name.bytes.find('\0') != std::string::npos || name.bytes.size() > 255) {
            continue;
        }
        // Each name twice, in two folders: the same file name from different folders must
        // not share an output folder (nor overwrite each other's messages). Every file holds
        // one message of its own (the same message twice would be one message and a
        // duplicate).
        for (const char* dir : {"in", "in/other"}) {
            fs::create_directories(area / dir);
            const auto path = area / dir / name.bytes;
            std::ofstream(path, std::ios::binary)
                << hostile_ccm({{"sender " + std::to_string(made.size()), "unique"}});
            made.push_back(path.string());
            arguments += " " + (quoted)(made.back());  // (not std::quoted by ADL)
        }
    }
    ASSERT_GE(made.size(), 60u);
    const InputsUnchanged inputs{area / "in"};
    const auto before = list_tree(area);

    const int code = run("export" + arguments + " --format eml -q --out " + quoted(out.string()));
    EXPECT_EQ(code, 0);
    check_only_output_written(before);
    check_output_names();

    // Every input's path kept, byte for byte, in export.json's arguments and in the manifest;
    // every input its own folder; every message its own file.
    // (JSON holds text: a name that is not UTF-8 is kept with U+FFFD where its bytes are not.)
    const auto index = nlohmann::json::parse(std::ifstream(out / "export.json"));
    const auto& sources = index["arguments"]["sources"];
    ASSERT_EQ(sources.size(), made.size());
    std::size_t exact = 0;
    for (std::size_t i = 0; i < made.size(); ++i) {
        if (printable_ascii(made[i])) {
            EXPECT_EQ(sources[i], made[i]);
            ++exact;
        }
    }
    EXPECT_GE(exact, 50u);
    // Sources are read in the order given, one message each: manifest line `sequence` i is
    // the message of made[i].
    std::set<std::string> targets, folders;
    for (const auto& line : manifest_lines(out)) {
        ASSERT_EQ(line["outcome"], "exported") << line.dump();
        const auto i = line["sequence"].get<std::size_t>();
        ASSERT_LT(i, made.size());
        if (printable_ascii(made[i])) {
            EXPECT_EQ(line["source"], made[i]);
        }
        const std::string target = line["target"];
        EXPECT_TRUE(targets.insert(target).second) << "two messages in " << target;
        EXPECT_TRUE(fs::is_regular_file(out / target)) << target;
        // Compared without regard to case, as Windows does: "A_B.TXT" and "a_b.txt" are one.
        std::string folder = fs::path(target).parent_path().string();
        for (char& c : folder) {
            if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        }
        EXPECT_TRUE(folders.insert(folder).second) << "two inputs share folder " << target;
    }
    EXPECT_EQ(targets.size(), made.size()) << "one message in each input";
    std::size_t on_disk = 0;
    for (const auto& entry : fs::recursive_directory_iterator(out)) {
        if (entry.path().extension() == ".eml") ++on_disk;
    }
    EXPECT_EQ(on_disk, targets.size()) << "an output was overwritten";
    // The source named in the mail headers too.
    std::ifstream mail(out / *targets.begin(), std::ios::binary);
    const std::string text((std::istreambuf_iterator<char>(mail)), {});
    EXPECT_NE(text.find("X-CCSalvage-Source:"), std::string::npos);
}

TEST_F(HostileNames, PostOfficeWithHostileUserFolderItemAndOfficeNames) {
    const auto names = hostile_names();
    // Each field within its documented limit (post-office.md, section 11).
    const auto cut = [](const std::string& name, std::size_t limit) {
        return name.substr(0, std::min(name.size(), limit));
    };
    po::PostOfficeSpec spec = testing::sample_spec();
    spec.name = cut(names[3].bytes, 63);  // ../../etc/passwd
    for (std::size_t i = 0; i < spec.directory.size(); ++i) {
        spec.directory[i].name = cut(names[(i * 7) % names.size()].bytes, 126);
        if (spec.directory[i].name.empty()) spec.directory[i].name = "x";
    }
    std::size_t n = 0;
    for (auto& mailbox : spec.mailboxes) {
        for (auto& folder : mailbox.folders) {
            // From "../../etc/passwd" on, every fifth name.
            if (folder.kind == 4) folder.name = cut(names[(n++ * 5 + 3) % names.size()].bytes, 47);
        }
    }
    for (auto& message : spec.messages) {
        for (auto& item : message.items) {
            if (item.kind == 2) item.title = cut(names[(n++ * 3 + 15) % names.size()].bytes, 255);
        }
    }
    po::WriterOptions options;
    options.allow_inconsistent = true;  // names may now repeat
    const auto files = po::build_post_office(spec, options);
    const auto office = area / "in/PO";
    fs::create_directories(office);
    std::ofstream(office / "CLANDATA", std::ios::binary) << files.clandata;
    std::ofstream(office / "MLANDATA", std::ios::binary) << files.mlandata;
    for (const auto& [name, bytes] : files.mailboxes) {
        std::ofstream(office / name, std::ios::binary) << bytes;
    }
    const InputsUnchanged inputs{area / "in"};
    fs::create_directories(out);  // one output folder per target below it
    const auto before = list_tree(area);
    for (const char* form : {"", " --json"}) {
        const int code = run(std::string("analyze") + form + " " + quoted(office.string()));
        EXPECT_TRUE(code == 0 || code == 1) << "exit " << code << form;
    }
    // Every target: the user and folder names become Maildir++ and mbox paths, the post
    // office name a folder; the originals are in the manifest.
    std::set<std::string> ascii_users, ascii_folders;
    for (const auto& entry : spec.directory) {
        if (printable_ascii(entry.name)) ascii_users.insert(entry.name);
    }
    for (const auto& mailbox : spec.mailboxes) {
        for (const auto& folder : mailbox.folders) {
            if (folder.kind == 4 && printable_ascii(folder.name)) ascii_folders.insert(folder.name);
        }
    }
    for (const std::string format : {"maildir", "mbox", "eml", "ccm"}) {
        const auto target = out / format;
        const int code = run("export " + quoted(office.string()) + " --format " + format +
                             " -q --out " + quoted(target.string()));
        EXPECT_TRUE(code == 0 || code == 1) << "exit " << code << " " << format;
        const auto manifest = manifest_lines(target);
        EXPECT_EQ(manifest.size() >= spec.messages.size(), true) << format;
        std::size_t exported = 0, users_named = 0, folders_named = 0;
        for (const auto& line : manifest) {
            if (line["outcome"] == "exported") {
                ++exported;
                EXPECT_TRUE(fs::is_regular_file(target / line["target"].get<std::string>()))
                    << format << ": " << line.dump();
            }
            EXPECT_EQ(line["post_office"], spec.name) << format;
            const std::string mailbox = line["mailbox"];
            const std::string folder = line["folder"];
            if (printable_ascii(mailbox) && !mailbox.empty()) {
                EXPECT_EQ(ascii_users.count(mailbox), 1u) << format << ": " << mailbox;
                ++users_named;
            }
            if (ascii_folders.count(folder) != 0) ++folders_named;
        }
        EXPECT_GT(exported, 0u) << format;
        if (format == "maildir" || format == "mbox") {
            EXPECT_GT(users_named, 0u) << format << ": original user names in the manifest";
            EXPECT_GT(folders_named, 0u) << format << ": original folder names in the manifest";
        }
    }
    check_only_output_written(before);
    check_output_names();
}

}  // namespace
}  // namespace ccsalvage::e2e
