#ifndef KEXIE_CZLIB_SHIM_H
#define KEXIE_CZLIB_SHIM_H
#include <zlib.h>

/// `inflateInit2` is a macro in zlib.h; Swift cannot call macros, so wrap it.
static inline int kexie_inflateInit2(z_streamp stream, int windowBits) {
    return inflateInit2(stream, windowBits);
}
#endif
