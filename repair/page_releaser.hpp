#pragma once
// Keeps the evidence's mapped pages from piling up in the resident set while the repair reads
// a large post office several times over (census, walks, item checks, the console scan, the
// writer's item reads). The post office reader works on plain views and has several passes, so
// releasing "behind" a single cursor (as the .ccm reader does) is not possible; instead a
// thread drops every mapped page of the given files every `period`. The mappings are read-only
// (PROT_READ, EvidenceFile): a dropped page is faulted back in from the page cache when next
// read, with the same bytes, so this changes residency and never content. What stays resident
// is what the process touched within one period.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

#include "core/evidence.hpp"

namespace ccsalvage::repair {

class PageReleaser {
  public:
    explicit PageReleaser(std::chrono::milliseconds period) : period_(period) {}
    PageReleaser(const PageReleaser&) = delete;
    PageReleaser& operator=(const PageReleaser&) = delete;
    ~PageReleaser();

    // Adds files to watch (they must outlive the releaser or be removed with forget()).
    void watch(const std::vector<EvidenceFile>& files);
    void forget(const std::vector<EvidenceFile>& files);
    void start();
    // Drops the pages of every watched file now.
    void release_all();

  private:
    void run();

    std::chrono::milliseconds period_;
    std::mutex mutex_;
    std::condition_variable wake_;
    std::vector<const EvidenceFile*> files_;
    bool stop_ = false;
    std::thread thread_;
};

}  // namespace ccsalvage::repair
