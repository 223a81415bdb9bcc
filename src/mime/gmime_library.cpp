#include "mime/gmime_library.hpp"

#include <dlfcn.h>
#include <fmt/format.h>

#include <string>

#include "core/errors.hpp"

namespace ccsalvage::mime {

namespace {

// GMime 3's run-time name (its ABI has been .so.0 since 3.0); the build checks the headers
// against the same major version through pkg-config.
constexpr const char* kLibrary = "libgmime-3.0.so.0";

std::string last_dl_error() {
    const char* error = dlerror();
    return error != nullptr ? error : "unknown error";
}

GMimeFunctions load() {
    // Never closed: GMime keeps global tables for the life of the process, as when linked.
    void* handle = dlopen(kLibrary, RTLD_NOW | RTLD_LOCAL);
    if (handle == nullptr) {
        throw IoError(
            fmt::format("composing mail needs GMime 3 ({}): {}", kLibrary, last_dl_error()));
    }
    GMimeFunctions functions;
    // dlsym on the handle also searches the libraries GMime depends on (GLib, GObject).
#define CCSALVAGE_GMIME_RESOLVE(name)                                                              \
    functions.name = reinterpret_cast<decltype(functions.name)>(dlsym(handle, #name));             \
    if (functions.name == nullptr) {                                                               \
        throw IoError(fmt::format("{} has no function {}: {}", kLibrary, #name, last_dl_error())); \
    }
    CCSALVAGE_GMIME_FUNCTIONS(CCSALVAGE_GMIME_RESOLVE)
#undef CCSALVAGE_GMIME_RESOLVE
    functions.g_mime_init();
    return functions;
}

}  // namespace

const GMimeFunctions& gmime() {
    static const GMimeFunctions functions = load();
    return functions;
}

}  // namespace ccsalvage::mime
