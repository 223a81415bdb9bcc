#pragma once
// Strings kept for as long as their pool lives and viewed where they lie: one allocation per
// block of 64 KiB instead of one per string (each std::string also costs 32 bytes where it is
// held, and a heap block of its own past 15 characters), and, when interned, equal strings
// kept once. The ledger holds a few strings for every copy of every message, most of them the
// same few file, post office and folder names (docs/performance.md, "Session 8").
//
// Views stay valid until the pool is destroyed: blocks never move or shrink. Not thread-safe.
#include <fmt/format.h>

#include <cstddef>
#include <memory>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace ccsalvage {

class TextPool;

// A view of text a TextPool holds. Only a pool makes one (or a string literal, which outlives
// every pool), so that a view of a temporary string cannot be stored where pooled text belongs
// (a std::string_view member takes one without a word). Reads as a std::string_view.
class PooledText {
  public:
    constexpr PooledText() = default;
    template <std::size_t N>
    consteval PooledText(const char (&literal)[N]) : view_(literal, N - 1) {}  // NOLINT

    constexpr std::string_view view() const { return view_; }
    constexpr operator std::string_view() const { return view_; }  // NOLINT: reads as a view
    constexpr bool empty() const { return view_.empty(); }
    constexpr std::size_t size() const { return view_.size(); }
    constexpr bool starts_with(std::string_view prefix) const { return view_.starts_with(prefix); }
    // Two pooled texts compare by their own overload: with only the one against a view,
    // C++20's reversed candidates make `a == b` ambiguous (clang says so).
    friend constexpr bool operator==(PooledText a, PooledText b) { return a.view_ == b.view_; }
    friend constexpr bool operator==(PooledText a, std::string_view b) { return a.view_ == b; }
    // A literal converts both to a view and to a PooledText: this exact match decides.
    template <std::size_t N>
    friend constexpr bool operator==(PooledText a, const char (&b)[N]) {
        return a.view_ == std::string_view(b);
    }

  private:
    friend class TextPool;
    constexpr explicit PooledText(std::string_view held) : view_(held) {}
    std::string_view view_;
};

class TextPool {
  public:
    TextPool() = default;
    TextPool(const TextPool&) = delete;
    TextPool& operator=(const TextPool&) = delete;
    TextPool(TextPool&&) noexcept = default;
    TextPool& operator=(TextPool&&) noexcept = default;
    ~TextPool() = default;

    // A copy of `text`, kept (empty text: an empty view, nothing kept).
    PooledText keep(std::string_view text);
    // The pool's one copy of `text`: kept on first use, the same view afterwards. For text
    // that repeats; text that rarely does is cheaper kept (a set entry costs about 40 bytes).
    PooledText intern(std::string_view text);

    // Bytes the pool holds: its blocks and its set, roughly.
    std::size_t bytes() const;

  private:
    static constexpr std::size_t kBlockBytes = std::size_t{64} << 10;

    std::vector<std::unique_ptr<char[]>> blocks_;
    std::size_t block_bytes_ = 0;  // of every block: the shared size, or larger ones alone
    char* next_ = nullptr;         // where the current shared block's free room starts
    std::size_t room_ = 0;         // and its size
    std::unordered_set<std::string_view> interned_;
};

}  // namespace ccsalvage

template <>
struct fmt::formatter<ccsalvage::PooledText> : fmt::formatter<std::string_view> {
    template <typename Context>
    auto format(ccsalvage::PooledText text, Context& context) const {
        return fmt::formatter<std::string_view>::format(text.view(), context);
    }
};
