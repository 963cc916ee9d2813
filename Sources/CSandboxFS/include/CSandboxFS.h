#ifndef CSANDBOXFS_H
#define CSANDBOXFS_H

/// Kernel-enforced path resolution for the file sandbox (MiniStorage.BeneathResolver).
///
/// `mm_openat2_beneath` opens `path` relative to `dirfd` with openat2(2) and
/// RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS: the kernel refuses (EXDEV) any resolution that
/// would leave `dirfd` — through `..`, an absolute path or a symbolic link — even if the tree
/// changes while it resolves. Returns the descriptor, or -1 with errno set; errno ENOSYS means
/// the kernel (or a seccomp filter) has no openat2, and the caller walks components itself.
int mm_openat2_beneath(int dirfd, const char *path, int flags, unsigned int mode);

/// 1 if openat2 with RESOLVE_BENEATH works here, else 0 (probed once, then cached).
int mm_openat2_available(void);

/// O_PATH (Linux), which Glibc's Swift overlay does not export without _GNU_SOURCE.
#define MM_O_PATH 010000000

#endif
