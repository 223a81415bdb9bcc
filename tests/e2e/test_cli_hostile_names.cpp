// Hostile names (tests/data/hostile-names.json: "..", absolute and DOS paths, NUL and control
// characters, DOS device names, overlong names, bytes that are not text, bidirectional
// overrides, names that collide once made safe) as attachment names, user and post office
// names in a hand-built Import/Export file, as names of the input files themselves, as the
// --post-office name, and as user, folder, item and post office names in a post office written
// by parsers/po. What must hold for `export --format eml` (and `analyze`, which writes nothing):
//  - nothing is written outside the output folder: the whole private temporary area (the
//    output folder nested three levels deep, the working directory, TMPDIR) is listed before
//    and after, and /etc/passwd is hashed;
//  - every name below the output folder is a valid file name on Linux and Windows;
//  - no output overwrites another (one .eml per message, every input its own folder);
//  - each original name is kept: input paths and attachment names in export.json, the post
//    office name in the mail headers; the mail parses without defects.
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
            const auto name = entry.path().filename().string();
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

    // Every message out, each attachment's name as the reader read it kept in export.json.
    const auto inspected = nlohmann::json::parse(std::ifstream(area / "inspect.json"));
    const auto index = nlohmann::json::parse(std::ifstream(out / "export.json"));
    const auto& messages = index["inputs"][0]["messages"];
    ASSERT_EQ(messages.size(), names.size());
    const auto& read = inspected["files"][0]["messages"];
    ASSERT_EQ(read.size(), names.size()) << inspected.dump().substr(0, 400);
    std::size_t exact = 0;
    for (std::size_t i = 0; i < names.size(); ++i) {
        std::string reader_name;
        for (const auto& item : read[i]["items"]) {
            if (item["kind"] == "file") reader_name = item["file_name"];
        }
        ASSERT_TRUE(messages[i].contains("attachments")) << names[i].why;
        EXPECT_EQ(messages[i]["attachments"][0]["original_name"], reader_name) << names[i].why;
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
    if (run_shell("python3 -c 'import email' >/dev/null 2>&1") == 0) {
        EXPECT_EQ(run_shell("python3 '" CCSALVAGE_SOURCE_DIR "/tests/e2e/check_eml.py' " +
                            quoted(out.string()) + " >/dev/null"),
                  0);
    }
}

TEST_F(HostileNames, InputFileNamesAndPostOfficeNames) {
    const auto names = hostile_names();
    const std::string sample = std::string(CCSALVAGE_SAMPLES_DIR) + "/ccm/clean-nosize.ccm";
    std::string arguments;
    std::size_t inputs_made = 0;
    for (const auto& name : names) {
        // Linux file names cannot hold '/' or NUL, be empty, "." or "..", or pass 255 bytes.
        if (name.bytes.empty() || name.bytes == "." || name.bytes == ".." ||
            name.bytes.find('/') != std::string::npos ||
            name.bytes.find('\0') != std::string::npos || name.bytes.size() > 255) {
            continue;
        }
        fs::copy_file(sample, area / "in" / name.bytes);
        arguments += " " + quoted((area / "in" / name.bytes).string());
        ++inputs_made;
    }
    ASSERT_GE(inputs_made, 30u);
    const InputsUnchanged inputs{area / "in"};
    const auto before = list_tree(area);

    const std::string post_office = "../../etc/passwd\\C:\\x CON \xE2\x80\xAE";
    const int code = run("export" + arguments + " --format eml -q --post-office " +
                         quoted(post_office) + " --out " + quoted(out.string()));
    EXPECT_EQ(code, 0);
    check_only_output_written(before);
    check_output_names();

    const auto index = nlohmann::json::parse(std::ifstream(out / "export.json"));
    ASSERT_EQ(index["inputs"].size(), inputs_made);
    std::set<std::string> folders;
    std::size_t emls = 0;
    for (const auto& input : index["inputs"]) {
        const std::string folder = input["folder"];
        EXPECT_TRUE(folders.insert(folder).second) << "two inputs share folder " << folder;
        EXPECT_TRUE(fs::path(input["file"].get<std::string>()).is_absolute());
        for (const auto& message : input["messages"]) {
            EXPECT_TRUE(fs::is_regular_file(out / message["output"].get<std::string>()));
            ++emls;
        }
    }
    std::size_t on_disk = 0;
    for (const auto& entry : fs::recursive_directory_iterator(out)) {
        if (entry.path().extension() == ".eml") ++on_disk;
    }
    EXPECT_EQ(on_disk, emls) << "an output was overwritten";
    EXPECT_EQ(emls, inputs_made * 2) << "clean-nosize.ccm holds two messages";
    // The input names, byte for byte where they are text, in the index.
    std::set<std::string> recorded;
    for (const auto& input : index["inputs"]) recorded.insert(input["file"].get<std::string>());
    for (const auto& name : names) {
        if (printable_ascii(name.bytes) && name.bytes != "." && name.bytes != ".." &&
            !name.bytes.empty() && name.bytes.find('/') == std::string::npos &&
            name.bytes.size() <= 255) {
            EXPECT_EQ(recorded.count((area / "in" / name.bytes).string()), 1u) << name.why;
        }
    }
    // The post office name kept in the mail headers.
    const auto first = out / index["inputs"][0]["messages"][0]["output"].get<std::string>();
    std::ifstream mail(first, std::ios::binary);
    const std::string text((std::istreambuf_iterator<char>(mail)), {});
    EXPECT_NE(text.find("X-CCSalvage-Post-Office:"), std::string::npos);
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
            if (folder.kind == 4) folder.name = cut(names[(n++ * 5 + 11) % names.size()].bytes, 47);
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
    const auto before = list_tree(area);
    for (const char* form : {"", " --json"}) {
        const int code = run(std::string("analyze") + form + " " + quoted(office.string()));
        EXPECT_TRUE(code == 0 || code == 1) << "exit " << code << form;
    }
    check_only_output_written(before);
}

}  // namespace
}  // namespace ccsalvage::e2e
