#ifndef KEXIE_CSPAWN_H
#define KEXIE_CSPAWN_H

#include <fcntl.h>
#include <spawn.h>
#include <unistd.h>

#if defined(__linux__)
// glibc declares these two only under _GNU_SOURCE, which Swift's import of the C library does
// not define; the functions themselves are always there (addchdir since glibc 2.29).
extern int posix_spawn_file_actions_addchdir_np(posix_spawn_file_actions_t *restrict actions,
                                                const char *restrict path);
extern int pipe2(int fds[2], int flags);
#endif

/// Makes the child spawned with `actions` start in the folder `path`.
static inline int kexie_spawn_addchdir(posix_spawn_file_actions_t *actions, const char *path) {
    return posix_spawn_file_actions_addchdir_np(actions, path);
}

/// A pipe whose two ends are closed on exec from the start, so that no child spawned meanwhile
/// by another thread inherits them (`pipe` then `fcntl` would leave a window).
static inline int kexie_pipe_cloexec(int fds[2]) {
    return pipe2(fds, O_CLOEXEC);
}
#endif
