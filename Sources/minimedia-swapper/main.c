// Test helper for the symlink-swap race (Tests/MiniHostTests/SymlinkRaceTests.swift): swaps a
// folder and a symbolic link to outside the sandbox as fast as it can, until killed, so that
// at any moment the name FOLDER is either the real folder or a link leading out.
// Usage: minimedia-swapper FOLDER LINK   (prints "ready" once swapping has started;
// MINIMEDIA_SWAPPER_SPIN=1: no pauses, no nice)
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sched.h>
#include <signal.h>
#include <unistd.h>

#ifndef RENAME_EXCHANGE
#define RENAME_EXCHANGE (1 << 1)
#endif

static int exchange(const char *a, const char *b) {
    return (int)syscall(SYS_renameat2, AT_FDCWD, a, AT_FDCWD, b, RENAME_EXCHANGE);
}

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: minimedia-swapper FOLDER LINK\n");
        return 2;
    }
    sigset_t all;  // a test runner's thread may have spawned us with signals blocked
    sigfillset(&all);
    sigprocmask(SIG_UNBLOCK, &all, NULL);
    const char *folder = argv[1], *link = argv[2];
    char spare[4096];
    snprintf(spare, sizeof spare, "%s.swap", folder);
    int pace = getenv("MINIMEDIA_SWAPPER_SPIN") == NULL;
    if (pace && nice(10) == -1) { /* best effort */ }
    int atomic = exchange(folder, link) == 0;
    if (!atomic && errno != EINVAL && errno != ENOSYS) {
        perror("renameat2");
        return 1;
    }
    printf("ready %s\n", atomic ? "exchange" : "rename");
    fflush(stdout);
    for (unsigned long n = 0;; n++) {
        if (atomic) {
            exchange(folder, link);
        } else {
            // Not atomic: for a moment FOLDER is missing, which only makes some accesses fail.
            rename(folder, spare);
            rename(link, folder);
            rename(spare, link);
        }
        // A swap every ~20 µs is far faster than any file operation, yet leaves the CPU to the
        // rest of a test suite running beside it.
        if (pace) usleep(20);
        else if ((n & 1023) == 0) sched_yield();
    }
}
