// ccsalvage: offline forensic repair and migration of damaged Lotus cc:Mail post offices.
// This file only wires the command line to the commands in ccsalvage_app.
#include <sys/resource.h>

#include "cli/app.hpp"

namespace {

// Every evidence file stays mapped for the run, and a mapping holds its file's descriptor: a
// connector store of thousands of files (11,000 in a generated 1 GiB case) passes the usual
// soft limit of 1,024 descriptors. The soft limit is raised to the hard limit the system
// allows, never beyond; when that is refused the run goes on and an open that fails names its
// file.
void raise_open_file_limit() {
    ::rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur >= limit.rlim_max) return;
    limit.rlim_cur = limit.rlim_max;
    (void)::setrlimit(RLIMIT_NOFILE, &limit);
}

}  // namespace

int main(int argc, char** argv) {
    raise_open_file_limit();
    return ccsalvage::cli::run(argc, argv);
}
