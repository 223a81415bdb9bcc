#pragma once
// Ownership and casts for GLib/GMime objects, shared by the composer units. Every object the
// composer creates is released by one of these holders.
#include <gmime/gmime.h>

#include <memory>

#include "mime/gmime_library.hpp"

namespace ccsalvage::mime {

struct GObjectUnref {
    void operator()(gpointer object) const {
        if (object != nullptr) gmime().g_object_unref(object);
    }
};
template <typename T>
using GObjectPtr = std::unique_ptr<T, GObjectUnref>;

// GObject "casts" without the C-style casts of the GLib macros: every GMime type starts with
// its parent type, so a pointer to the child is a pointer to the parent.
template <typename To, typename From>
To* as(From* object) {
    return reinterpret_cast<To*>(object);
}

}  // namespace ccsalvage::mime
