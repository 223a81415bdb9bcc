// Console output inside the post office files (KB Q179072): the format-independent scan of
// repair/scan finds the foreign bytes at their exact offsets; the model's layout then says
// which block, record and field they overwrote.
#include "repair/detector.hpp"
#include "repair/locate.hpp"
#include "repair/scan/text_scanner.hpp"

namespace ccsalvage::repair {

void detect_console_output(const DetectorInput& input, Findings& findings) {
    for (const auto& info : input.post_office.files) {
        if (!info.belongs || info.block_size == 0) continue;
        if (info.source_index >= input.source.files.size()) continue;
        const std::string_view bytes = input.source.files[info.source_index].bytes;
        scan::ScanOptions options;
        options.threads = 1;
        if (input.done_with) {
            options.done_with = [&input, index = info.source_index](std::uint64_t from,
                                                                    std::uint64_t to) {
                input.done_with(index, from, to);
            };
        }
        if (input.read) {
            options.read = [&input, index = info.source_index](std::uint64_t offset, char* into,
                                                               std::size_t size) {
                return input.read(index, offset, into, size);
            };
        }
        for (const auto& hit : scan::scan_text(bytes, options)) {
            const Located where = locate(bytes, info.kind, info.block_size, hit.offset, hit.length);
            Finding f;
            f.detector = "console-output";
            // The catalogue id the model gives plain text there (section 4.8).
            const bool in_text =
                where.structure == "message header" || where.structure == "directory entry";
            f.code = in_text && where.field != "slack" ? "PO-015" : "PO-014";
            f.file = info.name;
            f.offset = hit.offset;
            f.length = hit.length;
            f.block = where.block;
            f.structure = where.structure;
            f.field =
                where.last_field.empty() ? where.field : where.field + " .. " + where.last_field;
            f.key = where.key;
            f.detail = std::string(scan::to_string(hit.kind)) +
                       (hit.phrase_id.empty() ? "" : " (" + hit.phrase_id + ")") + ": \"" +
                       scan::printable_text(hit.bytes.substr(0, 80)) + "\"";
            findings.push_back(std::move(f));
        }
    }
}

}  // namespace ccsalvage::repair
