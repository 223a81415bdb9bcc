#include "core/sha256.hpp"

#include <gtest/gtest.h>

namespace ccsalvage {
namespace {

// Known answers from FIPS 180-2.
TEST(Sha256, KnownAnswers) {
    EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    EXPECT_EQ(sha256_hex("abc"),
              "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Sha256, IncrementalEqualsOneShot) {
    Sha256 hash;
    hash.update("ab");
    hash.update("");
    hash.update("c");
    EXPECT_EQ(hash.hex_digest(), sha256_hex("abc"));
}

// The one-shot functions reuse one context per thread: hashes in a row must not carry state
// from one to the next, and the raw digest is the hex digest's bytes.
TEST(Sha256, OneShotsInARowAreIndependent) {
    EXPECT_EQ(sha256_hex("abc"), sha256_hex("abc"));
    EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    const Sha256Digest digest = sha256_digest("abc");
    EXPECT_EQ(digest[0], 0xba);
    EXPECT_EQ(digest[31], 0xad);
    EXPECT_EQ(to_hex(digest), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

}  // namespace
}  // namespace ccsalvage
