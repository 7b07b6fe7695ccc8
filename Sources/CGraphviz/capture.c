#define _GNU_SOURCE
#include "CGraphviz.h"
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <fcntl.h>
#include <sys/stat.h>
#if defined(__linux__)
#include <sys/mman.h>
#endif

/* A file to hold what standard error receives for a while: an anonymous one where the system
 * has memfd_create, else an unlinked temporary file. -1 when neither can be made. */
static int kexie_capture_file(void) {
#if defined(__linux__) && defined(MFD_CLOEXEC)
    int fd = memfd_create("kexie-graphviz-stderr", MFD_CLOEXEC);
    if (fd >= 0) return fd;
#endif
    FILE *f = tmpfile();
    if (!f) return -1;
    int fd2 = dup(fileno(f));
    fclose(f);
    return fd2;
}

/* The bytes of `fd` from its start, NUL-terminated (malloc'd), or NULL when it is empty. */
static char *kexie_read_all(int fd) {
    off_t size = lseek(fd, 0, SEEK_END);
    if (size <= 0 || lseek(fd, 0, SEEK_SET) != 0) return NULL;
    char *text = malloc((size_t)size + 1);
    if (!text) return NULL;
    size_t got = 0;
    while (got < (size_t)size) {
        ssize_t n = read(fd, text + got, (size_t)size - got);
        if (n <= 0) break;
        got += (size_t)n;
    }
    text[got] = 0;
    return text;
}

int kexie_render_data(GVC_t *gvc, graph_t *g, const char *format, char **result, unsigned int *length, char **messages) {
    *messages = NULL;
    fflush(stderr);
    int capture = kexie_capture_file();
    int saved = capture >= 0 ? dup(STDERR_FILENO) : -1;
    if (saved < 0 || dup2(capture, STDERR_FILENO) < 0) {
        /* Cannot capture: render as before, messages (if any) go where standard error goes. */
        if (saved >= 0) close(saved);
        if (capture >= 0) close(capture);
        return gvRenderData(gvc, g, format, result, length);
    }
    int status = gvRenderData(gvc, g, format, result, length);
    fflush(stderr);
    dup2(saved, STDERR_FILENO);
    close(saved);
    *messages = kexie_read_all(capture);
    close(capture);
    return status;
}
