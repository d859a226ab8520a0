#ifndef TESSERA_CLINUX_SHIM_H
#define TESSERA_CLINUX_SHIM_H

// Linux-only system calls that Swift's Glibc module does not expose.
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/resource.h>

static inline int tessera_accept4(int fd, struct sockaddr_storage *peer) {
    socklen_t length = sizeof(*peer);
    return accept4(fd, (struct sockaddr *)peer, &length, SOCK_NONBLOCK | SOCK_CLOEXEC);
}

// Relaxed atomic counters over plain memory, for metrics arrays that Swift's Atomic cannot
// express (it is non-copyable, so no arrays of it).
static inline void tessera_atomic_add(long *p, long v) { __atomic_fetch_add(p, v, __ATOMIC_RELAXED); }
static inline long tessera_atomic_load(const long *p) { return __atomic_load_n(p, __ATOMIC_RELAXED); }

// Which of TESSERA_COUNTER_SHARDS copies of a counter block this thread adds to: each thread
// takes the next index the first time it counts, so two I/O threads never bounce one cache line
// between cores on every request. (Static: each Swift module importing this has its own.)
#define TESSERA_COUNTER_SHARDS 8
static __thread long tessera_thread_shard = -1;
static long tessera_next_shard = 0;
static inline long tessera_counter_shard(void) {
    long shard = tessera_thread_shard;
    if (shard < 0) {
        shard = __atomic_fetch_add(&tessera_next_shard, 1, __ATOMIC_RELAXED) % TESSERA_COUNTER_SHARDS;
        tessera_thread_shard = shard;
    }
    return shard;
}

#endif
