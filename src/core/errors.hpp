#pragma once
#include <stdexcept>
#include <string>

namespace ccsalvage {
// Raised when the operating system refuses an input or an output (missing file, no space,
// no rights). Damage inside evidence is never an exception: it is an Event.
class IoError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

// Raised when a caller asks for something the interface forbids (an output path that would
// leave the output folder, an unknown code page name from the command line).
class UsageError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};
}  // namespace ccsalvage
