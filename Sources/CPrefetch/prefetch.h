#ifndef KEXIE_CPREFETCH_H
#define KEXIE_CPREFETCH_H

/// Asks the processor to start loading the cache line at `address` for reading, without
/// waiting for it (Swift has no prefetch of its own). Used a row ahead of a hash-table probe
/// that would otherwise miss the cache.
static inline void kexie_prefetch(const void *address) {
    __builtin_prefetch(address, 0, 3);
}
#endif
