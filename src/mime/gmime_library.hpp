#pragma once
// GMime 3 (and the few GLib functions the composer calls), loaded when a message is first
// composed rather than when the program starts. Linking it would map GMime and the fourteen
// libraries it pulls in (GIO, GObject, GLib, GPGME, libmount, ...) and resolve their symbols in
// every run of every command, about 2.5 ms per start (docs/performance.md, "Start-up in two
// pieces"), while only `export` and `rescue` compose mail. The headers still declare every
// function, so each pointer below has the library's own signature and a wrong call does not
// compile.
#include <gmime/gmime.h>

namespace ccsalvage::mime {

// One list, so a function the composer starts to call is added in one place.
#define CCSALVAGE_GMIME_FUNCTIONS(X)         \
    X(g_mime_init)                           \
    X(g_mime_filter_best_new)                \
    X(g_mime_filter_reset)                   \
    X(g_mime_filter_complete)                \
    X(g_mime_filter_best_encoding)           \
    X(g_mime_encoding_init_encode)           \
    X(g_mime_encoding_outlen)                \
    X(g_mime_encoding_step)                  \
    X(g_mime_encoding_flush)                 \
    X(g_mime_utils_unstructured_header_fold) \
    X(g_mime_utils_header_encode_text)       \
    X(g_mime_utils_header_encode_phrase)     \
    X(g_object_unref)                        \
    X(g_free)                                \
    X(g_utf8_validate)                       \
    X(g_utf8_make_valid)

struct GMimeFunctions {
#define CCSALVAGE_GMIME_POINTER(name) decltype(&::name) name = nullptr;
    CCSALVAGE_GMIME_FUNCTIONS(CCSALVAGE_GMIME_POINTER)
#undef CCSALVAGE_GMIME_POINTER
};

// The functions, from the library loaded and initialised (g_mime_init) on the first call;
// thread-safe. Throws IoError naming the library when it cannot be loaded or lacks a function:
// the commands that do not compose mail still run on a machine without GMime.
const GMimeFunctions& gmime();

}  // namespace ccsalvage::mime
