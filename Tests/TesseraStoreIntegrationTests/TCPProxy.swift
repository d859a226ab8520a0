import Foundation
import Glibc

/// A loopback TCP relay to `upstreamPort` that a test can cut (every connection dropped, new ones
/// refused) and restore on the same port: PostgreSQL "going down" without stopping the shared server.
final class TCPProxy: @unchecked Sendable {
    let port: Int32
    private let upstreamPort: Int32
    private let lock = NSLock()
    private var listener: Int32 = -1
    private var sockets: Set<Int32> = []
    private var generation = 0
    private var stalled = false

    /// Stalled: bytes are taken in but not passed on, in either direction (a server that stopped
    /// answering without closing anything).
    var isStalled: Bool {
        get { lock.lock(); defer { lock.unlock() }; return stalled }
        set { lock.lock(); stalled = newValue; lock.unlock() }
    }

    init(upstreamPort: Int32) throws {
        self.upstreamPort = upstreamPort
        port = try PrivateRedis.freePort()
        try open()
    }

    func open() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = Self.address(port)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 128) == 0 else {
            close(fd)
            throw HarnessError.socket("proxy bind \(port): \(String(cString: strerror(errno)))")
        }
        lock.lock()
        listener = fd
        generation += 1
        lock.unlock()
        Thread.detachNewThread { [self] in acceptLoop(fd) }
    }

    /// Drops every relayed connection and stops accepting.
    func cut() {
        lock.lock()
        let all = sockets
        let fd = listener
        listener = -1
        lock.unlock()
        if fd >= 0 { shutdown(fd, Int32(SHUT_RDWR)); close(fd) }
        for socket in all { shutdown(socket, Int32(SHUT_RDWR)) }
    }

    deinit { cut() }

    private func acceptLoop(_ fd: Int32) {
        while true {
            let client = accept(fd, nil, nil)
            guard client >= 0 else { return }
            let upstream = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = Self.address(upstreamPort)
            let ok = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(upstream, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            lock.lock()
            let live = listener == fd
            if live && ok == 0 { sockets.insert(client); sockets.insert(upstream) }
            lock.unlock()
            guard live, ok == 0 else {
                close(client)
                close(upstream)
                continue
            }
            Thread.detachNewThread { [self] in pump(client, upstream) }
            Thread.detachNewThread { [self] in pump(upstream, client) }
        }
    }

    private func pump(_ from: Int32, _ to: Int32) {
        var buffer = [UInt8](repeating: 0, count: 16384)
        while true {
            let n = recv(from, &buffer, buffer.count, 0)
            if n <= 0 { break }
            while isStalled { usleep(5_000) }
            if send(to, buffer, n, Int32(MSG_NOSIGNAL)) != n { break }
        }
        shutdown(to, Int32(SHUT_RDWR))
        shutdown(from, Int32(SHUT_RDWR))
        lock.lock()
        let owned = sockets.remove(from) != nil
        lock.unlock()
        if owned { close(from) }
    }

    static func address(_ port: Int32) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return address
    }
}
