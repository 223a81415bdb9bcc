#include "codepage.hpp"

#include <unicode/ucnv.h>
#include <unicode/ucnv_cb.h>
#include <unicode/ustring.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <memory>
#include <stdexcept>

namespace ccsalvage {

namespace {

struct PageInfo {
    CodePage page;
    std::string_view name;
    std::string_view icu;
};

// ICU names chosen to be unambiguous (windows-1252 is an ambiguous alias in ICU 72).
constexpr std::array<PageInfo, 7> kPages = {{
    {CodePage::cp850, "cp850", "ibm-850_P100-1995"},
    {CodePage::cp437, "cp437", "ibm-437_P100-1995"},
    {CodePage::cp1252, "cp1252", "ibm-5348_P100-1997"},
    {CodePage::cp932, "cp932", "ibm-943_P15A-2003"},
    {CodePage::cp936, "cp936", "windows-936-2000"},
    {CodePage::cp949, "cp949", "windows-949-2000"},
    {CodePage::cp950, "cp950", "windows-950-2000"},
}};

const PageInfo& info(CodePage page) {
    for (const auto& entry : kPages) {
        if (entry.page == page) return entry;
    }
    throw std::logic_error("unknown code page");
}

struct ConverterCloser {
    void operator()(UConverter* converter) const { ucnv_close(converter); }
};
using ConverterPtr = std::unique_ptr<UConverter, ConverterCloser>;

// Opening an ICU converter is costly; keep one per page per thread.
UConverter* converter_for(CodePage page) {
    thread_local std::array<ConverterPtr, kPages.size()> cache;
    auto& slot = cache[static_cast<std::size_t>(page)];
    if (!slot) {
        UErrorCode status = U_ZERO_ERROR;
        slot.reset(ucnv_open(std::string(info(page).icu).c_str(), &status));
        if (U_FAILURE(status) || !slot) {
            throw std::runtime_error("ICU cannot open converter " + std::string(info(page).icu));
        }
    }
    ucnv_reset(slot.get());
    return slot.get();
}

struct ToUnicodeContext {
    const char* base;
    std::vector<std::size_t>* offsets;
};

// Records where an unmapped or illegal sequence sat, then substitutes U+FFFD.
void record_and_substitute(const void* context, UConverterToUnicodeArgs* args,
                           const char* code_units, int32_t length, UConverterCallbackReason reason,
                           UErrorCode* status) {
    if (reason <= UCNV_IRREGULAR) {
        const auto* ctx = static_cast<const ToUnicodeContext*>(context);
        const auto position =
            static_cast<std::size_t>(args->source - ctx->base) - static_cast<std::size_t>(length);
        ctx->offsets->push_back(position);
    }
    (void)code_units;
    if (reason > UCNV_IRREGULAR) return;  // reset, close, clone: nothing to write
    // Always U+FFFD: DBCS converters would otherwise substitute their own control character.
    static constexpr UChar kReplacement = 0xFFFD;
    *status = U_ZERO_ERROR;
    ucnv_cbToUWriteUChars(args, &kReplacement, 1, 0, status);
}

}  // namespace

std::optional<CodePage> parse_code_page(std::string_view name) {
    std::string lower;
    for (char c : name)
        lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    for (std::string_view prefix : {"cp", "ibm", "ibm-", "windows-", "ms"}) {
        if (lower.starts_with(prefix) && lower.size() > prefix.size() &&
            std::isdigit(static_cast<unsigned char>(lower[prefix.size()]))) {
            lower.erase(0, prefix.size());
            break;
        }
    }
    for (const auto& entry : kPages) {
        if (entry.name.substr(2) == lower) return entry.page;
    }
    return std::nullopt;
}

std::string_view code_page_name(CodePage page) { return info(page).name; }
std::string_view icu_converter_name(CodePage page) { return info(page).icu; }

namespace {

DecodedText decode_with_icu(std::string_view bytes, CodePage page) {
    DecodedText result;
    if (bytes.empty()) return result;
    UConverter* converter = converter_for(page);
    ToUnicodeContext context{bytes.data(), &result.undecodable_offsets};
    UErrorCode status = U_ZERO_ERROR;
    ucnv_setToUCallBack(converter, record_and_substitute, &context, nullptr, nullptr, &status);

    // A byte decodes to at most two UTF-16 units in these pages.
    std::u16string utf16(bytes.size() * 2 + 2, u'\0');
    UChar* target = utf16.data();
    const char* source = bytes.data();
    ucnv_toUnicode(converter, &target, target + utf16.size(), &source, bytes.data() + bytes.size(),
                   nullptr, true, &status);
    if (U_FAILURE(status))
        throw std::runtime_error(std::string("ICU decode: ") + u_errorName(status));
    utf16.resize(static_cast<std::size_t>(target - utf16.data()));

    int32_t needed = 0;
    status = U_ZERO_ERROR;
    u_strToUTF8(nullptr, 0, &needed, utf16.data(), static_cast<int32_t>(utf16.size()), &status);
    result.utf8.resize(static_cast<std::size_t>(needed));
    status = U_ZERO_ERROR;
    u_strToUTF8(result.utf8.data(), needed, nullptr, utf16.data(),
                static_cast<int32_t>(utf16.size()), &status);
    if (U_FAILURE(status))
        throw std::runtime_error(std::string("ICU UTF-8: ") + u_errorName(status));
    return result;
}

bool is_single_byte(CodePage page) {
    return page == CodePage::cp850 || page == CodePage::cp437 || page == CodePage::cp1252;
}

// In a single-byte page every byte decodes on its own, whatever surrounds it: ICU is asked once
// per byte value (per page, per thread) and text is then decoded by table. Bytes ICU cannot map
// send the whole text through ICU, which records where they are.
struct ByteTable {
    std::array<std::string, 256> utf8;
    std::array<bool, 256> mapped{};
    std::array<bool, 256> itself{};  // decodes to the same ASCII character
};

const ByteTable& byte_table(CodePage page) {
    thread_local std::array<std::unique_ptr<ByteTable>, kPages.size()> tables;
    auto& slot = tables[static_cast<std::size_t>(page)];
    if (!slot) {
        slot = std::make_unique<ByteTable>();
        for (std::size_t value = 0; value < 256; ++value) {
            const char byte = static_cast<char>(value);
            DecodedText decoded = decode_with_icu(std::string_view(&byte, 1), page);
            slot->mapped[value] = decoded.undecodable_offsets.empty();
            slot->itself[value] = decoded.utf8.size() == 1 && decoded.utf8.front() == byte;
            slot->utf8[value] = std::move(decoded.utf8);
        }
    }
    return *slot;
}

}  // namespace

DecodedText decode_to_utf8(std::string_view bytes, CodePage page) {
    if (!is_single_byte(page)) return decode_with_icu(bytes, page);
    const ByteTable& table = byte_table(page);
    DecodedText result;
    result.utf8.reserve(bytes.size() + bytes.size() / 4);
    std::size_t i = 0;
    while (i < bytes.size()) {
        // Runs of bytes that stand for themselves (plain ASCII text) are copied in one go.
        std::size_t run = i;
        while (run < bytes.size() && table.itself[static_cast<unsigned char>(bytes[run])]) ++run;
        result.utf8.append(bytes.data() + i, run - i);
        if (run == bytes.size()) break;
        const auto value = static_cast<unsigned char>(bytes[run]);
        if (!table.mapped[value]) return decode_with_icu(bytes, page);
        result.utf8 += table.utf8[value];
        i = run + 1;
    }
    return result;
}

EncodedText encode_from_utf8(std::string_view utf8, CodePage page) {
    EncodedText result;
    if (utf8.empty()) return result;
    UConverter* converter = converter_for(page);
    // Walk code point by code point so an unmappable character can be located in the input.
    std::size_t i = 0;
    std::array<char, 8> out{};
    while (i < utf8.size()) {
        UChar32 cp = 0;
        const auto start = i;
        int32_t index = static_cast<int32_t>(i);
        U8_NEXT(reinterpret_cast<const uint8_t*>(utf8.data()), index,
                static_cast<int32_t>(utf8.size()), cp);
        i = static_cast<std::size_t>(index);
        UChar units[2];
        int32_t unit_count = 0;
        if (cp < 0) {
            cp = 0xFFFD;
        }
        U16_APPEND_UNSAFE(units, unit_count, cp);
        UErrorCode status = U_ZERO_ERROR;
        ucnv_setFromUCallBack(converter, UCNV_FROM_U_CALLBACK_STOP, nullptr, nullptr, nullptr,
                              &status);
        char* target = out.data();
        const UChar* source = units;
        ucnv_fromUnicode(converter, &target, out.data() + out.size(), &source, units + unit_count,
                         nullptr, true, &status);
        if (U_FAILURE(status) || cp == 0xFFFD) {
            result.unmappable_offsets.push_back(start);
            result.bytes.push_back('?');
            ucnv_reset(converter);
            continue;
        }
        result.bytes.append(out.data(), static_cast<std::size_t>(target - out.data()));
    }
    return result;
}

}  // namespace ccsalvage
