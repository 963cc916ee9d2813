#define _GNU_SOURCE
#include "CSandboxFS.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef SYS_openat2
#define SYS_openat2 437
#endif
#ifndef RESOLVE_NO_MAGICLINKS
#define RESOLVE_NO_MAGICLINKS 0x02
#endif
#ifndef RESOLVE_BENEATH
#define RESOLVE_BENEATH 0x08
#endif

struct mm_open_how {
    uint64_t flags;
    uint64_t mode;
    uint64_t resolve;
};

int mm_openat2_beneath(int dirfd, const char *path, int flags, unsigned int mode) {
    struct mm_open_how how;
    memset(&how, 0, sizeof how);
    how.flags = (uint64_t)(unsigned int)(flags | O_CLOEXEC);
    how.mode = ((flags & O_CREAT) || (flags & O_TMPFILE) == O_TMPFILE) ? mode : 0;
    how.resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS;
    long fd;
    int tries = 0;
    do {
        // EAGAIN: a concurrent rename moved something while `..` resolved; try again.
        fd = syscall(SYS_openat2, dirfd, path, &how, sizeof how);
    } while (fd < 0 && (errno == EINTR || errno == EAGAIN) && ++tries < 64);
    return (int)fd;
}

static int mm_openat2_state = -1;  // -1 unknown, 0 no, 1 yes

int mm_openat2_available(void) {
    int state = __atomic_load_n(&mm_openat2_state, __ATOMIC_RELAXED);
    if (state >= 0) return state;
    int fd = mm_openat2_beneath(AT_FDCWD, ".", O_PATH | O_DIRECTORY, 0);
    state = fd >= 0 ? 1 : (errno == ENOSYS || errno == EPERM || errno == EINVAL ? 0 : 1);
    if (fd >= 0) close(fd);
    __atomic_store_n(&mm_openat2_state, state, __ATOMIC_RELAXED);
    return state;
}
