#pragma once
// The audit trail of stages that may run at the same time (rescue --jobs N), in stage order
// whatever order they finish in, so that the trail of a run on two threads has the same lines
// as one on one thread. Each stage records into its own slot. The first slot that has not
// finished writes through at once (flushed line by line as before, so a crash keeps it); a
// later slot's records wait until every slot before it has finished, then are written with the
// time they happened and the next sequence numbers. With one thread the stages run in order and
// every record is written at once, as before there were slots.
#include <cstddef>
#include <deque>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "case/case_folder.hpp"

namespace ccsalvage::casefolder {

class OrderedAudit {
  public:
    OrderedAudit(CaseFolder& folder, std::size_t slots);

    // Records one event of `slot` (safe from any thread). Throws IoError when it cannot be
    // written (only the writing slot's thread sees that).
    void record(std::size_t slot, std::string_view event,
                nlohmann::json fields = nlohmann::json::object());
    // The slot records nothing more; the records of the slots after it that waited are
    // written, up to the next slot that has not finished.
    void finish(std::size_t slot);
    // Writes every record still held, in slot order: for the end of a run in which some slots
    // never finished (a stage failed and the ones after it never started).
    void flush_all();

  private:
    struct Held {
        std::string event;
        nlohmann::json fields;
        std::string time;
    };
    struct Slot {
        std::deque<Held> held;
        bool finished = false;
    };
    void write_head();  // with mutex_ held

    CaseFolder& folder_;
    std::mutex mutex_;
    std::vector<Slot> slots_;
    std::size_t head_ = 0;  // the first slot that has not finished
};

// One stage's view of the ordered audit trail.
class AuditSlot {
  public:
    AuditSlot(OrderedAudit& audit, std::size_t slot) : audit_(&audit), slot_(slot) {}
    void record(std::string_view event, nlohmann::json fields = nlohmann::json::object()) const {
        audit_->record(slot_, event, std::move(fields));
    }

  private:
    OrderedAudit* audit_;
    std::size_t slot_;
};

}  // namespace ccsalvage::casefolder
