// Deliveries of one message's copies: records per post office by number, inbound queued files
// by name, folder entries with their record; what is not a second delivery stays delivery 0.
#include "flow/duplicates.hpp"

#include <gtest/gtest.h>

namespace ccsalvage::flow {
namespace {

// The text of the copies below, as the ledger's own pool holds it.
TextPool& text() {
    static TextPool pool;
    return pool;
}

Copy record(const std::string& office, std::uint32_t number, bool complete = true) {
    Copy c;
    c.kind = CopyKind::po_record;
    c.place = text().intern(office);
    c.message_number = number;
    c.complete = complete;
    return c;
}

Copy file(Queue queue, const std::string& name) {
    Copy c;
    c.kind = CopyKind::ccm;
    c.queue = queue;
    c.file = text().keep("Ccmcdata/" + std::string(to_string(queue)) + "/" + name);
    return c;
}

std::vector<std::size_t> delivery_of(const std::vector<Copy>& copies) {
    std::vector<const Copy*> pointers;
    for (const Copy& copy : copies) pointers.push_back(&copy);
    return delivery_of_copies(pointers);
}

TEST(Duplicates, LaterNumbersAndLaterNamesAreLaterDeliveries) {
    Copy entry;
    entry.kind = CopyKind::folder_entry;
    entry.place = "SALES1";
    entry.message_number = 1406;
    const std::vector<Copy> copies = {record("SALES1", 1406),
                                      record("SALES1", 1405),
                                      record("MUNICH", 2553),
                                      file(Queue::import_bak, "MSG2253.CCM"),
                                      file(Queue::import_bak, "MSG2252.CCM"),
                                      entry};
    EXPECT_EQ(delivery_of(copies), (std::vector<std::size_t>{1, 0, 0, 1, 0, 1}));
}

TEST(Duplicates, WhatIsNotASecondDelivery) {
    Copy recovered = record("SALES1", 1406);
    recovered.kind = CopyKind::po_recovered;
    const std::vector<Copy> copies = {record("SALES1", 1405),
                                      recovered,                      // an older copy
                                      record("SALES1", 1405),         // one record read twice
                                      record("SALES1", 1409, false),  // incomplete
                                      file(Queue::import, "MSG0005.CCM"),
                                      file(Queue::import_bak, "msg0005.ccm"),  // one file
                                      file(Queue::bad, "MSG0007.CCM"),
                                      file(Queue::bad, "MSG0008.CCM")};  // Bad repeats
    for (std::size_t d : delivery_of(copies)) EXPECT_EQ(d, 0U);
}

}  // namespace
}  // namespace ccsalvage::flow
