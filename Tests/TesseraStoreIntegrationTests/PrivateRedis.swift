import Foundation
import Glibc
import TesseraTesting

/// A redis-server of the test's own on a free loopback port, for stopping and restarting under a
/// running client (the shared one of scripts/services is never stopped). Same port on restart.
final class PrivateRedis: @unchecked Sendable {
    let port: Int32
    private var pid: pid_t?
    private let directory: TemporaryDirectory

    private let extra: [String]

    init(arguments extra: [String] = []) throws {
        directory = try TemporaryDirectory(prefix: "tessera-redis")
        port = try Self.freePort()
        self.extra = extra
        try start()
    }

    var url: String { "redis://127.0.0.1:\(port)/0" }

    func start() throws {
        let binary = ["/usr/bin/redis-server", "/usr/local/bin/redis-server"].first { FileManager.default.isExecutableFile(atPath: $0) }
        guard let binary else { throw ServiceMissing("redis-server is not installed") }
        pid = try Spawn.start(
            binary,
            ["--bind", "127.0.0.1", "--port", String(port), "--save", "", "--appendonly", "no", "--dir", directory.url.path] + extra,
            environment: ProcessInfo.processInfo.environment, directory: directory.url.path,
            stdin: "/dev/null", stdout: directory.file("redis.log").path, stderr: directory.file("redis.err").path)
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            if Self.accepts(port: port) { return }
            usleep(20_000)
        }
        throw ServiceMissing("private redis-server did not start on port \(port)")
    }

    func stop() {
        guard let pid else { return }
        _ = Spawn.kill(pid)
        self.pid = nil
    }

    deinit {
        stop()
        directory.remove()
    }

    static func accepts(port: Int32) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        return withLoopbackAddress(port) { connect(fd, $0, $1) == 0 }
    }

    /// A free loopback port below the kernel's ephemeral range (32768-60999 on Linux), chosen at
    /// random and never handed out twice in one test run. The servers of these tests are stopped
    /// and started again on the same port; a port from the ephemeral range (what binding to 0
    /// gives) can meanwhile become the local port of any outgoing connection of the tests running
    /// beside them, and the restart then fails with EADDRINUSE.
    static func freePort() throws -> Int32 {
        for _ in 0..<200 {
            let port = Int32.random(in: 20_000..<28_000)
            guard PortRegistry.claim(port) else { continue }
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            defer { close(fd) }
            var one: Int32 = 1
            setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
            if withLoopbackAddress(port, { bind(fd, $0, $1) == 0 }) { return port }
        }
        throw ServiceMissing("no free port in 20000-27999")
    }
}

/// The ports this test process has handed out.
private enum PortRegistry {
    nonisolated(unsafe) private static var taken: Set<Int32> = []
    private static let lock = NSLock()

    static func claim(_ port: Int32) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        return taken.insert(port).inserted
    }
}

/// Calls `body` with 127.0.0.1:`port` as a `sockaddr` and its length (for bind and connect).
func withLoopbackAddress<R>(_ port: Int32, _ body: (UnsafePointer<sockaddr>, socklen_t) -> R) -> R {
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = in_port_t(UInt16(port).bigEndian)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    return withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
}
