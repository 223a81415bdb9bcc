// The kind-specific parts of the CLANDATA and MLANDATA headers (6.1, 7.1).
#include "parsers/po/block.hpp"
#include "parsers/po/events.hpp"
#include "parsers/po/file_header.hpp"
#include "parsers/po/layout_file_header.hpp"
#include "parsers/po/read_steps.hpp"

namespace ccsalvage::po::detail {

namespace fh = layout::file_header;

namespace {

std::optional<CodePage> code_page_of(std::uint16_t value) {
    switch (value) {
        case 437:
            return CodePage::cp437;
        case 850:
            return CodePage::cp850;
        case 932:
            return CodePage::cp932;
        case 936:
            return CodePage::cp936;
        case 949:
            return CodePage::cp949;
        case 950:
            return CodePage::cp950;
        default:
            return std::nullopt;
    }
}

}  // namespace

void read_clandata_header(ReadContext& ctx, StoreFile& file, PostOffice& po) {
    ctx.code_page = ctx.options().fallback_code_page;
    if (file.header_source != HeaderSource::block0 && file.header_source != HeaderSource::copy)
        return;
    FieldMap map;
    po.clandata = decode_clandata_header(file.header_block, file.header_seed, map);
    const CommonHeader& c = po.clandata->common;
    ctx.generation = c.generation;
    if (const auto page = code_page_of(c.code_page)) {
        ctx.code_page = *page;
        ctx.code_page_known = true;
    } else {
        map.malformed_at(fh::kCodePage - 32, "code_page " + std::to_string(c.code_page) +
                                                 " unknown; text read as " +
                                                 std::string(code_page_name(ctx.code_page)));
    }
    if (c.date_order > 2) {
        map.malformed_at(fh::kDateOrder - 32,
                         "date_order " + std::to_string(c.date_order) + " unknown");
    }
    report_fields(ctx, file, single_block_record(file, file.header_seed), map, "CLANDATA header");
}

bool read_mlandata_header(ReadContext& ctx, StoreFile& file, PostOffice& po) {
    if (file.header_source != HeaderSource::block0 && file.header_source != HeaderSource::copy) {
        return true;  // nothing to compare; the census is all there is
    }
    FieldMap map;
    po.mlandata = decode_mlandata_header(file.header_block, file.header_seed, map);
    report_fields(ctx, file, single_block_record(file, file.header_seed), map, "MLANDATA header");
    if (!po.clandata) return true;
    const CommonHeader& mine = po.mlandata->common;
    const CommonHeader& clan = po.clandata->common;
    if (mine.po_id != clan.po_id) {
        ctx.report(events::foreign_file, file, fh::kPoId,
                   "po_id " + hex32(mine.po_id) + ", CLANDATA has " + hex32(clan.po_id) +
                       "; read as separate evidence");
        return false;
    }
    if (mine.generation != clan.generation) {
        ctx.report(events::foreign_file, file, fh::kGeneration,
                   "generation " + std::to_string(mine.generation) + ", CLANDATA has " +
                       std::to_string(clan.generation) + "; read as separate evidence");
        return false;
    }
    return true;
}

}  // namespace ccsalvage::po::detail
