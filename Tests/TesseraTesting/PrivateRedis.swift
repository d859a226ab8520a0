import Foundation
import Glibc

/// A redis-server of the test's own on a free loopback port, to stop and start again under running
/// nodes (same port on restart). Its data lives in memory only: a restart empties it.
package final class PrivateRedis: @unchecked Sendable {
    // @unchecked: started, stopped and restarted by its test's one thread.
    package let port: Int32
    private var pid: pid_t?
    private let directory: TemporaryDirectory
    /// More redis-server arguments (e.g. `--requirepass`).
    private let extra: [String]

    package init(arguments extra: [String] = []) throws {
        directory = try TemporaryDirectory(prefix: "tessera-redis")
        port = try LoopbackPort.free()
        self.extra = extra
        try start()
    }

    package var url: String { "redis://127.0.0.1:\(port)/0" }

    package func start() throws {
        let binary = ["/usr/bin/redis-server", "/usr/local/bin/redis-server"].first { FileManager.default.isExecutableFile(atPath: $0) }
        guard let binary else { throw ServiceMissing("redis-server is not installed") }
        pid = try Spawn.start(
            binary, ["--bind", "127.0.0.1", "--port", String(port), "--save", "", "--appendonly", "no", "--dir", directory.url.path] + extra,
            environment: ProcessInfo.processInfo.environment, directory: directory.url.path,
            stdin: "/dev/null", stdout: directory.file("redis.log").path, stderr: directory.file("redis.err").path)
        guard eventually(timeout: 10, interval: 0.02, { LoopbackPort.accepts(port) }) else {
            throw ServiceMissing("private redis-server did not start on port \(port)")
        }
    }

    package func stop() {
        guard let pid else { return }
        _ = Spawn.kill(pid)
        self.pid = nil
    }

    deinit {
        stop()
        directory.remove()
    }
}
