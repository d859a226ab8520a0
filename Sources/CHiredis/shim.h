#ifndef TESSERA_CHIREDIS_SHIM_H
#define TESSERA_CHIREDIS_SHIM_H

// hiredis through its argv API only (redisCommandArgv / redisAppendCommandArgv); the variadic
// printf-style functions are never called from Swift.
#include <hiredis/hiredis.h>
#include <sys/time.h>
#include <poll.h>

// The context's error string (a char array in the struct, awkward from Swift).
static inline const char *tessera_redis_errstr(const redisContext *c) { return c->errstr; }
static inline int tessera_redis_err(const redisContext *c) { return c->err; }
static inline int tessera_redis_fd(const redisContext *c) { return c->fd; }

// Waits until the context's socket is readable or `timeout_ms` passes: 1 readable, 0 timeout, -1 error.
static inline int tessera_redis_poll_readable(const redisContext *c, int timeout_ms) {
    struct pollfd p = { .fd = c->fd, .events = POLLIN, .revents = 0 };
    int n = poll(&p, 1, timeout_ms);
    if (n > 0 && (p.revents & (POLLIN | POLLHUP | POLLERR))) return 1;
    return n;
}

#endif
