import Foundation
import Glibc

/// Loopback ports for servers that are stopped and started again on the same port.
package enum LoopbackPort {
    /// A free loopback port below the kernel's ephemeral range (32768-60999 on Linux), never handed
    /// out twice in one test process: a port from the ephemeral range can meanwhile become the local
    /// port of an outgoing connection, and a restart on it then fails with EADDRINUSE.
    package static func free() throws -> Int32 {
        for _ in 0..<200 {
            let port = Int32.random(in: 20_000..<28_000)
            guard claim(port) else { continue }
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
            defer { close(fd) }
            var one: Int32 = 1
            setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
            if withLoopbackAddress(port, { bind(fd, $0, $1) == 0 }) { return port }
        }
        throw HarnessError.unexpected("no free loopback port in 20000-27999")
    }

    /// Whether something accepts connections on 127.0.0.1:`port`.
    package static func accepts(_ port: Int32) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        defer { close(fd) }
        return withLoopbackAddress(port) { connect(fd, $0, $1) == 0 }
    }

    nonisolated(unsafe) private static var taken: Set<Int32> = []
    private static let lock = NSLock()

    private static func claim(_ port: Int32) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        return taken.insert(port).inserted
    }
}

/// Calls `body` with 127.0.0.1:`port` as a `sockaddr` and its length (for bind and connect).
package func withLoopbackAddress<R>(_ port: Int32, _ body: (UnsafePointer<sockaddr>, socklen_t) -> R) -> R {
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = in_port_t(UInt16(port).bigEndian)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    return withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
}
