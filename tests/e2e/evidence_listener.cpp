// Checks around every end-to-end test that samples/ (the evidence all of them read) is left
// exactly as it was: hashed when a test starts and again when it ends. A change ends the test
// binary at once, naming the test, so no later test can run on altered evidence. Tests that
// build their own inputs in a temporary folder also hold an InputsUnchanged for them.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "test_cli_support.hpp"

namespace ccsalvage::e2e {
namespace {

class EvidenceListener : public ::testing::EmptyTestEventListener {
  public:
    void OnTestStart(const ::testing::TestInfo& /*test*/) override {
        before_ = hash_tree(CCSALVAGE_SAMPLES_DIR);
    }
    void OnTestEnd(const ::testing::TestInfo& test) override {
        if (hash_tree(CCSALVAGE_SAMPLES_DIR) == before_) return;
        std::fprintf(stderr, "evidence_listener: %s.%s changed samples/; stopping\n",
                     test.test_suite_name(), test.name());
        std::_Exit(1);
    }

  private:
    std::string before_;
};

// Registered before main() runs (gtest_main only parses flags and runs the tests).
const bool registered = [] {
    ::testing::UnitTest::GetInstance()->listeners().Append(new EvidenceListener);
    return true;
}();

}  // namespace
}  // namespace ccsalvage::e2e
