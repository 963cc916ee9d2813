// Runs a program once as a new process (stdout and stderr to /dev/null) and prints, on one line:
// wall-clock ns, peak RSS KiB (wait4's ru_maxrss), user+system CPU µs, and the wait status.
// minimedia-bench measures start-up through it because a process's ru_maxrss includes the
// high-water RSS of the address space it was exec'd from (fork's copy or vfork's share): exec'd
// from this small program, the floor is this program's ~1 MiB, not the benchmark's own heap.
// scripts/bench.sh builds it: cc -O2 scripts/cold-start.c -o .build/release/cold-start
#include <fcntl.h>
#include <stdio.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: cold-start PROGRAM [ARG...]\n");
        return 2;
    }
    int devnull = open("/dev/null", O_WRONLY);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    pid_t pid = fork();
    if (pid == 0) {
        dup2(devnull, 1);
        dup2(devnull, 2);
        execv(argv[1], argv + 1);
        _exit(127);
    }
    if (pid < 0) {
        perror("cold-start: fork");
        return 1;
    }
    int status = 0;
    struct rusage usage;
    while (wait4(pid, &status, 0, &usage) < 0) {}
    clock_gettime(CLOCK_MONOTONIC, &t1);
    long long wall = (t1.tv_sec - t0.tv_sec) * 1000000000LL + (t1.tv_nsec - t0.tv_nsec);
    long long cpu = (usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1000000LL + usage.ru_utime.tv_usec + usage.ru_stime.tv_usec;
    printf("%lld %ld %lld %d\n", wall, usage.ru_maxrss, cpu, status);
    return 0;
}
