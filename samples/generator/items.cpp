#include "items.hpp"

#include <algorithm>
#include <cstring>
#include <initializer_list>

#include "core/sha256.hpp"
#include "parsers/ccm/writer.hpp"
#include "timestamp.hpp"
#include "words.hpp"

namespace ccsalvage::generator {

namespace {

void put16(std::string& s, std::size_t at, unsigned v) {
    s[at] = static_cast<char>(v & 0xFF);
    s[at + 1] = static_cast<char>((v >> 8) & 0xFF);
}

void put32(std::string& s, std::size_t at, std::uint64_t v) {
    for (unsigned i = 0; i < 4; ++i) s[at + i] = static_cast<char>((v >> (8 * i)) & 0xFF);
}

std::string bytes_of(std::initializer_list<unsigned> values) {
    std::string s;
    for (const unsigned v : values) s.push_back(static_cast<char>(v));
    return s;
}

// Plausible headers; only the signatures are the real ones (what carvers look for).
std::string format_header(FileType type, std::uint64_t seed, std::uint64_t size) {
    switch (type) {
        case FileType::wk4: {
            // Lotus 1-2-3 BOF record (type 0, length 26), then a small record stream start.
            std::string h = bytes_of({0x00, 0x00, 0x1A, 0x00, 0x02, 0x10, 0x04, 0x00});
            h.append(26, '\0');
            put16(h, 8, static_cast<unsigned>(seed & 0xFF));
            return h;
        }
        case FileType::doc: {
            // OLE2 compound file header sector: signature, versions, byte order, shifts, then
            // the DIFAT filled with FREESECT (FF).
            std::string h(512, '\0');
            const std::string sig = bytes_of({0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1});
            h.replace(0, sig.size(), sig);
            put16(h, 24, 0x3E);
            put16(h, 26, 0x03);
            put16(h, 28, 0xFFFE);
            put16(h, 30, 9);
            put16(h, 32, 6);
            put32(h, 44, 1 + size / (512 * 128));
            put32(h, 48, 1);
            put32(h, 56, 0x1000);
            put32(h, 60, 0xFFFFFFFE);
            for (std::size_t i = 76; i < h.size(); ++i) h[i] = static_cast<char>(0xFF);
            return h;
        }
        case FileType::pcx: {
            // ZSoft PCX v3.0, RLE, 8 bits, one plane.
            std::string h(128, '\0');
            h[0] = 0x0A;
            h[1] = 0x05;
            h[2] = 0x01;
            h[3] = 0x08;
            const unsigned width = 64 + static_cast<unsigned>(seed % 576);
            put16(h, 8, width - 1);
            put16(h, 10, 47 + static_cast<unsigned>((seed >> 16) % 432));
            put16(h, 12, 75);
            put16(h, 14, 75);
            h[65] = 1;
            put16(h, 66, width);
            put16(h, 68, 1);
            return h;
        }
        case FileType::zip: {
            // Local file header of a deflated member.
            std::string h = bytes_of({0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00, 0x08, 0x00});
            h.append(20, '\0');
            put16(h, 10, 0x4C2E);  // 9:33:28
            put16(h, 12, 0x2462);  // 3/2/98
            put32(h, 14, mix64(seed) & 0xFFFFFFFF);
            put32(h, 18, size > 64 ? size - 64 : 0);
            put32(h, 22, size * 3);
            put16(h, 26, 8);
            h += "DATA.DBF";
            return h;
        }
        case FileType::wpd: {
            // WordPerfect 5.1+ prefix: signature, document pointer, product and file type.
            std::string h = bytes_of({0xFF, 0x57, 0x50, 0x43, 0x10, 0x00, 0x00, 0x00, 0x01, 0x0A,
                                      0x00, 0x00, 0x00, 0x00, 0x00, 0x00});
            return h;
        }
        case FileType::none:
        case FileType::txt:
            break;
    }
    return {};
}

std::string format_trailer(FileType type) {
    if (type == FileType::zip) {
        // End of central directory record (empty directory: enough for a carver's signature).
        std::string t = bytes_of({0x50, 0x4B, 0x05, 0x06});
        t.append(18, '\0');
        return t;
    }
    return {};
}

bool has_zero_runs(FileType type) { return type == FileType::doc || type == FileType::wk4; }

bool is_text(const ItemSpec& spec) {
    return spec.kind == ItemKind::text ||
           (spec.kind == ItemKind::file && spec.file_type == FileType::txt);
}

// Copies the part of `piece` (placed at absolute offset `at`) that falls in [start, start + n).
void overlay(char* out, std::uint64_t start, std::size_t n, std::string_view piece,
             std::uint64_t at) {
    const std::uint64_t from = std::max(start, at);
    const std::uint64_t to = std::min(start + n, at + piece.size());
    if (from >= to) return;
    std::memcpy(out + (from - start), piece.data() + (from - at),
                static_cast<std::size_t>(to - from));
}

}  // namespace

ItemSource::ItemSource(const ItemSpec& spec) : spec_(spec), size_(spec.size) {
    if (spec.kind == ItemKind::forwarded) {
        prefix_ = forwarded_message_bytes(spec.seed);
        size_ = std::min<std::uint64_t>(size_, prefix_.size());
        return;
    }
    if (is_text(spec)) {
        text_rng_ = std::make_unique<Rng>(spec.seed);
        return;
    }
    prefix_ = format_header(spec.file_type, spec.seed, spec.size);
    suffix_ = format_trailer(spec.file_type);
    if (prefix_.size() + suffix_.size() > size_) suffix_.clear();
    if (spec.keyword_lookalike) {
        // A keyword line inside binary data, as in Q233054: exactly what a reader must not
        // take for structure when the item size is known.
        lookalike_ = (spec.seed & 1) != 0 ? "\r\nMessage:\r\n" : "\r\nText item:\r\n12\r\n";
        const std::uint64_t lo = prefix_.size();
        const std::uint64_t hi = size_ - suffix_.size();
        if (hi > lo + lookalike_.size()) {
            lookalike_at_ = lo + mix64(spec.seed ^ 0x51) % (hi - lo - lookalike_.size());
        } else {
            lookalike_.clear();
        }
    }
}

ItemSource::~ItemSource() = default;

std::size_t ItemSource::read(char* out, std::size_t n) {
    const std::uint64_t left = remaining();
    const std::size_t count = static_cast<std::size_t>(std::min<std::uint64_t>(left, n));
    if (count == 0) return 0;
    if (spec_.kind == ItemKind::forwarded) {
        std::memcpy(out, prefix_.data() + position_, count);
    } else if (text_rng_) {
        fill_text(out, count);
    } else {
        fill_binary(out, count);
    }
    position_ += count;
    return count;
}

void ItemSource::fill_binary(char* out, std::size_t n) {
    const std::uint64_t start = position_;
    // Counter mode: byte p is byte (p % 8) of mix64(seed, p / 8), taken by shifts so the
    // result does not depend on the machine's byte order.
    std::size_t i = 0;
    while (i < n) {
        const std::uint64_t p = start + i;
        const std::uint64_t word = mix64(spec_.seed ^ ((p / 8) * 0x9E3779B97F4A7C15ULL));
        for (auto k = static_cast<unsigned>(p % 8); k < 8 && i < n; ++k, ++i) {
            out[i] = static_cast<char>((word >> (8 * k)) & 0xFF);
        }
    }
    if (has_zero_runs(spec_.file_type)) {
        // Roughly a quarter of the 64-byte blocks are zero, like sparse spreadsheets and
        // word processor files.
        for (std::uint64_t block = start / 64; block * 64 < start + n; ++block) {
            if (mix64(spec_.seed + block * 0xA24BAED4963EE407ULL) % 4 != 0) continue;
            const std::uint64_t from = std::max(start, block * 64);
            const std::uint64_t to = std::min(start + n, block * 64 + 64);
            std::memset(out + (from - start), 0, static_cast<std::size_t>(to - from));
        }
    }
    overlay(out, start, n, prefix_, 0);
    if (!lookalike_.empty()) overlay(out, start, n, lookalike_, lookalike_at_);
    if (!suffix_.empty()) overlay(out, start, n, suffix_, size_ - suffix_.size());
}

void ItemSource::fill_text(char* out, std::size_t n) {
    std::size_t done = 0;
    while (done < n) {
        if (text_pending_pos_ == text_pending_.size()) {
            text_pending_.clear();
            text_pending_pos_ = 0;
            // Generate the next stretch: 4 KiB keeps the buffer small whatever the item size.
            // Stretch boundaries depend only on the item size, never on how callers read, so
            // the bytes are the same however they are fetched.
            const std::uint64_t want = std::min<std::uint64_t>(size_ - text_generated_, 4096);
            words::append_prose_cp850(*text_rng_, text_pending_, static_cast<std::size_t>(want));
            text_generated_ += want;
        }
        const std::size_t take = std::min(n - done, text_pending_.size() - text_pending_pos_);
        std::memcpy(out + done, text_pending_.data() + text_pending_pos_, take);
        text_pending_pos_ += take;
        done += take;
    }
}

void stream_item(const ItemSpec& spec, const std::function<void(std::string_view)>& sink,
                 std::size_t chunk) {
    ItemSource source(spec);
    std::string buffer(static_cast<std::size_t>(std::min<std::uint64_t>(chunk, spec.size)), '\0');
    while (source.remaining() > 0) {
        const std::size_t got = source.read(buffer.data(), buffer.size());
        sink(std::string_view(buffer.data(), got));
    }
}

std::string item_bytes(const ItemSpec& spec) {
    ItemSource source(spec);
    std::string bytes(static_cast<std::size_t>(source.remaining()), '\0');
    std::size_t done = 0;
    while (done < bytes.size()) done += source.read(bytes.data() + done, bytes.size() - done);
    return bytes;
}

std::string item_sha256(const ItemSpec& spec) {
    Sha256 hash;
    stream_item(spec, [&hash](std::string_view chunk) { hash.update(chunk); });
    return hash.hex_digest();
}

std::string forwarded_message_bytes(std::uint64_t seed) {
    Rng rng(seed);
    // An older message from someone at another site, as the forwarder received it.
    static const std::vector<std::string> sites = {"HQ", "BERLIN", "PARIS", "OSLO", "WIEN"};
    ccm::Message message;
    const auto address = [&](std::string name) {
        ccm::Address a;
        a.raw = std::move(name) + " at " + rng.pick(sites);
        return a;
    };
    message.from.push_back(address(words::person_name(rng)));
    message.to.push_back(address(words::person_name(rng)));
    ccm::Date date;
    date.raw = ccm_date(from_minutes(rng.between(0, 300 * 24 * 60)));
    message.date = date;
    message.subject = words::subject(rng);
    std::string body;
    words::append_prose_cp850(rng, body, static_cast<std::size_t>(rng.between(60, 1500)));
    ccm::Item item;
    item.kind = ccm::ItemKind::text;
    item.data = body;
    message.items.push_back(item);
    return ccm::write_ccm_message(message).bytes;
}

std::string_view file_extension(FileType type) {
    switch (type) {
        case FileType::wk4:
            return "WK4";
        case FileType::doc:
            return "DOC";
        case FileType::pcx:
            return "PCX";
        case FileType::zip:
            return "ZIP";
        case FileType::txt:
            return "TXT";
        case FileType::wpd:
            return "WPD";
        case FileType::none:
            break;
    }
    return "BIN";
}

}  // namespace ccsalvage::generator
