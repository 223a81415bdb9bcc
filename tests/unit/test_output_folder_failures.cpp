// OutputFolder and AtomicFile when the disk refuses: a write past the file size limit
// (RLIMIT_FSIZE, in a forked child), a rename onto a directory, and write()/fsync()/rename()
// failing with ENOSPC or EIO through the test shim (tests/support/fail_io_shim.cpp). In every
// case the caller gets an IoError naming the file, no temporary file is left behind and no file
// appears under the final name. The shim tests (OutputFolderInjected.*) run in the ctest test
// output_folder_injected_failures, which preloads the shim; run without it they skip.
#include <dlfcn.h>
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "core/errors.hpp"
#include "core/output_folder.hpp"

namespace ccsalvage {
namespace {

namespace fs = std::filesystem;

fs::path fresh_base(const std::string& suffix) {
    const auto base = fs::temp_directory_path() /
                      ("ccsalvage-outfail-" + std::to_string(::getpid()) + "-" +
                       ::testing::UnitTest::GetInstance()->current_test_info()->name() + suffix);
    fs::remove_all(base);
    return base;
}

// Every entry below `root`, files and folders, as relative paths.
std::vector<std::string> listing(const fs::path& root) {
    std::vector<std::string> names;
    for (const auto& entry : fs::recursive_directory_iterator(root)) {
        names.push_back(entry.path().lexically_relative(root).string());
    }
    std::sort(names.begin(), names.end());
    return names;
}

TEST(OutputFolderFailures, WritePastTheFileSizeLimitThrowsAndLeavesNothing) {
    const auto base = fresh_base("");
    const auto folder = OutputFolder::create_new(base);
    const pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
        // What the CLI does too (prepare_standard_output): EFBIG instead of death by SIGXFSZ.
        std::signal(SIGXFSZ, SIG_IGN);
        const rlimit limit{4096, 4096};
        ::setrlimit(RLIMIT_FSIZE, &limit);
        int code = 1;  // no exception
        try {
            folder.write_file("mail/000001.eml", std::string(20000, 'x'));
        } catch (const IoError& e) {
            const std::string what = e.what();
            code = what.find("000001.eml") != std::string::npos &&
                           what.find("File too large") != std::string::npos
                       ? 0
                       : 2;  // a message that does not name the file and the cause
        } catch (...) {
            code = 3;
        }
        std::_Exit(code);
    }
    int status = 0;
    ASSERT_EQ(::waitpid(child, &status, 0), child);
    ASSERT_TRUE(WIFEXITED(status)) << "killed by signal " << WTERMSIG(status);
    EXPECT_EQ(WEXITSTATUS(status), 0) << "1: no IoError, 2: message, 3: other exception";
    // The folder made for the parent survives; no temporary file, no final file.
    EXPECT_EQ(listing(base), std::vector<std::string>{"mail"});
    fs::remove_all(base);
}

TEST(OutputFolderFailures, FailedRenameRemovesTheTemporaryFile) {
    const auto base = fresh_base("");
    const auto folder = OutputFolder::create_new(base);
    folder.write_file("taken/inside.txt", "x");  // "taken" is a non-empty folder
    AtomicFile file(folder, "taken");
    file.write("content");
    try {
        file.commit();
        ADD_FAILURE() << "commit over a non-empty folder succeeded";
    } catch (const IoError& e) {
        EXPECT_NE(std::string(e.what()).find("taken: rename failed"), std::string::npos)
            << e.what();
    }
    EXPECT_EQ(listing(base), (std::vector<std::string>{"taken", "taken/inside.txt"}));
    fs::remove_all(base);
}

// ---- With the shim preloaded (ctest: output_folder_injected_failures). ---------------------

bool shim_loaded() { return ::dlsym(RTLD_DEFAULT, "ccsalvage_fail_io_shim_loaded") != nullptr; }

// Sets the shim's variables for the scope of one test, so its counters start with the test.
class OutputFolderInjected : public ::testing::Test {
  protected:
    void SetUp() override {
        if (!shim_loaded()) GTEST_SKIP() << "needs LD_PRELOAD of the fail-io shim";
        base = fresh_base("");
        fs::create_directories(base);
    }
    void TearDown() override {
        for (const char* name :
             {"CCSALVAGE_FAIL_UNDER", "CCSALVAGE_FAIL_OP", "CCSALVAGE_FAIL_ERRNO",
              "CCSALVAGE_FAIL_AFTER_BYTES", "CCSALVAGE_FAIL_ON_CALL"}) {
            ::unsetenv(name);
        }
        if (!base.empty()) fs::remove_all(base);
    }
    void fail(const char* op, const char* error) {
        ::setenv("CCSALVAGE_FAIL_UNDER", base.c_str(), 1);
        ::setenv("CCSALVAGE_FAIL_OP", op, 1);
        ::setenv("CCSALVAGE_FAIL_ERRNO", error, 1);
    }
    // Writes one file under the failure and returns the IoError's message ("" when none).
    std::string attempt(const OutputFolder& folder, const std::string& relative) {
        try {
            AtomicFile file(folder, relative);
            file.write(std::string(10000, 'y'));
            file.write(std::string(10000, 'z'));
            file.commit();
        } catch (const IoError& e) {
            return e.what();
        }
        return "";
    }
    fs::path base;
};

TEST_F(OutputFolderInjected, WriteFailingWithNoSpaceThrowsAndLeavesNothing) {
    const auto folder = OutputFolder::create_new(base / "out");
    fail("write", "ENOSPC");
    ::setenv("CCSALVAGE_FAIL_AFTER_BYTES", "15000", 1);  // the second write crosses it
    const auto message = attempt(folder, "a/message.eml");
    EXPECT_NE(message.find("a/message.eml: write failed: No space left on device"),
              std::string::npos)
        << message;
    EXPECT_EQ(listing(base / "out"), std::vector<std::string>{"a"});
}

TEST_F(OutputFolderInjected, FsyncFailingWithIoErrorThrowsAndLeavesNothing) {
    const auto folder = OutputFolder::create_new(base / "out");
    fail("fsync", "EIO");
    const auto message = attempt(folder, "report.json");
    EXPECT_NE(message.find("report.json: flush failed: Input/output error"), std::string::npos)
        << message;
    EXPECT_TRUE(listing(base / "out").empty());
}

TEST_F(OutputFolderInjected, RenameFailingOnTheSecondFileKeepsTheFirstWhole) {
    const auto folder = OutputFolder::create_new(base / "out");
    fail("rename", "ENOSPC");
    ::setenv("CCSALVAGE_FAIL_ON_CALL", "2", 1);
    EXPECT_EQ(attempt(folder, "first.eml"), "");
    const auto message = attempt(folder, "second.eml");
    EXPECT_NE(message.find("second.eml: rename failed: No space left on device"), std::string::npos)
        << message;
    EXPECT_EQ(listing(base / "out"), std::vector<std::string>{"first.eml"});
    EXPECT_EQ(fs::file_size(base / "out/first.eml"), 20000u);
}

TEST_F(OutputFolderInjected, EveryLaterWriteFailsToo) {
    const auto folder = OutputFolder::create_new(base / "out");
    fail("write", "EIO");
    ::setenv("CCSALVAGE_FAIL_ON_CALL", "1", 1);
    EXPECT_NE(attempt(folder, "x.eml"), "");
    EXPECT_NE(attempt(folder, "y.eml"), "");
    EXPECT_TRUE(listing(base / "out").empty());
}

}  // namespace
}  // namespace ccsalvage
