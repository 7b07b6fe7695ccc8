#include "CGraphviz.h"
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

Agdesc_t kexie_directed_graph(void) { return Agdirected; }
Agdesc_t kexie_undirected_graph(void) { return Agundirected; }

/*
 * A memory discipline that allocates a graph's objects from one bump arena in a reserved
 * address range. cgraph orders subgraphs (clusters) by ID, and its default ID discipline uses
 * the address of the interned name: with malloc that order depends on the heap's history, so
 * two renders of the same diagram in one process could differ. In the arena, addresses grow
 * in creation order, so clusters keep the order they were created in, in every render.
 * Memory from mmap starts zeroed, as cgraph expects, and is returned whole on close.
 */
typedef struct { char *base; size_t used; size_t capacity; } kexie_arena;

static void *kexie_arena_open(Agdisc_t *disc) {
    (void)disc;
    kexie_arena *a = malloc(sizeof *a);
    if (!a) return NULL;
    a->capacity = (size_t)1 << 34; /* 16 GiB of address space, committed only when touched */
    a->base = mmap(NULL, a->capacity, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (a->base == MAP_FAILED) { free(a); return NULL; }
    a->used = 0;
    return a;
}

static void *kexie_arena_alloc(void *state, size_t request) {
    kexie_arena *a = state;
    size_t size = (request + 15) & ~(size_t)15;
    if (size > a->capacity - a->used) return NULL;
    void *p = a->base + a->used;
    a->used += size;
    return p;
}

static void *kexie_arena_resize(void *state, void *ptr, size_t old, size_t request) {
    void *p = kexie_arena_alloc(state, request);
    if (p && ptr) memcpy(p, ptr, old < request ? old : request);
    return p;
}

static void kexie_arena_free(void *state, void *ptr) { (void)state; (void)ptr; }

static void kexie_arena_close(void *state) {
    kexie_arena *a = state;
    munmap(a->base, a->capacity);
    free(a);
}

static Agmemdisc_t kexie_arena_memory = {
    kexie_arena_open, kexie_arena_alloc, kexie_arena_resize, kexie_arena_free, kexie_arena_close
};

/* Filled on first use; only ever read by cgraph, and every call runs under KexieRender's lock. */
static Agdisc_t kexie_arena_discipline;

Agdisc_t *kexie_discipline(void) {
    kexie_arena_discipline.mem = &kexie_arena_memory;
    kexie_arena_discipline.id = &AgIdDisc;
    kexie_arena_discipline.io = &AgIoDisc;
    return &kexie_arena_discipline;
}
