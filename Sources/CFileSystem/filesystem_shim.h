#ifndef KEXIE_CFILESYSTEM_H
#define KEXIE_CFILESYSTEM_H

#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

#if defined(__linux__)
#include <sys/syscall.h>
#include <unistd.h>
#endif

/// Swaps the folders (or files) at `a` and `b` in one step: both names exist before and after,
/// so a reader sees the old entry or the new one, never neither. -1 with errno EINVAL or
/// ENOSYS where the filesystem or system cannot (callers then rename in two steps).
static inline int kexie_exchange(const char *a, const char *b) {
#if defined(__linux__)
    // renameat2 is declared only under _GNU_SOURCE, which Swift's import of glibc does not
    // define; the system call itself is always there (Linux 3.15).
    return (int)syscall(SYS_renameat2, AT_FDCWD, a, AT_FDCWD, b, 2 /* RENAME_EXCHANGE */);
#else
    (void)a; (void)b;
    errno = ENOSYS;
    return -1;
#endif
}

/// Reads raw entries of the open folder `fd` into `buffer` (struct linux_dirent64: d_ino at 0,
/// d_off at 8, d_reclen at 16, d_type at 18, the NUL-terminated name at 19). A system call
/// without allocation, so a signal handler may list a folder. 0 at the end, -1 on error
/// (ENOSYS outside Linux).
static inline long kexie_read_entries(int fd, void *buffer, size_t size) {
#if defined(__linux__)
    return syscall(SYS_getdents64, fd, buffer, size);
#else
    (void)fd; (void)buffer; (void)size;
    errno = ENOSYS;
    return -1;
#endif
}
#endif
