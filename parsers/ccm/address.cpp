// Address lines of the cc:Mail Import/Export format (docs/formats/ccm.md).
//
// An address is "Name at PO"; a list joins addresses with ", ", and names themselves are
// usually "Last, First", so the comma is not a separator on its own. The rules below:
//
//  * The value is cut at every ", " into tokens (each trimmed). Tokens holding only commas and
//    blanks are dropped: they carry no address.
//  * Tokens are collected until one carries the word "at" (any case) standing between blanks,
//    or at the start ("at PO": Export 8.3 could drop the user name) or at the end ("Name at":
//    the post office was lost). That token closes the address; everything collected since the
//    previous address belongs to it. More than two tokens in one address means a name with two
//    commas, which is unusual: the list is flagged ambiguous.
//  * A token that can only begin an address closes whatever was collected before it: one that
//    starts with '#' (bulletin board), with ',' (the DB8 form ",User [SMTP:...] at site", an
//    empty last name), or whose first word holds '@' (an Internet address). Without a post
//    office such a token is a complete address on its own.
//  * Tokens left without a post office (local names, resolved by ANR on import) cannot be told
//    apart from "Last, First" halves; they are grouped by guess and the list is flagged
//    ambiguous: two tokens are one "Last, First" name when at least one of them is a single
//    word ("John Smith, Ann Jones" are two names); more than two are paired when their count
//    is even, and kept one by one when it is odd. A single token is no guess.
//  * Inside one address the name and post office are split at the last "at".
//
// Bytes are treated opaquely: only ASCII blanks, ',', '#', '@', '[', ']', '"' and the letters of
// "at"/"SMTP:" have a meaning, so invalid UTF-8 passes through unchanged.
#include "parsers/ccm/address.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "parsers/ccm/field_chars.hpp"

namespace ccsalvage::ccm {
namespace {

using field_chars::ascii_lower;
using field_chars::is_blank;
using field_chars::trim;

// Trims blanks and commas at both ends: a leading comma is the DB8 empty last name, a trailing
// one a dangling separator. The raw text keeps them.
std::string_view strip_commas(std::string_view s) {
    while (!s.empty() && (s.front() == ',' || is_blank(s.front()))) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ',' || is_blank(s.back()))) s.remove_suffix(1);
    return s;
}

bool has_blank(std::string_view s) {
    for (char c : s) {
        if (is_blank(c)) return true;
    }
    return false;
}

bool starts_with_ci(std::string_view s, std::string_view prefix) {
    if (s.size() < prefix.size()) return false;
    for (std::size_t i = 0; i < prefix.size(); ++i) {
        if (ascii_lower(s[i]) != ascii_lower(prefix[i])) return false;
    }
    return true;
}

// Where the name ends and the post office begins around the word "at".
struct AtSplit {
    std::size_t name_end;
    std::size_t po_begin;
};

// The rightmost "at" (any case) with a blank or the text edge on both sides. The text "at"
// alone is a name, not a separator. Expects trimmed text.
std::optional<AtSplit> find_at(std::string_view s) {
    for (std::size_t end = s.size(); end >= 2; --end) {
        const std::size_t i = end - 2;
        if (ascii_lower(s[i]) != 'a' || ascii_lower(s[i + 1]) != 't') continue;
        const bool blank_before = i == 0 || is_blank(s[i - 1]);
        const bool blank_after = end == s.size() || is_blank(s[end]);
        if (!blank_before || !blank_after) continue;
        if (i == 0 && end == s.size()) continue;
        return AtSplit{i, end};
    }
    return std::nullopt;
}

bool has_at(std::string_view token) { return find_at(strip_commas(token)).has_value(); }

// "user@domain": one word with '@' inside it.
bool looks_internet(std::string_view name) {
    const std::size_t at = name.find('@');
    return at != std::string_view::npos && at != 0 && at + 1 != name.size() && !has_blank(name);
}

// True for a token that can only be the beginning of an address.
bool starts_new_address(std::string_view token) {
    if (!token.empty() && token.front() == ',') return true;
    const std::string_view s = strip_commas(token);
    if (!s.empty() && s.front() == '#') return true;
    std::size_t word_end = 0;
    while (word_end < s.size() && !is_blank(s[word_end])) ++word_end;
    return s.substr(0, word_end).find('@') != std::string_view::npos;
}

// A token that could be half of a "Last, First" name.
bool name_like(std::string_view token) {
    return token.find('@') == std::string_view::npos && token.find('[') == std::string_view::npos;
}

// The DB8 form "User [SMTP:user@domain]" (also "\"User; Test\" [SMTP:...]").
bool parse_smtp_bracket(std::string_view name, Address& out) {
    const std::size_t open = name.find('[');
    if (open == std::string_view::npos) return false;
    std::string_view inside = name.substr(open + 1);
    if (!starts_with_ci(inside, "SMTP:")) return false;
    inside.remove_prefix(5);
    const std::size_t close = inside.find(']');
    if (close != std::string_view::npos) inside = inside.substr(0, close);
    inside = trim(inside);
    if (inside.empty()) return false;
    std::string_view display = strip_commas(name.substr(0, open));
    if (display.size() >= 2 && display.front() == '"' && display.back() == '"') {
        display = trim(display.substr(1, display.size() - 2));
    }
    out.kind = AddressKind::internet;
    out.internet = std::string(inside);
    out.name = display.empty() ? out.internet : std::string(display);
    return true;
}

struct Token {
    std::size_t begin;
    std::size_t end;
};

class ListSplitter {
  public:
    explicit ListSplitter(std::string_view value) : value_(value) {}

    AddressList run() {
        for (const Token& token : tokenize()) {
            const std::string_view text = view(token, token);
            const bool fresh = starts_new_address(text);
            if (fresh) flush_pending();
            if (has_at(text)) {
                const Token first = pending_.empty() ? token : pending_.front();
                if (pending_.size() + 1 > 2) result_.ambiguous = true;
                emit(first, token);
                pending_.clear();
            } else if (fresh) {
                emit(token, token);
            } else {
                pending_.push_back(token);
            }
        }
        flush_pending();
        return std::move(result_);
    }

  private:
    std::vector<Token> tokenize() const {
        std::vector<Token> tokens;
        std::size_t start = 0;
        while (start <= value_.size()) {
            std::size_t cut = value_.find(", ", start);
            if (cut == std::string_view::npos) cut = value_.size();
            std::size_t b = start;
            std::size_t e = cut;
            while (b < e && is_blank(value_[b])) ++b;
            while (e > b && is_blank(value_[e - 1])) --e;
            if (!strip_commas(value_.substr(b, e - b)).empty()) tokens.push_back(Token{b, e});
            if (cut == value_.size()) break;
            start = cut + 2;
        }
        return tokens;
    }

    std::string_view view(const Token& first, const Token& last) const {
        return value_.substr(first.begin, last.end - first.begin);
    }

    void emit(const Token& first, const Token& last) {
        result_.addresses.push_back(parse_address(view(first, last)));
    }

    // Local names (no post office): grouped by guess, see the file comment.
    void flush_pending() {
        std::size_t i = 0;
        while (i < pending_.size()) {
            if (!name_like(view(pending_[i], pending_[i]))) {
                emit(pending_[i], pending_[i]);
                ++i;
                continue;
            }
            std::size_t j = i;
            while (j < pending_.size() && name_like(view(pending_[j], pending_[j]))) ++j;
            flush_names(i, j);
            i = j;
        }
        pending_.clear();
    }

    void flush_names(std::size_t begin, std::size_t end) {
        const std::size_t count = end - begin;
        if (count == 1) {
            emit(pending_[begin], pending_[begin]);
            return;
        }
        result_.ambiguous = true;
        if (count == 2) {
            const bool single_word = !has_blank(view(pending_[begin], pending_[begin])) ||
                                     !has_blank(view(pending_[begin + 1], pending_[begin + 1]));
            if (single_word) {
                emit(pending_[begin], pending_[begin + 1]);
            } else {
                emit(pending_[begin], pending_[begin]);
                emit(pending_[begin + 1], pending_[begin + 1]);
            }
            return;
        }
        if (count % 2 == 0) {
            for (std::size_t k = begin; k < end; k += 2) emit(pending_[k], pending_[k + 1]);
        } else {
            for (std::size_t k = begin; k < end; ++k) emit(pending_[k], pending_[k]);
        }
    }

    std::string_view value_;
    std::vector<Token> pending_;
    AddressList result_;
};

}  // namespace

Address parse_address(std::string_view one_address_utf8) {
    Address out;
    const std::string_view raw = trim(one_address_utf8);
    out.raw = std::string(raw);

    const std::string_view text = strip_commas(raw);
    std::string_view name = text;
    std::string_view post_office;
    if (const auto split = find_at(text)) {
        name = strip_commas(text.substr(0, split->name_end));
        post_office = strip_commas(text.substr(split->po_begin));
    }
    out.post_office = std::string(post_office);

    if (!name.empty() && name.front() == '#') {
        out.kind = AddressKind::bulletin_board;
        out.name = std::string(trim(name.substr(1)));
    } else if (parse_smtp_bracket(name, out)) {
        // kind, name and internet set.
    } else if (looks_internet(name)) {
        out.kind = AddressKind::internet;
        out.name = std::string(name);
        out.internet = out.name;
    } else {
        out.kind = post_office.empty() ? AddressKind::local_name : AddressKind::post_office_user;
        out.name = std::string(name);
    }
    return out;
}

AddressList parse_address_list(std::string_view value_utf8) {
    return ListSplitter(value_utf8).run();
}

}  // namespace ccsalvage::ccm
