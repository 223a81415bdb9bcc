#pragma once
// The writers that put each message in a file of its own (EML, Maildir) and the ones that
// append messages to shared files (mbox, .ccm batches).
#include <memory>

#include "export/writer.hpp"

namespace ccsalvage::exporting {

std::unique_ptr<Writer> make_eml_writer(const ExportRequest& request, const OutputFolder& folder);
std::unique_ptr<Writer> make_maildir_writer(const ExportRequest& request,
                                            const OutputFolder& folder);
std::unique_ptr<Writer> make_mbox_writer(const ExportRequest& request, const OutputFolder& folder);
std::unique_ptr<Writer> make_ccm_writer(const ExportRequest& request, const OutputFolder& folder);

}  // namespace ccsalvage::exporting
