import CLinux
import Glibc

/// Thin static wrappers over the socket system calls. Each throws `HTTPError.system` with the
/// errno captured right at the failing call.
package enum Socket {
    /// strerror's text; `capitalized: false` lowers its first letter ("address already in use")
    /// to sit inside a sentence.
    package static func describe(errno code: Int32, capitalized: Bool = true) -> String {
        guard let text = strerror(code) else { return "errno \(code)" }
        let message = String(cString: text)
        guard !capitalized, let first = message.first else { return message }
        return first.lowercased() + message.dropFirst()
    }

    /// Opens a non-blocking TCP listening socket on `host:port` with `SO_REUSEADDR`, and
    /// `SO_REUSEPORT` (unless `reusePort` is false) so that every event loop can have a socket of
    /// its own on the same port. Failures are `HTTPError.listen` (errno of the failing call) or
    /// `HTTPError.unresolvableHost`.
    package static func listen(host: String, port: UInt16, backlog: Int32, reusePort: Bool = true) throws(HTTPError) -> Int32 {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV
        var result: UnsafeMutablePointer<addrinfo>?
        let bare = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        let rc = getaddrinfo(bare, String(port), &hints, &result)
        guard rc == 0, let info = result else {
            throw .unresolvableHost(host, reason: String(cString: gai_strerror(rc)))
        }
        defer { freeaddrinfo(info) }
        let fd = socket(info.pointee.ai_family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        let address = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]:\(port)" : "\(host):\(port)"
        guard fd >= 0 else { throw .listen(address: address, call: "socket", errno: errno) }
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        if reusePort { setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, socklen_t(MemoryLayout<Int32>.size)) }
        guard bind(fd, info.pointee.ai_addr, info.pointee.ai_addrlen) == 0 else {
            let code = errno
            close(fd)
            throw .listen(address: address, call: "bind", errno: code)
        }
        guard Glibc.listen(fd, backlog) == 0 else {
            let code = errno
            close(fd)
            throw .listen(address: address, call: "listen", errno: code)
        }
        return fd
    }

    /// The port a bound socket got (for `listen` on port 0).
    package static func localPort(_ fd: Int32) throws(HTTPError) -> UInt16 {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let rc = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard rc == 0 else { throw .system(call: "getsockname", errno: errno) }
        switch Int32(storage.ss_family) {
        case AF_INET:
            return withUnsafePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { UInt16(bigEndian: $0.pointee.sin_port) }
            }
        default:
            return withUnsafePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { UInt16(bigEndian: $0.pointee.sin6_port) }
            }
        }
    }

    /// Accepts one connection as non-blocking, close-on-exec, with `TCP_NODELAY`.
    /// Returns nil when there is nothing more to accept (or on a transient error).
    package static func accept(_ listener: Int32, peer: UnsafeMutablePointer<sockaddr_storage>) -> Int32? {
        let fd = tessera_accept4(listener, peer)
        guard fd >= 0 else { return nil }
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        return fd
    }

    /// Raises the soft limit of open files to the hard limit so `max_connections` is reachable.
    package static func raiseFileLimit() {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return }
        if limit.rlim_cur < limit.rlim_max {
            limit.rlim_cur = limit.rlim_max
            _ = setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        }
    }
}
