#ifndef CLAZYLIBS_H
#define CLAZYLIBS_H
#include <stddef.h>

/// Loads a lazily linked codec library now (e.g. to report a missing one as an error rather
/// than at its first call). 0 on success; -1 with a message in `error`.
int mm_lazy_load(const char *soname, char *error, size_t capacity);

/// Whether a lazily linked library has been loaded in this process.
int mm_lazy_is_loaded(const char *soname);

#endif
