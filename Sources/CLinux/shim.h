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

#endif
