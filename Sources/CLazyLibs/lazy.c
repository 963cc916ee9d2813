// Loads a codec library on the first call of one of its functions (see
// scripts/gen-lazy-libs.py): dlopen by soname, then every slot of that library is bound at once.
#include "CLazyLibs.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern const int mm_lazy_symbol_count;
extern const int mm_lazy_library_count;
extern const char *const mm_lazy_libraries[];
extern const unsigned char mm_lazy_symbol_library[];
extern const char *const mm_lazy_symbol_names[];
extern void *mm_lazy_slots[];

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static void *handles[64];

/// Binds every slot of library `lib`; returns NULL and sets `error` when it cannot.
static void *load_locked(int lib, char *error, size_t capacity) {
    if (handles[lib]) return handles[lib];
    void *handle = dlopen(mm_lazy_libraries[lib], RTLD_NOW | RTLD_LOCAL);
    if (!handle) {
        if (error) snprintf(error, capacity, "cannot load %s: %s", mm_lazy_libraries[lib], dlerror());
        return NULL;
    }
    for (int i = 0; i < mm_lazy_symbol_count; i++) {
        if (mm_lazy_symbol_library[i] != lib) continue;
        void *p = dlsym(handle, mm_lazy_symbol_names[i]);
        if (!p) {
            if (error) snprintf(error, capacity, "%s has no %s", mm_lazy_libraries[lib], mm_lazy_symbol_names[i]);
            dlclose(handle);
            return NULL;
        }
        __atomic_store_n(&mm_lazy_slots[i], p, __ATOMIC_RELEASE);
    }
    handles[lib] = handle;
    return handle;
}

void *mm_lazy_resolve(int index) {
    pthread_mutex_lock(&lock);
    char error[512];
    if (!load_locked(mm_lazy_symbol_library[index], error, sizeof error)) {
        // A library the installation should have provided is missing: nothing can continue.
        fprintf(stderr, "minimedia: %s (run scripts/install-deps.sh)\n", error);
        abort();
    }
    pthread_mutex_unlock(&lock);
    return __atomic_load_n(&mm_lazy_slots[index], __ATOMIC_ACQUIRE);
}

int mm_lazy_load(const char *soname, char *error, size_t capacity) {
    for (int lib = 0; lib < mm_lazy_library_count; lib++) {
        if (strcmp(mm_lazy_libraries[lib], soname) != 0) continue;
        pthread_mutex_lock(&lock);
        void *handle = load_locked(lib, error, capacity);
        pthread_mutex_unlock(&lock);
        return handle ? 0 : -1;
    }
    if (error) snprintf(error, capacity, "%s is not loaded lazily", soname);
    return -1;
}

int mm_lazy_is_loaded(const char *soname) {
    for (int lib = 0; lib < mm_lazy_library_count; lib++) {
        if (strcmp(mm_lazy_libraries[lib], soname) == 0) return __atomic_load_n(&handles[lib], __ATOMIC_ACQUIRE) != NULL;
    }
    return 0;
}
