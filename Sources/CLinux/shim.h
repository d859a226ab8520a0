#ifndef TESSERA_CLINUX_SHIM_H
#define TESSERA_CLINUX_SHIM_H

// Linux-only system calls that Swift's Glibc module does not expose.
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/resource.h>

static inline int tessera_accept4(int fd) {
    return accept4(fd, 0, 0, SOCK_NONBLOCK | SOCK_CLOEXEC);
}

#endif
