#include "mime/header_encoding.hpp"

#include <gmime/gmime.h>

#include <cstring>
#include <memory>
#include <string>
#include <unordered_map>

#include "mime/gmime_library.hpp"
#include "mime/header_text.hpp"

namespace ccsalvage::mime {

namespace {

struct GFree {
    void operator()(char* text) const { gmime().g_free(text); }
};
using GChars = std::unique_ptr<char, GFree>;

bool is_blank(char c) { return c == ' ' || c == '\t'; }

// True when GMime's encoder would hand `text` back unchanged: printable ASCII, no blank at
// either end, no "=?" that could read as an encoded word, and no word so long that GMime
// would cut it into encoded words (GMime 3.2 does so from 78 characters on; 70 keeps a margin,
// and the unit tests compare this answer with GMime's around that length).
bool encodes_to_itself(std::string_view text) {
    if (text.empty()) return true;
    if (is_blank(text.front()) || is_blank(text.back())) return false;
    std::size_t word = 0;
    char previous = ' ';
    for (char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u > 0x7E) {
            if (c != '\t') return false;
        }
        if (previous == '=' && c == '?') return false;
        word = is_blank(c) ? 0 : word + 1;
        if (word > 70) return false;
        previous = c;
    }
    return true;
}

void append_folded(std::string& out, std::string& line) {
    // Short lines of plain text are already what GMime's folder would write. Lines with encoded
    // words go through it too: it writes their encoding letter in upper case ("?B?").
    if (line.size() <= kFoldLength && line.find("=?") == std::string::npos) {
        out += line;
        out += "\r\n";
        return;
    }
    const GChars folded(
        gmime().g_mime_utils_unstructured_header_fold(nullptr, nullptr, line.c_str()));
    if (folded == nullptr) {
        out += line;
        out += "\r\n";
        return;
    }
    append_lf_as_crlf(out, folded.get());
    if (!out.ends_with("\r\n")) out += "\r\n";
}

}  // namespace

void append_lf_as_crlf(std::string& out, std::string_view text) {
    std::size_t start = 0;
    for (auto lf = text.find('\n'); lf != std::string_view::npos; lf = text.find('\n', start)) {
        out.append(text.substr(start, lf - start));
        out += "\r\n";
        start = lf + 1;
    }
    out.append(text.substr(start));
}

std::string encode_unstructured(std::string_view utf8) {
    if (encodes_to_itself(utf8)) return std::string(utf8);
    const std::string text(utf8);
    const GChars encoded(gmime().g_mime_utils_header_encode_text(nullptr, text.c_str(), "utf-8"));
    return encoded == nullptr ? text : std::string(encoded.get());
}

std::string encode_phrase(std::string_view utf8) {
    const std::string text(utf8);
    const GChars encoded(gmime().g_mime_utils_header_encode_phrase(nullptr, text.c_str(), "utf-8"));
    return encoded == nullptr ? text : std::string(encoded.get());
}

namespace {

// Header text that needs GMime (non-ASCII, long) recurs from message to message: the original
// address lines of the same senders and recipients, the same attachment titles. The folded
// results are remembered per thread, bounded in count and bytes (then forgotten all at once,
// which changes only the speed).
class FoldedHeaders {
  public:
    const std::string* find(const std::string& key) const {
        const auto found = entries_.find(key);
        return found == entries_.end() ? nullptr : &found->second;
    }
    void remember(std::string key, std::string folded) {
        constexpr std::size_t kMaxEntries = 4096;
        constexpr std::size_t kMaxBytes = 1 << 20;
        constexpr std::size_t kMaxEntryBytes = 4096;  // long text rarely recurs
        if (key.size() + folded.size() > kMaxEntryBytes) return;
        if (entries_.size() >= kMaxEntries || bytes_ > kMaxBytes) {
            entries_.clear();
            bytes_ = 0;
        }
        bytes_ += key.size() + folded.size();
        entries_.emplace(std::move(key), std::move(folded));
    }

  private:
    std::unordered_map<std::string, std::string> entries_;
    std::size_t bytes_ = 0;
};

}  // namespace

void append_unstructured_header(std::string& out, std::string_view name, std::string_view utf8) {
    const std::string safe = header_safe(utf8);
    if (encodes_to_itself(safe) && name.size() + 2 + safe.size() <= kFoldLength) {
        out += name;
        out += ": ";
        out += safe;
        out += "\r\n";
        return;
    }
    thread_local FoldedHeaders remembered;
    std::string key = std::to_string(name.size()) + ":";
    key += name;
    key += safe;
    if (const std::string* folded = remembered.find(key)) {
        out += *folded;
        return;
    }
    std::string line;
    line.reserve(name.size() + 2 + safe.size());
    line += name;
    line += ": ";
    line += encode_unstructured(safe);
    std::string folded;
    append_folded(folded, line);
    out += folded;
    remembered.remember(std::move(key), std::move(folded));
}

void append_plain_header(std::string& out, std::string_view name, std::string_view value) {
    out += name;
    out += ": ";
    out += value;
    out += "\r\n";
}

namespace {

// A line break inside a header: a blank just written before the break is replaced by it (the
// continuation line starts with a tab instead).
void wrap(std::string& out, std::size_t& line_length) {
    if (out.ends_with(' ')) out.pop_back();
    out += "\r\n\t";
    line_length = 1;
}

// A phrase longer than a line, cut between its words (never inside a quoted string).
void append_folded_phrase(std::string& out, std::size_t& line_length, std::string_view phrase) {
    std::size_t at = 0;
    while (at < phrase.size()) {
        std::size_t end = at;
        if (phrase[at] == '"') {
            ++end;
            while (end < phrase.size() && phrase[end] != '"') {
                if (phrase[end] == '\\' && end + 1 < phrase.size()) ++end;
                ++end;
            }
            if (end < phrase.size()) ++end;  // the closing quote
        } else {
            while (end < phrase.size() && !is_blank(phrase[end])) ++end;
        }
        const std::size_t length = end - at;
        if (line_length > 1 && line_length + length > kFoldLength) wrap(out, line_length);
        out.append(phrase.substr(at, length));
        line_length += length;
        std::size_t next = end;
        while (next < phrase.size() && is_blank(phrase[next])) ++next;
        if (next < phrase.size() && end < phrase.size()) {
            out.push_back(' ');
            ++line_length;
        }
        at = next;
    }
}

void append_mailbox(std::string& out, std::size_t& line_length, const EncodedMailbox& mailbox) {
    const std::string& addr = mailbox.addr_spec;
    if (mailbox.phrase.empty()) {
        if (line_length + addr.size() > kFoldLength) wrap(out, line_length);
        out += addr;
        line_length += addr.size();
        return;
    }
    const std::string& phrase = mailbox.phrase;
    if (line_length + phrase.size() > kFoldLength) {
        if (phrase.size() > kFoldLength) {
            append_folded_phrase(out, line_length, phrase);
        } else {
            if (line_length > 1) wrap(out, line_length);
            out += phrase;
            line_length += phrase.size();
        }
    } else {
        out += phrase;
        line_length += phrase.size();
    }
    if (line_length + addr.size() + 3 >= kFoldLength) {
        out += "\r\n\t<";
        line_length = 2;
    } else {
        out += " <";
        line_length += 2;
    }
    out += addr;
    out += '>';
    line_length += addr.size() + 1;
}

}  // namespace

void append_mailbox_header(std::string& out, std::string_view name,
                           const std::vector<const EncodedMailbox*>& mailboxes) {
    if (mailboxes.empty()) return;
    out += name;
    out += ": ";
    std::size_t line_length = name.size() + 2;
    for (std::size_t i = 0; i < mailboxes.size(); ++i) {
        append_mailbox(out, line_length, *mailboxes[i]);
        if (i + 1 < mailboxes.size()) {
            out += ", ";
            line_length += 2;
        }
    }
    out += "\r\n";
}

}  // namespace ccsalvage::mime
