#include "ccm_form.hpp"

#include <stdexcept>

#include "items.hpp"
#include "parsers/ccm/writer.hpp"

namespace ccsalvage::generator {

namespace {

ccm::Address address(std::string raw) {
    ccm::Address a;
    a.raw = std::move(raw);
    return a;
}

}  // namespace

CcmForm ccm_form(const World& world, const MessageSpec& spec) {
    CcmForm form;
    ccm::Message& m = form.message;
    m.from.push_back(address(world.address_of(spec.sender)));
    ccm::Date date;
    date.raw = ccm_date(spec.date);
    m.date = date;
    for (const auto& recipient : spec.recipients) {
        auto& list =
            recipient.role == Role::to ? m.to : (recipient.role == Role::cc ? m.cc : m.bcc);
        list.push_back(address(world.address_of(recipient)));
    }
    m.subject = spec.subject;
    m.receipt_requested = spec.receipt_requested;

    // Reserve first: the items hold views into these strings.
    form.data.reserve(spec.items.size());
    for (const auto& item : spec.items) {
        form.data.push_back(item_bytes(item));
        ccm::Item out;
        switch (item.kind) {
            case ItemKind::text:
                out.kind = ccm::ItemKind::text;
                out.title = item.title;
                break;
            case ItemKind::file:
                out.kind = ccm::ItemKind::file;
                out.file_name = item.title;
                out.file_stamp = file_stamp(item.file_time);
                break;
            case ItemKind::forwarded:
                // The keyword was never published (docs/formats/ccm.md 9); readers keep it as
                // an undocumented item with its bytes.
                out.kind = ccm::ItemKind::other;
                out.keyword = "Forwarded item";
                out.title = item.title;
                break;
        }
        out.data = form.data.back();
        m.items.push_back(std::move(out));
    }
    return form;
}

std::string ccm_bytes(const World& world, const MessageSpec& spec) {
    const CcmForm form = ccm_form(world, spec);
    ccm::WriteResult written = ccm::write_ccm_message(form.message);
    if (written.unmappable_characters != 0) {
        // Every generated text is CP850 by construction; anything else is a generator bug.
        throw std::logic_error("generator: message " + std::to_string(spec.id) +
                               " has text CP850 cannot hold");
    }
    return std::move(written.bytes);
}

}  // namespace ccsalvage::generator
